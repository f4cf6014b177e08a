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

    /// <summary>Requests of distinct timeline windows and shelter snapshots in the cache-bound proof (and as many of one window beside them).</summary>
    public int CacheRequests { get; init; }

    /// <summary>Minutes of circuit churn in the soak, after its warm-up.</summary>
    public double SoakMinutes { get; init; }

    /// <summary>Minutes between the soak's memory readings.</summary>
    public double SoakSampleMinutes { get; init; }

    /// <summary>
    /// Whether the soak's last reading waits out the app's disconnected-circuit retention after the last page closed
    /// (full mode; quick mode only waits until the closed pages' circuits are gone, so it stays about a minute).
    /// </summary>
    public bool SoakWaitsForRetention { get; init; }

    /// <summary>Seconds of the sign-in flood; more than a minute shows the per-minute limit over several windows.</summary>
    public double FloodSeconds { get; init; }

    /// <summary>Seconds of page-latency readings before the flood (the baseline).</summary>
    public double FloodBaselineSeconds { get; init; }

    /// <summary>
    /// PostgreSQL's random_page_cost for the benchmark database (ALTER DATABASE ... SET), or null for the server's default
    /// (4). docs/deployment.md recommends 1.1 for a store on SSD or in memory.
    /// </summary>
    public double? PgRandomPageCost { get; init; }

    /// <summary>True when the named suite runs in this run.</summary>
    public bool Runs(string suite) => Only is null || string.Equals(Only, suite, StringComparison.OrdinalIgnoreCase);

    public static RunSettings Parse(string[] args)
    {
        var quick = !args.Contains("--full");
        var settings = quick
            ? new RunSettings(true, DefaultSeed, 20_000, 3, 15, 30, 2, 6, 5, 10, null, false) { ImportRows = 5_000, CsvWarmup = 1, CsvRepeats = 5, ThrottledRepeats = 1, CacheRequests = 400, SoakMinutes = 1, SoakSampleMinutes = 0.25, SoakWaitsForRetention = false, FloodSeconds = 10, FloodBaselineSeconds = 5 }
            : new RunSettings(false, DefaultSeed, 1_000_000, 10, 60, 200, 20, 60, 50, 40, null, false) { ImportRows = 100_000, CsvWarmup = 1, CsvRepeats = 3, ThrottledRepeats = 5, CacheRequests = 10_000, SoakMinutes = 30, SoakSampleMinutes = 5, SoakWaitsForRetention = true, FloodSeconds = 150, FloodBaselineSeconds = 60 };
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
                "--cache-requests" when i + 1 < args.Length => settings with { CacheRequests = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--soak-minutes" when i + 1 < args.Length => settings with { SoakMinutes = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--soak-sample-minutes" when i + 1 < args.Length => settings with { SoakSampleMinutes = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--pg-random-page-cost" when i + 1 < args.Length => settings with { PgRandomPageCost = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--flood-seconds" when i + 1 < args.Length => settings with { FloodSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                _ => settings,
            };
        }

        return settings;
    }
}
