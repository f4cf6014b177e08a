using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>A metric the extractor may propose: its code, name (matched in the text too) and allowed units.</summary>
public sealed record VocabularyMetric(string Code, string Name, MetricKind Kind, IReadOnlyList<string> Units);

/// <summary>A place the extractor may propose; <see cref="ParentCode"/> decides which metrics may use it.</summary>
public sealed record VocabularyLocation(string Code, string Name, string? ParentCode, LocationLevel Level);

/// <summary>A unit the extractor may propose.</summary>
public sealed record VocabularyUnit(string Code, UnitKind Kind);

/// <summary>
/// The store's codes the extractor proposes from: only metrics, places and units listed here come out of it, so a
/// candidate always names codes the store knows. Synonyms and spellings live in <see cref="MetricCues"/> and
/// <see cref="PlaceNames"/>; a metric with no cues there is still found by its name.
/// </summary>
public sealed class ExtractionVocabulary
{
    public ExtractionVocabulary(
        IEnumerable<VocabularyMetric> metrics,
        IEnumerable<VocabularyLocation> locations,
        IEnumerable<VocabularyUnit> units,
        DateOnly? earliestReferenceDate = null)
    {
        Metrics = metrics.ToDictionary(m => m.Code, StringComparer.Ordinal);
        Locations = locations.ToDictionary(l => l.Code, StringComparer.Ordinal);
        Units = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        EarliestReferenceDate = earliestReferenceDate;
    }

    public IReadOnlyDictionary<string, VocabularyMetric> Metrics { get; }

    public IReadOnlyDictionary<string, VocabularyLocation> Locations { get; }

    public IReadOnlyDictionary<string, VocabularyUnit> Units { get; }

    /// <summary>Figures whose text dates them all before this (the 1988-1994 war's toll) are history, not candidates.</summary>
    public DateOnly? EarliestReferenceDate { get; }

    /// <summary>True when <paramref name="code"/> is <paramref name="ancestor"/> or lies inside it.</summary>
    public bool IsWithin(string code, string ancestor)
    {
        for (var current = code; current is not null; current = Locations.TryGetValue(current, out var l) ? l.ParentCode : null)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The seed's reference data (data/seed), for the command line without a store and for tests.</summary>
    public static ExtractionVocabulary FromSeed(SeedData seed, DateOnly? earliestReferenceDate = null) => new(
        seed.Metrics.Select(m => new VocabularyMetric(m.Code, m.Name, m.Kind, m.Units)),
        seed.Locations.Select(l => new VocabularyLocation(l.Code, l.Name, l.ParentCode, l.Level)),
        seed.Units.Select(u => new VocabularyUnit(u.Code, u.Kind)),
        earliestReferenceDate);

    /// <summary>The store's reference data, or null when the store holds no metrics yet.</summary>
    public static async Task<ExtractionVocabulary?> FromStoreAsync(DashboardDbContext db, DateOnly? earliestReferenceDate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var metrics = await db.Metrics.AsNoTracking().Select(m => new VocabularyMetric(m.Code, m.Name, m.Kind, m.Units)).ToListAsync(cancellationToken);
        if (metrics.Count == 0)
        {
            return null;
        }

        var locations = await db.Locations.AsNoTracking()
            .Select(l => new VocabularyLocation(l.Code, l.Name, l.Parent == null ? null : l.Parent.Code, l.Level)).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Select(u => new VocabularyUnit(u.Code, u.Kind)).ToListAsync(cancellationToken);
        return new ExtractionVocabulary(metrics, locations, units, earliestReferenceDate);
    }
}
