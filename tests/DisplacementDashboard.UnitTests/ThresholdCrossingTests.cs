using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.UnitTests;

public class ThresholdCrossingTests
{
    private static Observation O(string date, string? time, long value) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), value);

    [Fact]
    public void Find_ReturnsFirstReportAtOrAboveAndTheHighestBefore()
    {
        var crossing = ThresholdCrossing.Find(
            [O("2023-09-27", "08:00", 42500), O("2023-09-26", "20:00", 28120), O("2023-09-26", null, 20270), O("2023-09-27", "12:00", 47115)],
            40000);

        Assert.NotNull(crossing);
        Assert.Equal(42500, crossing.FirstAtOrAbove.Value);
        Assert.Equal(28120, crossing.LastBelow!.Value.Value);
    }

    [Fact]
    public void Find_NeverReached_ReturnsNull()
    {
        Assert.Null(ThresholdCrossing.Find([O("2023-09-26", "20:00", 28120)], 40000));
    }
}
