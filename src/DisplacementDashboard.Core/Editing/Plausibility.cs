using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// A figure about to be saved (typed in the form, or a row of an import file), as <see cref="Plausibility"/> checks it.
/// <paramref name="Key"/> is the caller's handle (the file's row number; 0 on the form). <paramref name="FigureId"/> is
/// the stored figure it corrects, which is then left out of the comparison.
/// </summary>
public sealed record PlausibilityCandidate(
    int Key,
    string Metric,
    string Location,
    string Unit,
    int Decimals,
    DateOnly Date,
    TimeOnly? Time,
    long Value,
    string SourceKey,
    string SourceTitle,
    int? FigureId = null,
    Qualifier Qualifier = Qualifier.Exact);

/// <summary>Which plausibility rule a warning comes from.</summary>
public enum PlausibilityRule
{
    /// <summary>A running total below the nearest earlier figure of any source.</summary>
    BelowEarlier,

    /// <summary>A running total above the nearest later figure of any source.</summary>
    AboveLater,

    /// <summary>A running total more than <see cref="EditingOptions.JumpFactor"/> times away from its nearest neighbour.</summary>
    Jump,

    /// <summary>A running total below an earlier one of the same source (not only the nearest).</summary>
    SameSourceLower,

    /// <summary>A value far outside what the metric has shown in that unit (<see cref="EditingOptions.RangeFactor"/>).</summary>
    OutsideRange,
}

/// <summary>One reason to look twice at a figure; not an error: it may be saved with a reason.</summary>
public sealed record PlausibilityWarning(int Key, PlausibilityRule Rule, string Message);

/// <summary>
/// Plausibility warnings for figures about to be saved, on the figure form, in the import preview and in the report
/// review (issue 10):
/// <list type="bullet">
/// <item>running totals (<see cref="MetricKind.Cumulative"/>): compared with the nearest earlier and nearest later
/// shown figure of any source for the same metric, place and unit, by date and time (a figure without a time counts as
/// the end of its day): below the earlier, above the later (a neighbour bounds only in the direction its qualifier
/// allows: a later "at least 100,600" is no ceiling for an earlier 100,650, nor an earlier "up to" a floor), or more than <see cref="EditingOptions.JumpFactor"/> times
/// away from the nearest of them (figures of the same moment first, else the closer by days); and below an earlier
/// total of the same source;</item>
/// <item>every metric: more than <see cref="EditingOptions.RangeFactor"/> times above the largest, or below the smallest
/// positive value divided by it, of the shown figures of that metric in that unit (any place).</item>
/// </list>
/// Different units are never compared (people with families, dollars with euros). The other candidates of the same
/// call count as neighbours (an import file bringing 42,500 then 4,250, a report's accepted candidates); the range is
/// the store's alone.
/// Queries: one for the metrics, one for the places, one per running-total metric/place/unit group and one for the
/// ranges, whatever the number of candidates.
/// </summary>
public sealed class Plausibility(IOptions<EditingOptions> options)
{
    /// <summary>The warnings for <paramref name="candidates"/>, in their order; empty when all look plausible.</summary>
    public Task<IReadOnlyList<PlausibilityWarning>> CheckAsync(DashboardDbContext db, IReadOnlyList<PlausibilityCandidate> candidates, CancellationToken cancellationToken = default) =>
        CheckAsync(db, candidates, null, cancellationToken);

