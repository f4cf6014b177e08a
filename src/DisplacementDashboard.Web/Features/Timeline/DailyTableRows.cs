using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.Web.Features.Timeline;

/// <summary>
/// One row of the daily table: a day, or a run of consecutive days without any report.
/// <see cref="Day"/> is set for a single day; a run has only <see cref="From"/>, <see cref="To"/> and <see cref="Days"/>.
/// </summary>
public sealed record DailyTableRow(DailyFlow? Day, DateOnly From, DateOnly To, int Days);

/// <summary>
/// Groups the derived daily series for its table. Over the whole record most days have no report (a few reports a
/// month after the exodus weeks), and one row per such day made the table hundreds of rows of "no report"
/// (docs/performance.md: a UI event at 50 open pages). Runs of two or more days without a report become one row
/// that names the range; every day that has a report keeps its own row, so no number is hidden.
/// </summary>
public static class DailyTableRows
{
    public static IReadOnlyList<DailyTableRow> Group(IReadOnlyList<DailyFlow> daily)
    {
        var rows = new List<DailyTableRow>();
        var i = 0;
        while (i < daily.Count)
        {
            var day = daily[i];
            if (day.Status != DailyFlowStatus.NoReport)
            {
                rows.Add(new DailyTableRow(day, day.Date, day.Date, 1));
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < daily.Count && daily[end + 1].Status == DailyFlowStatus.NoReport && daily[end + 1].Date == daily[end].Date.AddDays(1))
            {
                end++;
            }

            rows.Add(end == i
                ? new DailyTableRow(day, day.Date, day.Date, 1)
                : new DailyTableRow(null, day.Date, daily[end].Date, end - i + 1));
            i = end + 1;
        }

        return rows;
    }
}
