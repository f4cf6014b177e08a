using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Editing;

public sealed record MetricChoice(string Code, string Name, MetricKind Kind, IReadOnlyList<string> Units);

public sealed record SourceChoice(int Id, string Label);

/// <summary>Choices for the editing forms.</summary>
public sealed record FormLookups(IReadOnlyList<MetricChoice> Metrics, IReadOnlyList<Option> Locations, IReadOnlyList<Option> Units, IReadOnlyList<SourceChoice> Sources);

/// <summary>Loads the choices the figure, source and event forms offer.</summary>
public sealed class FormLookupQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    public async Task<FormLookups> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var locations = await db.Locations.AsNoTracking().OrderBy(l => l.Code).Select(l => new Option(l.Code, l.Name + " (" + l.Code + ")")).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).Select(u => new Option(u.Code, u.Name)).ToListAsync(cancellationToken);
        var sources = await db.Sources.AsNoTracking().OrderByDescending(s => s.Id).Select(s => new SourceChoice(s.Id, s.Key + " · " + s.Title)).ToListAsync(cancellationToken);
        return new FormLookups(metrics.Select(m => new MetricChoice(m.Code, m.Name, m.Kind, m.Units)).ToList(), locations, units, sources);
    }
}
