using DisplacementDashboard.Core.Extraction;

namespace DisplacementDashboard.Benchmarks.Extraction;

/// <summary>One labelled report: its text, its date and the figures an analyst took from it.</summary>
/// <param name="Set">"tuning" (labelled first, then the extractor improved against them) or "held-out" (labelled after, never tuned on).</param>
public sealed record LabelledReport(string Name, string Set, string Style, string Text, DateOnly? Published, IReadOnlyList<ExtractedFigure> Expected);

/// <summary>A found figure paired with the labelled one it matches (same value and qualifier).</summary>
public sealed record FigurePair(string Report, ExtractedFigure Expected, ExtractedFigure Found);

/// <summary>
/// Precision and recall of the extractor against labelled reports. A found figure matches a labelled one when value and
/// qualifier agree (each labelled figure matched once; where several could match, the one whose phrase overlaps the
/// labelled phrase's place in the text wins). Metric, place, date, time and unit are then scored as shares of the matched
/// figures, so a wrong metric is not also counted as a missed figure.
/// </summary>
public sealed class ExtractionScore
{
    public int Expected { get; private set; }

    public int Found { get; private set; }

    public List<FigurePair> Matched { get; } = [];

    public List<(string Report, ExtractedFigure Figure)> Missed { get; } = [];

    public List<(string Report, ExtractedFigure Figure)> Spurious { get; } = [];

    public double Recall => Expected == 0 ? double.NaN : (double)Matched.Count / Expected;

    public double Precision => Found == 0 ? double.NaN : (double)Matched.Count / Found;

    public double MetricShare => Share(p => p.Expected.Metric == p.Found.Metric);

    public double LocationShare => Share(p => p.Expected.Location == p.Found.Location);

    public double DateShare => Share(p => p.Expected.Date == p.Found.Date);

    public double TimeShare => Share(p => p.Expected.Time == p.Found.Time);

    public double UnitShare => Share(p => p.Expected.Unit == p.Found.Unit);

    /// <summary>Scores one report's extraction and adds it to the totals.</summary>
    public void Add(LabelledReport report, IReadOnlyList<ExtractedFigure> found)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(found);
        Expected += report.Expected.Count;
        Found += found.Count;
        var unmatched = found.ToList();
        foreach (var expected in report.Expected)
        {
            var at = expected.Phrase.Length > 0 ? report.Text.IndexOf(expected.Phrase, StringComparison.Ordinal) : -1;
            var candidates = unmatched.Where(f => f.Value == expected.Value && f.Qualifier == expected.Qualifier).ToList();
            var pick = candidates.FirstOrDefault(f => at >= 0 && f.Start < at + expected.Phrase.Length && at < f.Start + f.Length)
                ?? candidates.FirstOrDefault();
            if (pick is null)
            {
                Missed.Add((report.Name, expected));
                continue;
            }

            unmatched.Remove(pick);
            Matched.Add(new FigurePair(report.Name, expected, pick));
        }

        Spurious.AddRange(unmatched.Select(f => (report.Name, f)));
    }

    private double Share(Func<FigurePair, bool> correct) => Matched.Count == 0 ? double.NaN : (double)Matched.Count(correct) / Matched.Count;
}

/// <summary>Reads tests/ExtractionFixtures (reports.csv: name,text,published,set,style; the texts; the labelled figures).</summary>
public static class ExtractionFixtures
{
    /// <summary>
    /// The labelled reports in <paramref name="folder"/>; a <c>shared:</c> text is looked up in <paramref name="sharedReports"/>
    /// and skipped (named in <paramref name="skipped"/>) when that folder does not have it.
    /// </summary>
    public static List<LabelledReport> Load(string folder, string? sharedReports, List<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var reports = new List<LabelledReport>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "reports.csv")).Skip(1))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var cells = line.Split(',', 5);
            var name = cells[0];
            var textPath = cells[1].StartsWith("shared:", StringComparison.Ordinal)
                ? sharedReports is null ? null : Path.Combine(sharedReports, cells[1]["shared:".Length..])
                : Path.Combine(folder, cells[1]);
            if (textPath is null || !File.Exists(textPath))
            {
                skipped.Add(name);
                continue;
            }

            DateOnly? published = cells[2].Length > 0 ? DateOnly.ParseExact(cells[2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
            using var expected = File.OpenText(Path.Combine(folder, name + ".expected.csv"));
            reports.Add(new LabelledReport(name, cells[3], cells[4], File.ReadAllText(textPath), published, ExtractionCsv.Read(expected)));
        }

        return reports;
    }

    /// <summary>The project's source reports: DD_REPORTS_DIR, else ../shared/reports beside the repository (or its parent).</summary>
    public static string? SharedReportsFolder(string repositoryRoot)
    {
        if (Environment.GetEnvironmentVariable("DD_REPORTS_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = Directory.GetParent(repositoryRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reports");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
