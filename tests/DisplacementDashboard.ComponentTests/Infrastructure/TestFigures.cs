using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.ComponentTests.Infrastructure;

internal static class TestFigures
{
    public static FigureRow Row(int id, long value, Qualifier qualifier = Qualifier.Exact, string? url = "https://example.org/report") =>
        new(id, WellKnown.CumulativeArrivals, "Cumulative arrivals", MetricKind.Cumulative, "AM", "Armenia",
            new DateOnly(2023, 10, 4), new TimeOnly(16, 0), value, "people", "people", UnitKind.Count, 0, qualifier,
            id * 10, $"Government briefing {id}", "news.am", url, null);
}
