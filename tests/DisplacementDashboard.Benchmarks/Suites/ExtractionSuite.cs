using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DisplacementDashboard.Benchmarks.Extraction;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The extraction assistant's quality and speed (issue 10): <see cref="FigureExtractor"/> over the labelled reports in
/// tests/ExtractionFixtures, scored per field by <see cref="ExtractionScore"/> (all reports, and the held-out ones alone),
/// and the time to extract from a 40 KB report beside a plain regex scan for digits over the same text. Needs no store
/// and no browser, so it runs in quick mode (CI) as well.
/// </summary>
public sealed class ExtractionSuite(RunSettings settings, TextWriter log)
{
    public const double GoalRecall = 0.9;
    public const double GoalPrecision = 0.85;
    public const double GoalFieldShare = 0.8;
    public const double GoalMilliseconds = 50;
    public const int ReportBytes = 40 * 1024;

    public List<ResultRow> Run()
    {
        var vocabulary = ExtractionVocabulary.FromSeed(new SeedReader().ReadDirectory(RepositoryPaths.SeedDirectory), new EditingOptions().EarliestReferenceDate);
        var extractor = new FigureExtractor(vocabulary);
        var skipped = new List<string>();
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "ExtractionFixtures");
        var reports = ExtractionFixtures.Load(folder, ExtractionFixtures.SharedReportsFolder(RepositoryPaths.Root), skipped);
        log.WriteLine($"extraction: {reports.Count} labelled reports{(skipped.Count == 0 ? "" : $" ({string.Join(", ", skipped)} skipped: the shared reports folder is not here; set DD_REPORTS_DIR)")}");

        var all = new ExtractionScore();
        var heldOut = new ExtractionScore();
        foreach (var report in reports)
        {
            var found = extractor.Extract(report.Text, report.Published);
            all.Add(report, found);
            if (report.Set == "held-out")
            {
                heldOut.Add(report, found);
            }
        }

        LogDetail(all);
        var rows = new List<ResultRow>();
        rows.AddRange(QualityRows($"{reports.Count} reports", all));
        if (heldOut.Expected > 0)
        {
            rows.AddRange(QualityRows($"held-out {reports.Count(r => r.Set == "held-out")}", heldOut));
        }

        rows.Add(Speed(extractor, reports));
        return rows;
    }

    private static IEnumerable<ResultRow> QualityRows(string which, ExtractionScore s)
    {
        var inv = CultureInfo.InvariantCulture;
        string Share(double v) => double.IsNaN(v) ? "-" : v.ToString("F2", inv);
        var counts = $"{s.Matched.Count} of {s.Expected} labelled figures found, {s.Found} proposed";
        yield return new ResultRow($"Extraction ({which}): value+qualifier recall", $">= {GoalRecall:F2}", "labelled figures", Share(s.Recall), "-", double.NaN, s.Recall >= GoalRecall, counts);
        yield return new ResultRow($"Extraction ({which}): value+qualifier precision", $">= {GoalPrecision:F2}", "proposed figures", Share(s.Precision), "-", double.NaN, s.Precision >= GoalPrecision, $"{s.Spurious.Count} proposed figures no analyst took");
        yield return new ResultRow($"Extraction ({which}): metric right", $">= {GoalFieldShare:F2} of found", "found figures", Share(s.MetricShare), "-", double.NaN, s.MetricShare >= GoalFieldShare);
        yield return new ResultRow($"Extraction ({which}): place right", $">= {GoalFieldShare:F2} of found", "found figures", Share(s.LocationShare), "-", double.NaN, s.LocationShare >= GoalFieldShare);
        yield return new ResultRow($"Extraction ({which}): date right", $">= {GoalFieldShare:F2} of found", "found figures", Share(s.DateShare), "-", double.NaN, s.DateShare >= GoalFieldShare);
        yield return new ResultRow($"Extraction ({which}): time and unit right", "-", "found figures", $"{Share(s.TimeShare)} / {Share(s.UnitShare)}", "-", double.NaN, null, "time / unit");
    }

    /// <summary>Median time over repeated runs on a 40 KB text, beside a digit scan of the same text in the same rounds.</summary>
    private ResultRow Speed(FigureExtractor extractor, List<LabelledReport> reports)
    {
        var text = FortyKilobytes(reports);
        var published = new DateOnly(2023, 10, 3);
        var digits = new Regex(@"\d[\d,.]*", RegexOptions.CultureInvariant);
        var sink = 0;
        var result = SideBySide.RunAsync(
            () => { sink += extractor.Extract(text, published).Count; return Task.CompletedTask; },
            () => { sink += digits.Count(text); return Task.CompletedTask; },
            settings.Warmup,
            settings.Repeats).GetAwaiter().GetResult();
        var inv = CultureInfo.InvariantCulture;
        log.WriteLine(string.Create(inv, $"extraction: {text.Length:N0} characters, median {result.Measured.Median:F2} ms, regex scan {result.Baseline.Median:F3} ms ({sink} items)"));
        return new ResultRow(
            $"Extraction: one {ReportBytes / 1024} KB report",
            $"median <= {GoalMilliseconds:F0} ms",
            "plain Regex digit scan of the same text",
            string.Create(inv, $"{result.Measured.Median:F2} ms (p95 {result.Measured.P95:F2})"),
            string.Create(inv, $"{result.Baseline.Median:F3} ms (p95 {result.Baseline.P95:F3})"),
            result.P95Ratio,
            result.Measured.Median <= GoalMilliseconds,
            string.Create(inv, $"median ratio {result.MedianRatio:F0}x; {result.Measured.Count} rounds"));
    }

    /// <summary>The repository's own fixture texts (not the shared ones, so every checkout times the same text), repeated to 40 KB.</summary>
    private static string FortyKilobytes(List<LabelledReport> reports)
    {
        var own = reports.Where(r => !r.Name.StartsWith("seed-", StringComparison.Ordinal)).Select(r => r.Text).ToList();
        var text = new StringBuilder(ReportBytes + 4096);
        for (var i = 0; text.Length < ReportBytes; i++)
        {
            text.Append(own[i % own.Count]).Append("\n\n");
        }

        return text.ToString(0, ReportBytes);
    }

    private void LogDetail(ExtractionScore s)
    {
        foreach (var (report, f) in s.Missed)
        {
            log.WriteLine($"  missed   {report}: {ExtractionCsv.FormatValue(f.Value)} ({f.Phrase})");
        }

        foreach (var (report, f) in s.Spurious)
        {
            log.WriteLine($"  spurious {report}: {ExtractionCsv.FormatValue(f.Value)} {f.Metric} ({f.Phrase})");
        }

        foreach (var p in s.Matched)
        {
            var wrong = new List<string>();
            if (p.Expected.Metric != p.Found.Metric)
            {
                wrong.Add($"metric {p.Expected.Metric ?? "(none)"} read as {p.Found.Metric ?? "(none)"}");
            }

            if (p.Expected.Location != p.Found.Location)
            {
                wrong.Add($"place {p.Expected.Location ?? "(none)"} read as {p.Found.Location ?? "(none)"}");
            }

            if (p.Expected.Date != p.Found.Date)
            {
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"date {p.Expected.Date:yyyy-MM-dd} read as {p.Found.Date:yyyy-MM-dd}"));
            }

            if (wrong.Count > 0)
            {
                log.WriteLine($"  differs  {p.Report}: {p.Found.Phrase}: {string.Join("; ", wrong)}");
            }
        }
    }
}
