using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>Builds the shelter page from figures; never adds marz rows from different snapshots.</summary>
public static class ShelterBuilder
{
    public static ShelterModel Build(IReadOnlyList<FigureRow> figures, string? snapshotKey)
    {
        var arrivals = figures
            .Where(f => f.MetricCode == WellKnown.CumulativeArrivals && f.LocationCode == WellKnown.Armenia && f.UnitCode == WellKnown.People)
            .Where(f => f.Qualifier == Qualifier.Exact && f.Date <= TimelineBuilder.DefaultTo)
            .OrderBy(f => f.SortKey).ToList();
        var accommodation = figures
            .Where(f => f.MetricCode == WellKnown.Accommodation && f.LocationCode == WellKnown.Armenia)
            .OrderBy(f => f.SortKey).ToList();
        var byMarz = figures.Where(f => f.MetricCode == WellKnown.AccommodationByMarz).ToList();
        var snapshots = byMarz
            .GroupBy(f => (f.Date, f.Time, f.SourceId))
            .Select(g => new MarzSnapshot(g.Key.Date, g.Key.Time, g.Key.SourceId, g.First().SourceTitle))
            .OrderBy(s => s.Date).ThenBy(s => s.Time)
            .ToList();

        var selected = snapshots.FirstOrDefault(s => s.Key == snapshotKey) ?? snapshots.LastOrDefault();
        MarzBreakdown? breakdown = null;
        if (selected is not null)
        {
            var rows = byMarz
                .Where(f => f.Date == selected.Date && f.Time == selected.Time && f.SourceId == selected.SourceId)
                .OrderByDescending(f => f.Value).ThenBy(f => f.LocationName, StringComparer.Ordinal)
                .ToList();
            var stated = accommodation.FirstOrDefault(f => f.Date == selected.Date && f.Time == selected.Time && f.SourceId == selected.SourceId);
            breakdown = new MarzBreakdown(selected, rows, rows.Sum(r => r.Value), stated);
        }

        return new ShelterModel(
            arrivals,
            accommodation,
            figures.Where(f => f.MetricCode == WellKnown.PlannedCapacity).OrderBy(f => f.SortKey).ToList(),
            snapshots,
            breakdown);
    }
}
