using System.Globalization;

namespace DisplacementDashboard.Benchmarks;

/// <summary>What one run measures, from the command line: --quick (smoke, CI) or --full (the numbers).</summary>
public sealed record RunSettings(
    bool Quick,
    int Seed,
    int Figures,
    int Warmup,
    int Repeats,
    int SaveRepeats,
    int PagesLow,
    int PagesHigh,
    int PagesForEvents,
    int EventRepeats,
    string? OutPath,
    bool SkipBrowser)
{
    public const int DefaultSeed = 20230919;

    /// <summary>Run only this suite ("csv"); null runs every suite.</summary>
    public string? Only { get; init; }

    /// <summary>Rows of the generated import file (100,000 in full mode, the goal's size).</summary>
    public int ImportRows { get; init; }

    /// <summary>Untimed rounds of each CSV operation before the timed ones.</summary>
    public int CsvWarmup { get; init; }

    /// <summary>Timed rounds of each CSV operation (few: a full export or import takes seconds).</summary>
    public int CsvRepeats { get; init; }

    /// <summary>Cold loads of /timeline (and of the counter page) over the emulated slow link.</summary>
    public int ThrottledRepeats { get; init; }

    /// <summary>True when the named suite runs in this run.</summary>
    public bool Runs(string suite) => Only is null || string.Equals(Only, suite, StringComparison.OrdinalIgnoreCase);

    public static RunSettings Parse(string[] args)
    {
        var quick = !args.Contains("--full");
        var settings = quick
            ? new RunSettings(true, DefaultSeed, 20_000, 3, 15, 30, 2, 6, 5, 10, null, false) { ImportRows = 5_000, CsvWarmup = 1, CsvRepeats = 5, ThrottledRepeats = 1 }
            : new RunSettings(false, DefaultSeed, 1_000_000, 10, 60, 200, 20, 60, 50, 40, null, false) { ImportRows = 100_000, CsvWarmup = 1, CsvRepeats = 3, ThrottledRepeats = 5 };
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--out" when i + 1 < args.Length => settings with { OutPath = args[++i] },
                "--figures" when i + 1 < args.Length => settings with { Figures = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--seed" when i + 1 < args.Length => settings with { Seed = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--no-browser" => settings with { SkipBrowser = true },
                "--only" when i + 1 < args.Length => settings with { Only = args[++i] },
                "--import-rows" when i + 1 < args.Length => settings with { ImportRows = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--csv-repeats" when i + 1 < args.Length => settings with { CsvRepeats = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                _ => settings,
            };
        }

        return settings;
    }
}
