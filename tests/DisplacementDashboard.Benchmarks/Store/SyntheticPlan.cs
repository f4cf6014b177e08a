using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Benchmarks.Store;

public sealed record SyntheticMetric(string Code, string Name, MetricKind Kind);

public sealed record SyntheticLocation(string Code, string Name);

public sealed record SyntheticSource(string Key, string Title, string Publisher, DateOnly Published, SourceKind Kind);

/// <summary>One generated figure; metric, location and source are indexes into the plan's lists.</summary>
public sealed record SyntheticFigure(
    int Metric,
    int Location,
    int Source,
    DateOnly Date,
    TimeOnly? Time,
    long Value,
    Qualifier Qualifier,
    string? Note,
    bool Retracted,
    bool Corrected);

/// <summary>
/// A fixed-seed description of "many crises' worth" of figures: each synthetic crisis has its own metrics,
/// places and sources and a year of reports from its own start date. Synthetic metrics are counts of people
/// (running totals, levels, flows, casualties, capacities), never money or assistance, so the exodus pages
/// (which select their metrics by code or by kind) keep showing the real 2023 record; the figures grid,
/// the source pages and every index see the whole store. Its dates keep the store's date rule
/// (Core/Editing/ReferenceDates): crises start from 2015 (Editing:EarliestReferenceDate) to the end of 2024, and a
/// source is published after its crisis's year of figures, so no figure is dated after its source.
/// </summary>
public sealed class SyntheticPlan
{
    public const int FiguresPerCrisis = 10_000;

    private static readonly MetricKind[] Kinds = [MetricKind.Cumulative, MetricKind.Stock, MetricKind.Flow, MetricKind.Casualty, MetricKind.Capacity];
    private static readonly SourceKind[] SourceKinds = [SourceKind.Government, SourceKind.UnAgency, SourceKind.RedCross, SourceKind.Ngo, SourceKind.News, SourceKind.Report];

    public SyntheticPlan(int seed, int figureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(figureCount);
        Seed = seed;
        FigureCount = figureCount;
        Crises = Math.Max(1, figureCount / FiguresPerCrisis);
        var random = new Random(seed);
        for (var c = 0; c < Crises; c++)
        {
            CrisisStarts.Add(new DateOnly(2015, 1, 1).AddDays(random.Next(0, 10 * 365)));
            foreach (var kind in Kinds)
            {
                Metrics.Add(new SyntheticMetric($"syn{c:D4}_{kind.ToString().ToLowerInvariant()}", $"Crisis {c:D4}: {kind} (synthetic)", kind));
            }

            for (var l = 0; l < LocationsPerCrisis; l++)
            {
                Locations.Add(new SyntheticLocation($"SYN-{c:D4}-{l:D2}", $"Place {l:D2} of crisis {c:D4} (synthetic)"));
            }

            for (var s = 0; s < SourcesPerCrisis; s++)
            {
                Sources.Add(new SyntheticSource(
                    $"syn-{c:D4}-{s:D2}",
                    $"Situation report {s + 1} on crisis {c:D4} (synthetic)",
                    $"Publisher {random.Next(0, 50):D2}",
                    CrisisStarts[c].AddDays(365 + random.Next(0, 30)),
                    SourceKinds[random.Next(SourceKinds.Length)]));
            }
        }
    }

    public const int LocationsPerCrisis = 10;

    public const int SourcesPerCrisis = 20;

    /// <summary>Part of the cached store's file name: a plan that generates different rows gets a new file.</summary>
    public const int Version = 2;

    public int Seed { get; }

    public int FigureCount { get; }

    public int Crises { get; }

    public List<DateOnly> CrisisStarts { get; } = [];

    public List<SyntheticMetric> Metrics { get; } = [];

    public List<SyntheticLocation> Locations { get; } = [];

    public List<SyntheticSource> Sources { get; } = [];

    /// <summary>The figures, in insertion order; the same seed and size give the same sequence.</summary>
    public IEnumerable<SyntheticFigure> Figures()
    {
        // A second stream, so the figures do not depend on how many random numbers the lists above consumed.
        var random = new Random(unchecked(Seed * 31 + 7));
        for (var i = 0; i < FigureCount; i++)
        {
            var crisis = random.Next(Crises);
            var kind = random.Next(Kinds.Length);
            var day = random.Next(0, 365);
            TimeOnly? time = random.Next(10) < 6 ? new TimeOnly(random.Next(0, 24), random.Next(0, 60)) : null;
            var value = Kinds[kind] == MetricKind.Cumulative ? (long)day * random.Next(50, 500) : random.Next(0, 100_000);
            var qualifier = random.Next(10) switch
            {
                < 7 => Qualifier.Exact,
                < 9 => Qualifier.Approximate,
                _ => Qualifier.AtLeast,
            };
            var note = random.Next(10) == 0 ? $"Synthetic note {random.Next(1_000_000)}: figure relayed by a second outlet." : null;
            yield return new SyntheticFigure(
                crisis * Kinds.Length + kind,
                crisis * LocationsPerCrisis + random.Next(LocationsPerCrisis),
                crisis * SourcesPerCrisis + random.Next(SourcesPerCrisis),
                CrisisStarts[crisis].AddDays(day),
                time,
                value,
                qualifier,
                note,
                Retracted: random.Next(100) == 0,
                Corrected: random.Next(5) == 0);
        }
    }
}
