using System.Globalization;
using System.Text;

namespace DisplacementDashboard.Benchmarks.Reporting;

/// <summary>
/// Renders the results table with the date, the machine and the command. Written between the markers in
/// docs/performance.md so the hand-written analysis around it stays.
/// </summary>
public static class MarkdownReport
{
    public const string StartMarker = "<!-- benchmark-results:start -->";
    public const string EndMarker = "<!-- benchmark-results:end -->";

    public static string Render(RunSettings settings, IReadOnlyList<ResultRow> rows, string storeDescription, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(settings.Quick ? "quick" : "full")} mode, {elapsed.TotalMinutes:F1} min. Machine: {Machine()}.");
        text.AppendLine();
        text.AppendLine(inv, $"Store: {storeDescription}. Repeats: {settings.Repeats} per query (after {settings.Warmup} warm-up rounds), {settings.SaveRepeats} saves, {settings.EventRepeats} UI events; memory slope between {settings.PagesLow} and {settings.PagesHigh} open pages, UI events at {settings.PagesForEvents}.");
        text.AppendLine();
        text.AppendLine(inv, $"Reproduce: `dotnet run -c Release --project tests/DisplacementDashboard.Benchmarks -- {(settings.Quick ? "--quick" : "--full")}{(settings.Figures != (settings.Quick ? 20_000 : 1_000_000) ? $" --figures {settings.Figures}" : "")}`");
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

    /// <summary>Replaces the text between the markers, or writes a new file holding only the markers and the table.</summary>
    public static void Write(string path, string table)
    {
        var block = StartMarker + "\n" + table + EndMarker;
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            var start = existing.IndexOf(StartMarker, StringComparison.Ordinal);
            var end = existing.IndexOf(EndMarker, StringComparison.Ordinal);
            if (start >= 0 && end > start)
            {
                File.WriteAllText(path, existing[..start] + block + existing[(end + EndMarker.Length)..]);
                return;
            }
        }

        File.WriteAllText(path, block + "\n");
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
