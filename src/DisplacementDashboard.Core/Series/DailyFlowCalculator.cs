namespace DisplacementDashboard.Core.Series;

/// <summary>Why a day has, or has not, a derived daily flow.</summary>
public enum DailyFlowStatus
{
    /// <summary>Derived: this day's level minus the previous day's.</summary>
    Derived,
    /// <summary>The first day of the series: the count starts from zero that day.</summary>
    FirstDay,
    /// <summary>No report on this day: a gap, not a zero.</summary>
    NoReport,
    /// <summary>A report on this day but none the day before, so the day's flow is unknown.</summary>
    NoPreviousDay,
    /// <summary>The reported total is lower than an earlier one: a correction or an error, not negative arrivals.</summary>
    Decrease,
}

/// <summary>One calendar day of a derived daily series.</summary>
public sealed record DailyFlow(DateOnly Date, long? Level, long? Flow, DailyFlowStatus Status, long? PreviousLevel);

/// <summary>
/// Derives "arrivals per day" from a cumulative series reported at uneven times.
/// A day's level is the highest total reported that day (a running total only grows, so the highest is
/// the latest). The flow of a day is its level minus the previous calendar day's level. Days without a
/// report, and days after them, stay empty (gaps, never zeros); a total lower than an earlier one is
/// flagged, and later days are measured from the highest level seen so far.
/// </summary>
public static class DailyFlowCalculator
{
    public static IReadOnlyList<DailyFlow> Derive(IEnumerable<Observation> observations, bool firstDayStartsFromZero)
    {
        var levels = observations
            .GroupBy(o => o.Date)
            .ToDictionary(g => g.Key, g => g.Max(o => o.Value));
        if (levels.Count == 0)
        {
            return [];
        }

        var first = levels.Keys.Min();
        var last = levels.Keys.Max();
        var result = new List<DailyFlow>(last.DayNumber - first.DayNumber + 1);
        long? highest = null;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (!levels.TryGetValue(day, out var level))
            {
                result.Add(new DailyFlow(day, null, null, DailyFlowStatus.NoReport, null));
                continue;
            }

            if (day == first)
            {
                result.Add(firstDayStartsFromZero
                    ? new DailyFlow(day, level, level, DailyFlowStatus.FirstDay, 0)
                    : new DailyFlow(day, level, null, DailyFlowStatus.NoPreviousDay, null));
            }
            else if (highest is { } previousHighest && level < previousHighest)
            {
                result.Add(new DailyFlow(day, level, null, DailyFlowStatus.Decrease, previousHighest));
            }
            else if (!levels.ContainsKey(day.AddDays(-1)))
            {
                result.Add(new DailyFlow(day, level, null, DailyFlowStatus.NoPreviousDay, null));
            }
            else
            {
                result.Add(new DailyFlow(day, level, level - highest!.Value, DailyFlowStatus.Derived, highest));
            }

            highest = highest is null ? level : Math.Max(highest.Value, level);
        }

        return result;
    }
}
