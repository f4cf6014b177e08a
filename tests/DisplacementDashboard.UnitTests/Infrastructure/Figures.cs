using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.UnitTests.Infrastructure;

/// <summary>Builds <see cref="FigureRow"/>s for tests with only the parts a test cares about.</summary>
internal static class Figures
{
    private static int _nextId = 1000;

    public static FigureRow Row(
        string metric,
        string date,
        long value,
        string? time = null,
        Qualifier qualifier = Qualifier.Exact,
        string location = WellKnown.Armenia,
        string unit = WellKnown.People,
        int sourceId = 1,
        MetricKind kind = MetricKind.Cumulative,
        UnitKind unitKind = UnitKind.Count,
        int decimals = 0) =>
        new(
            Interlocked.Increment(ref _nextId),
            metric,
            metric,
            kind,
            location,
            location,
            DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture),
            value,
            unit,
            unit,
            unitKind,
            decimals,
            qualifier,
            sourceId,
            $"Source {sourceId}",
            "Publisher",
            "https://example.org/" + sourceId,
            null);
}
