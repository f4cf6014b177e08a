using System.Globalization;
using System.Text;

namespace DisplacementDashboard.Benchmarks.Reporting;

/// <summary>
/// Renders the results table with the date, the machine and the command. Written between the markers in
/// docs/performance.md so the hand-written analysis around it stays.
/// </summary>
public static class MarkdownReport
{
    public const string DefaultSection = "benchmark-results";

    public const string StartMarker = "<!-- " + DefaultSection + ":start -->";
    public const string EndMarker = "<!-- " + DefaultSection + ":end -->";

    /// <summary>The block a run writes: the whole table, or "benchmark-results-csv" for a run of one suite.</summary>
    public static string Section(string? only) => only is null ? DefaultSection : DefaultSection + "-" + only.ToLowerInvariant();

    public static string Render(RunSettings settings, IReadOnlyList<ResultRow> rows, string storeDescription, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(settings.Quick ? "quick" : "full")} mode, {elapsed.TotalMinutes:F1} min. Machine: {Machine()}.");
        text.AppendLine();
        var repeats = settings.Only is null
            ? $"Repeats: {settings.Repeats} per query (after {settings.Warmup} warm-up rounds), {settings.SaveRepeats} saves, {settings.EventRepeats} UI events; memory slope between {settings.PagesLow} and {settings.PagesHigh} open pages, UI events at {settings.PagesForEvents}."
            : "";
        if (settings.Runs("csv"))
        {
            repeats += $"{(repeats.Length > 0 ? " " : "")}CSV: {settings.CsvRepeats} timed rounds of the export and of the import after {settings.CsvWarmup} warm-up round(s) each; import file of {settings.ImportRows:N0} rows.";
        }

        if (settings.Runs("cache"))
        {
            repeats += string.Create(inv, $"{(repeats.Length > 0 ? " " : "")}Cache: {settings.CacheRequests:N0} requests each side.");
        }

        if (settings.Runs("flood"))
        {
            repeats += string.Create(inv, $"{(repeats.Length > 0 ? " " : "")}Sign-in flood: {settings.FloodSeconds:0} s after {settings.FloodBaselineSeconds:0} s of baseline.");
        }

        if (settings.Runs("soak") && !settings.SkipBrowser)
        {
            repeats += string.Create(inv, $"{(repeats.Length > 0 ? " " : "")}Soak: {settings.SoakMinutes:0.##} min of churn, memory read every {settings.SoakSampleMinutes:0.##} min.");
        }

        text.AppendLine(inv, $"Store: {storeDescription}. {repeats}");
        text.AppendLine();
        text.AppendLine(inv, $"Reproduce: `dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- {(settings.Quick ? "--quick" : "--full")}{(settings.Figures != (settings.Quick ? 20_000 : 1_000_000) ? $" --figures {settings.Figures}" : "")}{(settings.Only is null ? "" : $" --only {settings.Only}")}{Flags(settings)}`");
        text.AppendLine();
        text.AppendLine("| Measurement | Goal | Baseline (same run) | Measured | Baseline value | Ratio (p95/p95) | Goal met | Note |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var met = r.Met switch { true => "yes", false => "**no**", null => "-" };
            var ratio = double.IsNaN(r.Ratio) ? "-" : r.Ratio.ToString("F2", inv);
            text.AppendLine(inv, $"| {r.Measurement} | {r.Goal} | {r.Baseline} | {r.Measured} | {r.BaselineValue} | {ratio} | {met} | {r.Note} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// Replaces the text between the section's markers; a file without them gets the block appended; a missing file is
    /// written holding only the markers and the table.
    /// </summary>
    public static void Write(string path, string table, string section = DefaultSection)
    {
        var startMarker = "<!-- " + section + ":start -->";
        var endMarker = "<!-- " + section + ":end -->";
        var block = startMarker + "\n" + table + endMarker;
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            var start = existing.IndexOf(startMarker, StringComparison.Ordinal);
            var end = existing.IndexOf(endMarker, StringComparison.Ordinal);
            if (start >= 0 && end > start)
            {
                File.WriteAllText(path, existing[..start] + block + existing[(end + endMarker.Length)..]);
                return;
            }

            // A file without this block keeps what it has; the block goes at its end.
            File.WriteAllText(path, existing.TrimEnd('\n') + "\n\n" + block + "\n");
            return;
        }

        File.WriteAllText(path, block + "\n");
    }

    /// <summary>The options of this run that differ from its mode's defaults, so the command reproduces it.</summary>
    internal static string Flags(RunSettings settings)
    {
        var defaults = RunSettings.Parse([settings.Quick ? "--quick" : "--full"]);
        var inv = CultureInfo.InvariantCulture;
        var flags = new StringBuilder();
        if (settings.CacheRequests != defaults.CacheRequests)
        {
            flags.Append(inv, $" --cache-requests {settings.CacheRequests}");
        }

        if (settings.SoakMinutes != defaults.SoakMinutes)
        {
            flags.Append(inv, $" --soak-minutes {settings.SoakMinutes:0.##}");
        }

        if (settings.SoakSampleMinutes != defaults.SoakSampleMinutes)
        {
            flags.Append(inv, $" --soak-sample-minutes {settings.SoakSampleMinutes:0.##}");
        }

        if (settings.FloodSeconds != defaults.FloodSeconds)
        {
            flags.Append(inv, $" --flood-seconds {settings.FloodSeconds:0.##}");
        }

        if (settings.PgRandomPageCost is { } cost)
        {
            flags.Append(inv, $" --pg-random-page-cost {cost:0.##}");
        }

        return flags.ToString();
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memKb = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var mem = long.TryParse(memKb, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? $"{kb / 1024.0 / 1024.0:F1} GiB" : "unknown memory";
        return $"{Environment.ProcessorCount} cores (nproc), {mem}, {cpu ?? "unknown CPU"}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
