using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Editing;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Csv;

/// <summary>A source as a figure row refers to it: by key, with the provenance the file may repeat.</summary>
public sealed record SourceReference(string Key, string Title, string Publisher, string? Url, DateOnly? Published);

/// <summary>
/// The codes a figure file may use (units and their decimals, metrics and their units, locations, sources),
/// from the seed files or from the store, so both are checked by the same rules.
/// </summary>
public sealed class CsvReferenceData
{
    /// <summary>Unit code to its number of decimals.</summary>
    public required IReadOnlyDictionary<string, int> UnitDecimals { get; init; }

    /// <summary>Metric code to the unit codes it allows.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> MetricUnits { get; init; }

    public required IReadOnlySet<string> Locations { get; init; }

    /// <summary>Retired metric, unit and place codes: a new figure (no figure_id) may not use them; stored ones keep them.</summary>
    public IReadOnlySet<string> RetiredMetrics { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> RetiredUnits { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> RetiredLocations { get; init; } = new HashSet<string>();

    /// <summary>Source key to the source.</summary>
    public required IReadOnlyDictionary<string, SourceReference> Sources { get; init; }

    /// <summary>
    /// The accepted reference dates (<see cref="ReferenceDates"/>); null only where no range applies (a file read to
    /// measure the parser). A figure is never accepted for a day after its source's publication, with or without it.
    /// </summary>
    public ReferenceDates? Dates { get; init; }

    /// <summary>Where the codes come from, for messages ("the store", "sources.csv").</summary>
    public string Origin { get; init; } = "the store";

    /// <summary>Reads the reference tables of the store (a few hundred rows at most).</summary>
    public static async Task<CsvReferenceData> LoadAsync(DashboardDbContext db, ReferenceDates? dates = null, CancellationToken cancellationToken = default)
    {
        var unitRows = await db.Units.AsNoTracking().Select(u => new { u.Code, u.Decimals, Retired = u.RetiredAtUtc != null }).ToListAsync(cancellationToken);
        var units = unitRows.ToDictionary(u => u.Code, u => u.Decimals, StringComparer.Ordinal);
        var metrics = await db.Metrics.AsNoTracking().Select(m => new { m.Code, m.Units, Retired = m.RetiredAtUtc != null }).ToListAsync(cancellationToken);
        var locationRows = await db.Locations.AsNoTracking().Select(l => new { l.Code, Retired = l.RetiredAtUtc != null }).ToListAsync(cancellationToken);
        var locations = locationRows.Select(l => l.Code).ToList();
        var sources = await db.Sources.AsNoTracking()
            .Select(s => new SourceReference(s.Key, s.Title, s.Publisher, s.Url, s.Published))
            .ToListAsync(cancellationToken);
        return new CsvReferenceData
        {
            UnitDecimals = units,
            MetricUnits = metrics.ToDictionary(m => m.Code, m => (IReadOnlyList<string>)m.Units, StringComparer.Ordinal),
            Locations = locations.ToHashSet(StringComparer.Ordinal),
            RetiredMetrics = metrics.Where(m => m.Retired).Select(m => m.Code).ToHashSet(StringComparer.Ordinal),
            RetiredUnits = unitRows.Where(u => u.Retired).Select(u => u.Code).ToHashSet(StringComparer.Ordinal),
            RetiredLocations = locationRows.Where(l => l.Retired).Select(l => l.Code).ToHashSet(StringComparer.Ordinal),
            Sources = sources.ToDictionary(s => s.Key, StringComparer.Ordinal),
            Dates = dates,
        };
    }
}
