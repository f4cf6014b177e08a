using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>
/// A moment of the timeline's replay: an instant at which a source of the timeline's figures or events came out.
/// <see cref="EndOfDay"/>: the source has a date but no time, so it counts from the end of that day (Yerevan).
/// </summary>
public sealed record ReplayMoment(DateTimeOffset At, bool EndOfDay)
{
    /// <summary>The Yerevan day the moment belongs to: the day itself, or for an end of day the day that ended.</summary>
    public DateOnly Day => DateOnly.FromDateTime(At.ToOffset(KnownWhen.ArmeniaOffset).DateTime.AddTicks(EndOfDay ? -1 : 0));
}

/// <summary>The moments the replay steps through and what it says at each (pure: tested without a store).</summary>
public static class TimelineReplay
{
    /// <summary>
    /// The distinct publication instants (<see cref="KnownWhen.PublishedInstant"/>) of the sources of everything
    /// <paramref name="model"/> shows, earliest first; a source without a date has none and is left out.
    /// </summary>
    public static IReadOnlyList<ReplayMoment> Moments(TimelineModel model, IEnumerable<SourceSummary> sources)
    {
        var used = model.Cumulative.Select(f => f.SourceId)
            .Concat(model.ReportedDaily.Select(f => f.SourceId))
            .Concat(model.Preparation.Select(f => f.SourceId))
            .Concat(model.Events.Select(e => e.SourceId))
            .ToHashSet();
        return sources
            .Where(s => used.Contains(s.Id))
            .Select(s => KnownWhen.PublishedInstant(s.Published, s.PublishedTime) is { } at ? new ReplayMoment(at, s.PublishedTime is null) : null)
            .OfType<ReplayMoment>()
            .GroupBy(m => m.At)
            .Select(g => new ReplayMoment(g.Key, g.All(m => m.EndOfDay)))
            .OrderBy(m => m.At)
            .ToList();
    }

    /// <summary>The index of the last moment at or before <paramref name="knownAt"/>; -1 before the first or when there is none.</summary>
    public static int IndexAt(IReadOnlyList<ReplayMoment> moments, DateTimeOffset? knownAt)
    {
        if (knownAt is not { } at)
        {
            return -1;
        }

        var index = -1;
        for (var i = 0; i < moments.Count && moments[i].At <= at; i++)
        {
            index = i;
        }

        return index;
    }

    /// <summary>
    /// The latest running total of arrivals in Armenia (people) the model shows, chosen as the overview chooses its
    /// headline (<see cref="OverviewCalculator.Latest"/>), with the same day's figures that disagree with it.
    /// </summary>
    public static HeadlineFigure? LatestArrivals(TimelineModel model) =>
        OverviewCalculator.Latest(model.Cumulative, WellKnown.CumulativeArrivals, WellKnown.Armenia, WellKnown.People);
}
