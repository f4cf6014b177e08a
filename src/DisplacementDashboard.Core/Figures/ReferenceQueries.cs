using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Figures;

/// <summary>A metric as the data dictionary shows it: what it measures, its units, and how many figures the store shows.</summary>
public sealed record ReferenceMetric(string Code, string Name, MetricKind Kind, IReadOnlyList<string> Units, string? Definition, int FigureCount, string? HxlHashtag = null, bool Retired = false);

/// <summary>A unit: count, percent or money (with its ISO 4217 currency), and the decimals a value may have.</summary>
public sealed record ReferenceUnit(string Code, string Name, UnitKind Kind, int Decimals, string? Currency = null, bool Retired = false);

/// <summary>A place and the place it lies in (Armenia &gt; marz &gt; community).</summary>
public sealed record ReferenceLocation(string Code, string Name, LocationLevel Level, string? Parent, string? PCode = null, bool Retired = false, string? NameHy = null, string? NameRu = null);

/// <summary>The codes a figure may use (metrics, units, places), for the API, the import page and its template.</summary>
public sealed class ReferenceQueries(IDbContextFactory<DashboardDbContext> contexts)
{
    /// <summary>
    /// Every metric; with <paramref name="withFigureCounts"/> (the API), the figures each shows, which reads the whole
    /// figures index: pages that only list the codes leave it out.
    /// </summary>
    public async Task<IReadOnlyList<ReferenceMetric>> GetMetricsAsync(bool withFigureCounts = true, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var metrics = await db.Metrics.AsNoTracking().OrderBy(m => m.Code).ToListAsync(cancellationToken);
        if (!withFigureCounts)
        {
            return metrics.Select(m => new ReferenceMetric(m.Code, m.Name, m.Kind, m.Units, m.Description, 0, m.HxlHashtag, m.RetiredAtUtc != null)).ToList();
        }

        var counts = await db.Figures.AsNoTracking().Where(f => !f.IsRetracted).GroupBy(f => f.MetricId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return metrics.Select(m => new ReferenceMetric(m.Code, m.Name, m.Kind, m.Units, m.Description, counts.GetValueOrDefault(m.Id), m.HxlHashtag, m.RetiredAtUtc != null)).ToList();
    }

    public async Task<IReadOnlyList<ReferenceUnit>> GetUnitsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Units.AsNoTracking().OrderBy(u => u.Code).Select(u => new ReferenceUnit(u.Code, u.Name, u.Kind, u.Decimals, u.Currency, u.RetiredAtUtc != null)).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ReferenceLocation>> GetLocationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Locations.AsNoTracking().OrderBy(l => l.Code)
            .Select(l => new ReferenceLocation(l.Code, l.Name, l.Level, l.Parent == null ? null : l.Parent.Code, l.PCode, l.RetiredAtUtc != null, l.NameHy, l.NameRu)).ToListAsync(cancellationToken);
    }
}