    /// <summary>
    /// The warnings for <paramref name="candidates"/>, in their order. <paramref name="candidateName"/> names another
    /// candidate a warning points to, by its <see cref="PlausibilityCandidate.Key"/> ("candidate 3 of this report");
    /// by default "row 3 of this file".
    /// </summary>
    public async Task<IReadOnlyList<PlausibilityWarning>> CheckAsync(DashboardDbContext db, IReadOnlyList<PlausibilityCandidate> candidates, Func<int, string>? candidateName, CancellationToken cancellationToken = default)
    {
        candidateName ??= RowOfThisFile;
        if (candidates.Count == 0)
        {
            return [];
        }

        var metricCodes = candidates.Select(c => c.Metric).Distinct(StringComparer.Ordinal).ToList();
        var metrics = await db.Metrics.AsNoTracking().Where(m => metricCodes.Contains(m.Code))
            .Select(m => new MetricInfo(m.Id, m.Code, m.Name, m.Kind)).ToDictionaryAsync(m => m.Code, StringComparer.Ordinal, cancellationToken);
        var excluded = candidates.Select(c => c.FigureId).OfType<int>().Distinct().ToList();
        var warnings = new Dictionary<PlausibilityCandidate, List<PlausibilityWarning>>(ReferenceEqualityComparer.Instance);

        var cumulative = candidates.Where(c => metrics.TryGetValue(c.Metric, out var m) && m.Kind == MetricKind.Cumulative).ToList();
        if (cumulative.Count > 0)
        {
            var locationCodes = cumulative.Select(c => c.Location).Distinct(StringComparer.Ordinal).ToList();
            var locations = await db.Locations.AsNoTracking().Where(l => locationCodes.Contains(l.Code))
                .ToDictionaryAsync(l => l.Code, l => l.Id, StringComparer.Ordinal, cancellationToken);
            foreach (var group in cumulative.GroupBy(c => (c.Metric, c.Location, c.Unit)))
            {
                var points = new List<Point>();
                if (locations.TryGetValue(group.Key.Location, out var locationId))
                {
                    var metricId = metrics[group.Key.Metric].Id;
                    var unit = group.Key.Unit;
                    points.AddRange(await db.Figures.AsNoTracking()
                        .Where(f => f.MetricId == metricId && f.LocationId == locationId && f.UnitCode == unit && !f.IsRetracted && !excluded.Contains(f.Id))
                        .Select(f => new Point(f.Value, f.ReferenceDate, f.LocalTime, f.Source.Key, f.Source.Title, f.Id, null, f.Qualifier))
                        .ToListAsync(cancellationToken));
                }

                var members = group.ToList();
                points.AddRange(members.Select(c => new Point(c.Value, c.Date, c.Time, c.SourceKey, c.SourceTitle, null, c, c.Qualifier)));
                var timeline = new Timeline(points);
                foreach (var candidate in members)
                {
                    var found = Neighbours(candidate, timeline, options.Value.JumpFactor, candidateName);
                    if (found.Count > 0)
                    {
                        warnings[candidate] = found;
                    }
                }
            }
        }

        var metricIds = metrics.Values.Select(m => m.Id).ToList();
        var ranges = await db.Figures.AsNoTracking()
            .Where(f => metricIds.Contains(f.MetricId) && !f.IsRetracted && f.Value > 0 && !excluded.Contains(f.Id))
            .GroupBy(f => new { f.MetricId, f.UnitCode })
            .Select(g => new { g.Key.MetricId, g.Key.UnitCode, Min = g.Min(f => f.Value), Max = g.Max(f => f.Value) })
            .ToListAsync(cancellationToken);
        var rangeOf = ranges.ToDictionary(r => (r.MetricId, r.UnitCode), r => (r.Min, r.Max));
        var factor = options.Value.RangeFactor;
        foreach (var candidate in candidates)
        {
            if (!metrics.TryGetValue(candidate.Metric, out var metric) || !rangeOf.TryGetValue((metric.Id, candidate.Unit), out var range) || candidate.Value <= 0)
            {
                continue;
            }

            var above = candidate.Value > range.Max * factor;
            var below = candidate.Value * factor < range.Min;
            if (above || below)
            {
                var text = $"{Number(candidate.Value, candidate)} is far outside what \u201C{metric.Name}\u201D has shown in {candidate.Unit}: "
                           + $"{Number(range.Min, candidate)} to {Number(range.Max, candidate)}, and this is more than {Times(factor)} times {(above ? "above the largest" : "below the smallest")}. Check the value and its unit.";
                Add(warnings, candidate, new PlausibilityWarning(candidate.Key, PlausibilityRule.OutsideRange, text));
            }
        }

        return candidates.SelectMany(c => warnings.TryGetValue(c, out var list) ? list : []).ToList();
    }

    /// <summary>
    /// The text a revision keeps when a figure is saved past warnings: the reason, then what was accepted. Cut to
    /// <paramref name="maxLength"/> (the revision's reason column holds 1,000 characters).
    /// </summary>
    public static string ReasonText(string? before, string reason, IEnumerable<string> accepted, int maxLength = 1000)
    {
        var text = (string.IsNullOrWhiteSpace(before) ? "" : before.Trim() + ". ")
                   + "Saved past plausibility warnings: " + reason.Trim()
                   + " (accepted: " + string.Join(" ", accepted) + ")";
        return text.Length <= maxLength ? text : text[..(maxLength - 1)] + "\u2026";
    }

