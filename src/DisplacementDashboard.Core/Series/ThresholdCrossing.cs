namespace DisplacementDashboard.Core.Series;

/// <summary>When a cumulative series first reached a threshold, and the highest report below it before that.</summary>
public sealed record Crossing(Observation FirstAtOrAbove, Observation? LastBelow);

/// <summary>Finds when a reported running total first reached a level (for example the 40,000 preparation).</summary>
public static class ThresholdCrossing
{
    /// <summary>
    /// Orders reports by day and time (a report without a time counts as the end of its day) and returns the
    /// first at or above <paramref name="threshold"/>, or null when the series never reaches it. The report
    /// below it is the highest earlier one, so an untimed report of the same day cannot hide a later, higher one.
    /// </summary>
    public static Crossing? Find(IEnumerable<Observation> observations, long threshold)
    {
        Observation? lastBelow = null;
        foreach (var o in observations.OrderBy(o => o.Date).ThenBy(o => o.Time ?? TimeOnly.MaxValue))
        {
            if (o.Value >= threshold)
            {
                return new Crossing(o, lastBelow);
            }

            if (lastBelow is null || o.Value >= lastBelow.Value.Value)
            {
                lastBelow = o;
            }
        }

        return null;
    }
}
