using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

public sealed record MetricChoice(string Code, string Name, MetricKind Kind, IReadOnlyList<string> Units, string? HxlHashtag = null, bool Retired = false);

public sealed record SourceChoice(int Id, string Label);

/// <summary>
/// Choices for the editing forms. Retired metrics, places and units are listed (a figure that has one still shows it)
/// and named in the Retired sets: a form offers them only as a figure's current value.
/// </summary>
public sealed record FormLookups(IReadOnlyList<MetricChoice> Metrics, IReadOnlyList<Option> Locations, IReadOnlyList<Option> Units, IReadOnlyList<SourceChoice> Sources)
{
    public IReadOnlySet<string> RetiredLocations { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> RetiredUnits { get; init; } = new HashSet<string>();
}

/// <summary>Loads the choices the figure, source and event forms offer.</summary>
public sealed class FormLookupQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    public async Task<FormLookups> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var locationRows = await db.Locations.AsNoTracking().OrderBy(l => l.Code).Select(l => new { l.Code, l.Name, Retired = l.RetiredAtUtc != null }).ToListAsync(cancellationToken);
        var unitRows = await db.Units.AsNoTracking().OrderBy(u => u.Code).Select(u => new { u.Code, u.Name, Retired = u.RetiredAtUtc != null }).ToListAsync(cancellationToken);
        var locations = locationRows.Select(l => new Option(l.Code, l.Name + " (" + l.Code + ")" + (l.Retired ? " (retired)" : ""))).ToList();
        var units = unitRows.Select(u => new Option(u.Code, u.Name + (u.Retired ? " (retired)" : ""))).ToList();
        var sources = await db.Sources.AsNoTracking().OrderByDescending(s => s.Id).Select(s => new SourceChoice(s.Id, s.Key + " · " + s.Title)).ToListAsync(cancellationToken);
        return new FormLookups(
            metrics.Select(m => new MetricChoice(m.Code, m.Name + (m.RetiredAtUtc is null ? "" : " (retired)"), m.Kind, m.Units, m.HxlHashtag, m.RetiredAtUtc is not null)).ToList(), locations, units, sources)
        {
            RetiredLocations = locationRows.Where(l => l.Retired).Select(l => l.Code).ToHashSet(StringComparer.Ordinal),
            RetiredUnits = unitRows.Where(u => u.Retired).Select(u => u.Code).ToHashSet(StringComparer.Ordinal),
        };
    }
}