    private static List<PlausibilityWarning> Neighbours(PlausibilityCandidate candidate, Timeline timeline, double jumpFactor, Func<int, string> candidateName)
    {
        var (previousMoment, same, nextMoment) = timeline.Around(candidate);
        var previous = previousMoment.MaxBy(p => p.Value);
        var next = nextMoment.MinBy(p => p.Value);
        var found = new List<(Point Neighbour, PlausibilityWarning Warning)>();
        if (previousMoment.Where(p => p.Qualifier != Qualifier.AtMost).MaxBy(p => p.Value) is { } floor && candidate.Value < floor.Value)
        {
            found.Add((floor, new PlausibilityWarning(candidate.Key, PlausibilityRule.BelowEarlier,
                $"This running total ({Number(candidate.Value, candidate)}) is lower than the earlier {Describe(floor, candidate, candidateName)}.")));
        }

        if (nextMoment.Where(p => p.Qualifier != Qualifier.AtLeast).MinBy(p => p.Value) is { } ceiling && candidate.Value > ceiling.Value)
        {
            found.Add((ceiling, new PlausibilityWarning(candidate.Key, PlausibilityRule.AboveLater,
                $"This running total ({Number(candidate.Value, candidate)}) is higher than the later {Describe(ceiling, candidate, candidateName)}.")));
        }

        var nearest = same.Count > 0
            ? same.MaxBy(p => Ratio(candidate.Value, p.Value))
            : (previous, next) switch
            {
                (null, null) => null,
                (not null, null) => previous,
                (null, not null) => next,
                _ => candidate.Date.DayNumber - previous.Date.DayNumber <= next.Date.DayNumber - candidate.Date.DayNumber ? previous : next,
            };
        if (nearest is not null && Ratio(candidate.Value, nearest.Value) > jumpFactor)
        {
            var ratio = Ratio(candidate.Value, nearest.Value);
            var direction = candidate.Value > nearest.Value ? "higher" : "lower";
            var index = found.FindIndex(f => ReferenceEquals(f.Neighbour, nearest));
            if (index >= 0)
            {
                var (neighbour, warning) = found[index];
                found[index] = (neighbour, warning with { Message = warning.Message + $" It is {Times(ratio)} times {direction}: a digit too few or too many?" });
            }
            else
            {
                found.Add((nearest, new PlausibilityWarning(candidate.Key, PlausibilityRule.Jump,
                    $"This running total ({Number(candidate.Value, candidate)}) is {Times(ratio)} times {direction} than its nearest neighbour, {Describe(nearest, candidate, candidateName)}: a digit too few or too many?")));
            }
        }

        if (!found.Any(f => f.Warning.Rule == PlausibilityRule.BelowEarlier)
            && timeline.HighestEarlierOfSource(candidate) is { } sameSource && sameSource.Value > candidate.Value)
        {
            found.Add((sameSource, new PlausibilityWarning(candidate.Key, PlausibilityRule.SameSourceLower,
                $"This running total ({Number(candidate.Value, candidate)}) is lower than the {Describe(sameSource, candidate, candidateName)}, reported earlier by the same source.")));
        }

        return found.Select(f => f.Warning).ToList();
    }

    /// <summary>max/min of two values; infinite when one is zero and the other is not (never warned: 0 is a real start).</summary>
    private static double Ratio(long a, long b) =>
        a <= 0 || b <= 0 ? 1 : Math.Max(a, b) / (double)Math.Min(a, b);

    private static string Describe(Point p, PlausibilityCandidate unitOf, Func<int, string> candidateName) =>
        $"{Number(p.Value, unitOf)} on {p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        + (p.Time is { } t ? " at " + t.ToString("HH:mm", CultureInfo.InvariantCulture) : "")
        + $" from \u201C{p.SourceTitle}\u201D ({(p.FigureId is { } id ? "figure " + id.ToString(CultureInfo.InvariantCulture) : candidateName(p.Candidate!.Key))})";

    private static string RowOfThisFile(int row) => "row " + row.ToString(CultureInfo.InvariantCulture) + " of this file";

    private static string Number(long value, PlausibilityCandidate unitOf) =>
        ScaledValue.FormatNumber(value, unitOf.Decimals, CultureInfo.InvariantCulture) + " " + unitOf.Unit;

    private static string Times(double factor) => factor.ToString("0.#", CultureInfo.InvariantCulture);

