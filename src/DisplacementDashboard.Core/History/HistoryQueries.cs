using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.History;

/// <summary>One revision of a figure with its snapshots decoded.</summary>
public sealed record FigureRevisionRow(int Number, RevisionKind Kind, DateTime AtUtc, string UserName, string? Reason, FigureSnapshot? Before, FigureSnapshot After, string? ImportFile, string? ImportSha256);

/// <summary>Reads revision history (public: the record of changes is part of the provenance).</summary>
public sealed class HistoryQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    public async Task<IReadOnlyList<FigureRevisionRow>> GetFigureHistoryAsync(int figureId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Revisions.AsNoTracking()
            .Where(r => r.EntityType == RevisionLog.FigureType && r.EntityId == figureId)
            .OrderBy(r => r.Number)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FigureRevisionRow(
            r.Number,
            r.Kind,
            r.AtUtc,
            r.UserName,
            r.Reason,
            r.OldValues is null ? null : RevisionLog.Read<FigureSnapshot>(r.OldValues),
            RevisionLog.Read<FigureSnapshot>(r.NewValues),
            r.ImportFile,
            r.ImportSha256)).ToList();
    }
}
