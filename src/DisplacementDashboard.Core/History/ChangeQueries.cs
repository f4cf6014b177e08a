using System.Globalization;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.History;

/// <summary>
/// One change to a figure for <c>/changes</c> and its Atom feed: a new figure (typed, imported or from a report), a
/// correction, a retraction, a restoration or a verification, with its reason (for a verification: what was checked)
/// and the figure as the change left it, by today's names.
/// </summary>
public sealed record ChangeRow(
    long RevisionId,
    int FigureId,
    int Number,
    RevisionKind Kind,
    DateTime AtUtc,
    string UserName,
    string? Reason,
    string MetricCode,
    string MetricName,
    string LocationName,
    string Date,
    string? Time,
    string ValueText,
    string? BeforeValueText,
    string SourceTitle)
{
    /// <summary>What happened, in words: "New figure", "Correction", "Retraction", "Restoration", "Verification".</summary>
    public string What => Kind switch
    {
        RevisionKind.Created => "New figure",
        RevisionKind.Imported when BeforeValueText is null => "New figure (imported)",
        RevisionKind.Imported => "Correction (imported)",
        RevisionKind.Corrected => "Correction",
        RevisionKind.Retracted => "Retraction",
        RevisionKind.Restored => "Restoration",
        RevisionKind.Verified => "Verification",
        _ => Kind.ToString(),
    };

    /// <summary>"Cumulative arrivals in Armenia, Armenia, 2023-09-27 08:00: 42,500 people".</summary>
    public string FigureText => $"{MetricName}, {LocationName}, {Date}{(Time is null ? "" : " " + Time)}: {ValueText}";
}

/// <summary>One page of changes, newest first, and how many there are in all.</summary>
public sealed record ChangeList(IReadOnlyList<ChangeRow> Rows, int Total, int Page, int PageSize)
{
    public int TotalPages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The latest changes to figures, from the revision history (public, as the history pages are; callers decide whether
/// to show staff names). The seed's own revisions are not changes and are left out.
/// </summary>
public sealed class ChangeQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    /// <summary>Changes on a page of <c>/changes</c> and in the feed.</summary>
    public const int PageSize = 50;

    /// <summary>Page <paramref name="page"/> (from 1) of the changes, newest first; numbers and values in <paramref name="culture"/>.</summary>
    public async Task<ChangeList> GetPageAsync(int page, IFormatProvider culture, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        // Every kind of figure revision but the seed's: created, imported, corrected, retracted, restored, verified.
        var changes = db.Revisions.AsNoTracking().Where(r => r.EntityType == RevisionLog.FigureType && r.Kind != RevisionKind.Seeded);
        var total = await changes.CountAsync(cancellationToken);
        var revisions = await changes.OrderByDescending(r => r.AtUtc).ThenByDescending(r => r.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var decoded = revisions.Select(r => (Revision: r,
            Before: r.OldValues is null ? null : RevisionLog.Read<FigureSnapshot>(r.OldValues),
            After: RevisionLog.Read<FigureSnapshot>(r.NewValues))).ToList();
        var names = decoded.Count == 0
            ? SnapshotNames.None
            : await HistoryQueries.NamesAsync(db, [.. decoded.SelectMany(d => d.Before is null ? new[] { d.After } : [d.Before, d.After])], cancellationToken);
        var rows = decoded.Select(d => new ChangeRow(
            d.Revision.Id,
            d.Revision.EntityId,
            d.Revision.Number,
            d.Revision.Kind,
            d.Revision.AtUtc,
            d.Revision.UserName,
            d.Revision.Reason,
            d.After.Metric,
            names.Metrics.GetValueOrDefault(d.After.Metric, d.After.Metric),
            names.Locations.GetValueOrDefault(d.After.Location, d.After.Location),
            d.After.Date,
            d.After.Time,
            ValueText(d.After, names, culture),
            d.Before is { } before && (before.Value != d.After.Value || before.Unit != d.After.Unit || before.Qualifier != d.After.Qualifier) ? ValueText(before, names, culture) : null,
            names.Sources.GetValueOrDefault(d.After.Source, d.After.Source))).ToList();
        return new ChangeList(rows, total, page, PageSize);
    }

    /// <summary>"at least 42,500 people", "USD 97,000,000": as the figures grid shows a value (<see cref="FigureFormat"/>).</summary>
    private static string ValueText(FigureSnapshot s, SnapshotNames names, IFormatProvider culture)
    {
        var qualifier = FigureCsv.ParseQualifier(s.Qualifier) ?? Qualifier.Exact;
        if (!names.Units.TryGetValue(s.Unit, out var known))
        {
            // Without the unit's decimals the stored number cannot be scaled; show it as stored.
            return FigureFormat.QualifierPrefix(qualifier) + s.Value.ToString(CultureInfo.InvariantCulture) + " " + s.Unit;
        }

        var unit = new Unit { Code = s.Unit, Name = known.Name, Kind = known.Kind, Decimals = known.Decimals };
        var number = FigureFormat.QualifierPrefix(qualifier) + ScaledValue.Format(s.Value, unit, culture);
        return known.Kind == UnitKind.Count ? number + " " + known.Name : number;
    }
}