    private static void Add(Dictionary<PlausibilityCandidate, List<PlausibilityWarning>> warnings, PlausibilityCandidate candidate, PlausibilityWarning warning)
    {
        if (!warnings.TryGetValue(candidate, out var list))
        {
            warnings[candidate] = list = [];
        }

        list.Add(warning);
    }

    /// <summary>
    /// One metric/place/unit group's figures in time order, so each candidate finds its neighbours by binary search
    /// (a file of many rows of one group stays n log n, not n²).
    /// </summary>
    private sealed class Timeline
    {
        private readonly List<Point> _points;
        private readonly List<(Moment Moment, int Start, int End)> _moments = [];
        private readonly Dictionary<string, (List<Moment> Moments, List<Point?> HighestSoFar)> _bySource = new(StringComparer.Ordinal);

        public Timeline(List<Point> points)
        {
            _points = points.OrderBy(p => p.Moment).ToList();
            for (var i = 0; i < _points.Count; i++)
            {
                if (_moments.Count == 0 || !_moments[^1].Moment.Equals(_points[i].Moment))
                {
                    _moments.Add((_points[i].Moment, i, i + 1));
                }
                else
                {
                    _moments[^1] = _moments[^1] with { End = i + 1 };
                }

                if (!_bySource.TryGetValue(_points[i].SourceKey, out var source))
                {
                    _bySource[_points[i].SourceKey] = source = ([], []);
                }

                source.Moments.Add(_points[i].Moment);
                // An "up to" figure is no floor for later ones.
                var highest = source.HighestSoFar.Count > 0 ? source.HighestSoFar[^1] : null;
                source.HighestSoFar.Add(_points[i].Qualifier == Qualifier.AtMost || (highest is not null && highest.Value >= _points[i].Value) ? highest : _points[i]);
            }
        }

        /// <summary>The figures of the nearest earlier moment, the others of the same moment, those of the nearest later.</summary>
        public (List<Point> Previous, List<Point> Same, List<Point> Next) Around(PlausibilityCandidate candidate)
        {
            var index = _moments.BinarySearch((Moment.Of(candidate.Date, candidate.Time), 0, 0), MomentOrder);
            var same = At(index).Where(p => !ReferenceEquals(p.Candidate, candidate)).ToList();
            return (index > 0 ? At(index - 1) : [], same, index + 1 < _moments.Count ? At(index + 1) : []);
        }

        private List<Point> At(int index) => _points.GetRange(_moments[index].Start, _moments[index].End - _moments[index].Start);

        /// <summary>The highest figure of the candidate's source strictly before its moment.</summary>
        public Point? HighestEarlierOfSource(PlausibilityCandidate candidate)
        {
            if (!_bySource.TryGetValue(candidate.SourceKey, out var source))
            {
                return null;
            }

            // The first index at or after the candidate's moment; everything before it is earlier.
            var moment = Moment.Of(candidate.Date, candidate.Time);
            int low = 0, high = source.Moments.Count;
            while (low < high)
            {
                var mid = (low + high) / 2;
                if (source.Moments[mid].CompareTo(moment) < 0)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low == 0 ? null : source.HighestSoFar[low - 1];
        }

        private static readonly IComparer<(Moment Moment, int Start, int End)> MomentOrder =
            Comparer<(Moment Moment, int Start, int End)>.Create((a, b) => a.Moment.CompareTo(b.Moment));
    }

    private sealed record MetricInfo(int Id, string Code, string Name, MetricKind Kind);

    /// <summary>A neighbour: a stored figure (<see cref="FigureId"/>) or another candidate of the same call.</summary>
    private sealed record Point(long Value, DateOnly Date, TimeOnly? Time, string SourceKey, string SourceTitle, int? FigureId, PlausibilityCandidate? Candidate, Qualifier Qualifier)
    {
        public Moment Moment { get; } = Moment.Of(Date, Time);
    }

    /// <summary>Date, then time; a figure without a time is the end of its day (after every timed one that day).</summary>
    private readonly record struct Moment(int Day, long Ticks) : IComparable<Moment>
    {
        public static Moment Of(DateOnly date, TimeOnly? time) => new(date.DayNumber, time?.Ticks ?? long.MaxValue);

        public int CompareTo(Moment other) => Day != other.Day ? Day.CompareTo(other.Day) : Ticks.CompareTo(other.Ticks);
    }
}
