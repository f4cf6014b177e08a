using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.UnitTests;

public class DailyFlowCalculatorTests
{
    private static Observation O(string date, string? time, long value) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), value);

    [Fact]
    public void Derive_UnevenReportTimes_UsesEachDaysHighestTotal()
    {
        var flows = DailyFlowCalculator.Derive(
            [O("2023-09-24", "18:00", 377), O("2023-09-24", "22:00", 1050), O("2023-09-25", "00:00", 1510), O("2023-09-25", "17:00", 6650), O("2023-09-25", null, 5000)],
            firstDayStartsFromZero: true);

        Assert.Equal(2, flows.Count);
        Assert.Equal(1050, flows[0].Flow);
        Assert.Equal(DailyFlowStatus.FirstDay, flows[0].Status);
        Assert.Equal(6650, flows[1].Level);
        Assert.Equal(6650 - 1050, flows[1].Flow);
        Assert.Equal(DailyFlowStatus.Derived, flows[1].Status);
    }

    [Fact]
    public void Derive_MissingDay_LeavesGapsNotZeros()
    {
        var flows = DailyFlowCalculator.Derive([O("2023-10-01", null, 100490), O("2023-10-04", null, 100632), O("2023-10-05", null, 100640)], firstDayStartsFromZero: false);

        Assert.Equal(5, flows.Count);
        Assert.Equal(DailyFlowStatus.NoPreviousDay, flows[0].Status);
        Assert.Null(flows[0].Flow);
        Assert.All(flows.Skip(1).Take(2), d =>
        {
            Assert.Equal(DailyFlowStatus.NoReport, d.Status);
            Assert.Null(d.Flow);
            Assert.Null(d.Level);
        });
        Assert.Equal(DailyFlowStatus.NoPreviousDay, flows[3].Status);
        Assert.Null(flows[3].Flow);
        Assert.Equal(8, flows[4].Flow);
    }

    [Fact]
    public void Derive_LowerLaterValue_IsFlaggedAndNextDayMeasuredFromTheHighest()
    {
        var flows = DailyFlowCalculator.Derive([O("2023-09-26", null, 28120), O("2023-09-27", null, 27000), O("2023-09-28", null, 30000)], firstDayStartsFromZero: false);

        Assert.Equal(DailyFlowStatus.Decrease, flows[1].Status);
        Assert.Null(flows[1].Flow);
        Assert.Equal(28120, flows[1].PreviousLevel);
        Assert.Equal(30000 - 28120, flows[2].Flow);
        Assert.DoesNotContain(flows, d => d.Flow < 0);
    }

    [Fact]
    public void Derive_NoObservations_ReturnsEmpty()
    {
        Assert.Empty(DailyFlowCalculator.Derive([], firstDayStartsFromZero: true));
    }

    [Fact]
    public void Derive_FirstDayNotFromZero_HasNoFlow()
    {
        var flows = DailyFlowCalculator.Derive([O("2023-09-24", "18:00", 377), O("2023-09-25", null, 6650)], firstDayStartsFromZero: false);

        Assert.Null(flows[0].Flow);
        Assert.Equal(6650 - 377, flows[1].Flow);
    }
}
