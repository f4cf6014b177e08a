namespace DisplacementDashboard.Web.Features.Timeline;

/// <summary>
/// Chart x values. Figures carry Armenian local time; apexcharts labels datetime axes in UTC by default,
/// so the local wall-clock time is encoded as if it were UTC and the axis reads in Armenian time.
/// </summary>
public static class ChartTime
{
    /// <summary>
    /// Where a figure without a time of day is drawn: the end of its day, as it is ordered everywhere else
    /// (a running total given "on 29 Sep" is known to be true by the end of that day).
    /// </summary>
    public static readonly TimeOnly UntimedPosition = new(23, 59);

    public static long Of(DateOnly date, TimeOnly? time) =>
        new DateTimeOffset(date.ToDateTime(time ?? UntimedPosition), TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static long StartOf(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
