using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Core.Series;

/// <summary>How a figure relates to others for the same metric, place, day and unit.</summary>
public enum AgreementKind
{
    /// <summary>No other figure, or all others agree.</summary>
    None,
    /// <summary>Another source gives an incompatible value for the same moment.</summary>
    Conflict,
    /// <summary>A running total or level given on the same day without times: they may be from different hours.</summary>
    SameDayUntimed,
}

/// <summary>
/// The disagreement found for one figure, with the other figures it disagrees with (<see cref="Others"/>), split into
/// those that contradict it (<see cref="Conflicting"/>: the same moment, or any time for a figure that is not a running
/// total) and the same-day running totals of which one side has no time (<see cref="TimeNotGiven"/>). A figure can
/// have both; <see cref="Kind"/> is <see cref="AgreementKind.Conflict"/> as soon as one figure contradicts it.
/// </summary>
public sealed record Disagreement(AgreementKind Kind, IReadOnlyList<FigureRow> Others)
{
    public IReadOnlyList<FigureRow> Conflicting { get; init; } = Kind == AgreementKind.Conflict ? Others : [];

    public IReadOnlyList<FigureRow> TimeNotGiven { get; init; } = Kind == AgreementKind.SameDayUntimed ? Others : [];
}

/// <summary>
/// Marks figures that disagree, so pages show both values instead of silently picking one.
/// Two figures are compared when metric, location, day and unit match and their times are equal or one is not given.
/// Values are compatible when their ranges overlap: an exact value is a point, "at least" and "at most"
/// are half-lines, "about" is within 5 %. Running totals and levels that differ on a day where one of them has no
/// time are marked <see cref="AgreementKind.SameDayUntimed"/>, since they may simply be from different hours.
/// </summary>
public static class ConflictDetector
{
    /// <summary>Tolerance around an approximate value.</summary>
    public const decimal ApproximateTolerance = 0.05m;

    public static IReadOnlyDictionary<int, Disagreement> Find(IEnumerable<FigureRow> figures)
    {
        var result = new Dictionary<int, Disagreement>();
        var groups = figures.GroupBy(f => (f.MetricCode, f.LocationCode, f.Date, f.UnitCode));
        foreach (var group in groups)
        {
            var members = group.ToList();
            if (members.Count < 2)
            {
                continue;
            }

            foreach (var figure in members)
            {
                // Two timed figures are compared only at the same time; a figure without a time could be from any hour.
                var others = members
                    .Where(o => o.Id != figure.Id && (o.Time == figure.Time || o.Time is null || figure.Time is null) && !Compatible(figure, o))
                    .ToList();
                if (others.Count == 0)
                {
                    continue;
                }

                // A running total given without a time may be from any hour of the day, so a different value is not a
                // contradiction; one at the same stated time is, even when untimed figures that day differ as well
                // (26 Sep 2023 08:00: 13,550 against 13,350 was shown as "time not given" because of an untimed 19,000).
                var runningTotal = figure.MetricKind is MetricKind.Cumulative or MetricKind.Stock;
                var conflicting = runningTotal ? others.Where(o => o.Time is not null && o.Time == figure.Time).ToList() : others;
                var untimed = runningTotal ? others.Where(o => o.Time is null || figure.Time is null).ToList() : [];
                result[figure.Id] = new Disagreement(conflicting.Count > 0 ? AgreementKind.Conflict : AgreementKind.SameDayUntimed, others)
                {
                    Conflicting = conflicting,
                    TimeNotGiven = untimed,
                };
            }
        }

        return result;
    }

    /// <summary>True when the two figures' value ranges overlap.</summary>
    public static bool Compatible(FigureRow a, FigureRow b)
    {
        var (aLow, aHigh) = Range(a);
        var (bLow, bHigh) = Range(b);
        return aLow <= bHigh && bLow <= aHigh;
    }

    private static (decimal Low, decimal High) Range(FigureRow f)
    {
        decimal v = f.Value;
        return f.Qualifier switch
        {
            Qualifier.AtLeast => (v, decimal.MaxValue),
            Qualifier.AtMost => (0, v),
            Qualifier.Approximate => (v * (1 - ApproximateTolerance), v * (1 + ApproximateTolerance)),
            _ => (v, v),
        };
    }
}
