using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>Builds the timeline from figures and events: points per report, derived daily arrivals, the 40,000 crossing.</summary>
public static class TimelineBuilder
{
    /// <summary>The exodus weeks, shown unless the URL asks for another window.</summary>
    public static readonly DateOnly DefaultFrom = new(2023, 9, 15);

    public static readonly DateOnly DefaultTo = new(2023, 10, 15);

    public static TimelineModel Build(IReadOnlyList<FigureRow> figures, IReadOnlyList<EventRow> events, DateOnly from, DateOnly to)
    {
        var cumulativeAll = figures
            .Where(f => f.MetricCode == WellKnown.CumulativeArrivals && f.LocationCode == WellKnown.Armenia && f.UnitCode == WellKnown.People)
            .OrderBy(f => f.SortKey).ThenBy(f => f.Id)
            .ToList();

        // Differences are taken between exact totals only: rounded or "more than" values are plotted, not differenced.
        var exact = cumulativeAll.Where(f => f.Qualifier == Qualifier.Exact).Select(f => new Observation(f.Date, f.Time, f.Value)).ToList();
        var daily = DailyFlowCalculator.Derive(exact, firstDayStartsFromZero: true)
            .Where(d => d.Date >= from && d.Date <= to)
            .ToList();
        var crossing = ThresholdCrossing.Find(exact, WellKnown.PreparationLevel);

        var inWindow = cumulativeAll.Where(f => f.Date >= from && f.Date <= to).ToList();
        return new TimelineModel(
            from,
            to,
            inWindow,
            daily,
            figures.Where(f => f.MetricCode == WellKnown.ArrivalsOnDay && f.Date >= from && f.Date <= to).OrderBy(f => f.SortKey).ToList(),
            crossing,
            figures.Where(f => f.MetricCode == WellKnown.PlannedCapacity).OrderBy(f => f.SortKey).ToList(),
            events.Where(e => e.Date <= to).ToList(),
            ConflictDetector.Find(inWindow));
    }
}
