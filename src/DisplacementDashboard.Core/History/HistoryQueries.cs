using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.History;

/// <summary>One revision of a figure with its snapshots decoded.</summary>
public sealed record FigureRevisionRow(int Number, RevisionKind Kind, DateTime AtUtc, string UserName, string? Reason, FigureSnapshot? Before, FigureSnapshot After, string? ImportFile, string? ImportSha256);

/// <summary>A figure's revisions, oldest first, with today's names for the codes and keys they recorded.</summary>
public sealed record FigureHistory(IReadOnlyList<FigureRevisionRow> Revisions, SnapshotNames Names);

/// <summary>Reads revision history (public: the record of changes is part of the provenance).</summary>
public sealed class HistoryQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    /// <summary>Every revision of figure <paramref name="figureId"/>; none when there is no such figure.</summary>
    public async Task<FigureHistory> GetFigureHistoryAsync(int figureId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The revisions and the four name look-ups, one connection.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var rows = (await db.Revisions.AsNoTracking()
            .Where(r => r.EntityType == RevisionLog.FigureType && r.EntityId == figureId)
            .OrderBy(r => r.Number)
            .ToListAsync(cancellationToken)).Select(r => new FigureRevisionRow(
            r.Number,
            r.Kind,
            r.AtUtc,
            r.UserName,
            r.Reason,
            r.OldValues is null ? null : RevisionLog.Read<FigureSnapshot>(r.OldValues),
            RevisionLog.Read<FigureSnapshot>(r.NewValues),
            r.ImportFile,
            r.ImportSha256)).ToList();
        return new FigureHistory(rows, rows.Count == 0 ? SnapshotNames.None : await NamesAsync(db, rows, cancellationToken));
    }

    private static Task<SnapshotNames> NamesAsync(DashboardDbContext db, IReadOnlyList<FigureRevisionRow> rows, CancellationToken cancellationToken) =>
        NamesAsync(db, rows.SelectMany(r => r.Before is null ? new[] { r.After } : [r.Before, r.After]).ToList(), cancellationToken);

    /// <summary>Today's names for every code and key the snapshots mention (codes are never renamed; names may be).</summary>
    internal static async Task<SnapshotNames> NamesAsync(DashboardDbContext db, IReadOnlyList<FigureSnapshot> snapshots, CancellationToken cancellationToken)
    {
        var metrics = snapshots.Select(s => s.Metric).Distinct(StringComparer.Ordinal).ToList();
        var locations = snapshots.Select(s => s.Location).Distinct(StringComparer.Ordinal).ToList();
        var units = snapshots.Select(s => s.Unit).Distinct(StringComparer.Ordinal).ToList();
        var sources = snapshots.Select(s => s.Source).Distinct(StringComparer.Ordinal).ToList();
        return new SnapshotNames(
            await db.Metrics.AsNoTracking().Where(m => metrics.Contains(m.Code)).ToDictionaryAsync(m => m.Code, m => m.Name, StringComparer.Ordinal, cancellationToken),
            await db.Locations.AsNoTracking().Where(l => locations.Contains(l.Code)).ToDictionaryAsync(l => l.Code, l => l.Name, StringComparer.Ordinal, cancellationToken),
            await db.Units.AsNoTracking().Where(u => units.Contains(u.Code))
                .ToDictionaryAsync(u => u.Code, u => new SnapshotUnit(u.Name, u.Kind, u.Decimals), StringComparer.Ordinal, cancellationToken),
            await db.Sources.AsNoTracking().Where(s => sources.Contains(s.Key)).ToDictionaryAsync(s => s.Key, s => s.Title, StringComparer.Ordinal, cancellationToken));
    }
}
