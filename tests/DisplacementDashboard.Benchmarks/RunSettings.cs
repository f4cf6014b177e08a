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

    public static RunSettings Parse(string[] args)
    {
        var quick = !args.Contains("--full");
        var settings = quick
            ? new RunSettings(true, DefaultSeed, 20_000, 3, 15, 30, 2, 6, 5, 10, null, false)
            : new RunSettings(false, DefaultSeed, 1_000_000, 10, 60, 200, 20, 60, 50, 40, null, false);
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--out" when i + 1 < args.Length => settings with { OutPath = args[++i] },
                "--figures" when i + 1 < args.Length => settings with { Figures = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--seed" when i + 1 < args.Length => settings with { Seed = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--no-browser" => settings with { SkipBrowser = true },
                _ => settings,
            };
        }

        return settings;
    }
}
