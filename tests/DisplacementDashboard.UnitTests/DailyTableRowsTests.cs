using DisplacementDashboard.Core.Series;
using DisplacementDashboard.Web.Features.Timeline;

namespace DisplacementDashboard.UnitTests;

public class DailyTableRowsTests
{
    private static DailyFlow Day(string date, long? level, DailyFlowStatus status) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), level, null, status, null);

    [Fact]
    public void Group_RunOfDaysWithoutReport_BecomesOneRowNamingTheRange()
    {
        var rows = DailyTableRows.Group(
        [
            Day("2023-10-01", 100490, DailyFlowStatus.NoPreviousDay),
            Day("2023-10-02", null, DailyFlowStatus.NoReport),
            Day("2023-10-03", null, DailyFlowStatus.NoReport),
            Day("2023-10-04", null, DailyFlowStatus.NoReport),
            Day("2023-10-05", 100640, DailyFlowStatus.NoPreviousDay),
        ]);

        Assert.Equal(3, rows.Count);
        Assert.Equal(100490, rows[0].Day!.Level);
        Assert.Null(rows[1].Day);
        Assert.Equal(new DateOnly(2023, 10, 2), rows[1].From);
        Assert.Equal(new DateOnly(2023, 10, 4), rows[1].To);
        Assert.Equal(3, rows[1].Days);
        Assert.Equal(100640, rows[2].Day!.Level);
    }

    [Fact]
    public void Group_EveryDayWithAReport_KeepsItsOwnRow()
    {
        var daily = new[]
        {
            Day("2023-09-24", 1050, DailyFlowStatus.FirstDay),
            Day("2023-09-25", 6650, DailyFlowStatus.Derived),
            Day("2023-09-26", null, DailyFlowStatus.NoReport),
            Day("2023-09-27", 42500, DailyFlowStatus.NoPreviousDay),
            Day("2023-09-28", 40000, DailyFlowStatus.Decrease),
        };

        var rows = DailyTableRows.Group(daily);

        // A single day without a report is still a day row, not a range.
        Assert.Equal(daily, rows.Select(r => r.Day));
        Assert.All(rows, r => Assert.Equal(1, r.Days));
    }

    [Fact]
    public void Group_NoDays_NoRows() => Assert.Empty(DailyTableRows.Group([]));
}
