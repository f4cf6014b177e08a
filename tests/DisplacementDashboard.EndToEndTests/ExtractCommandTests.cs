using System.Text;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The <c>extract</c> verb run as a real process: CSV alone on standard output, reasons on standard error, exit codes 0/1/2.</summary>
public sealed class ExtractCommandTests
{
    private const string Header = "value,qualifier,metric,location,date,time,unit,phrase";

    private const string Report =
        "As of 05:00 on 26 September, the Government reported that 13,350 refugees had entered Armenia.\n\n" +
        "The Government has prepared accommodation for up to 40,000 people [1]. Page 1 of 2\n";

    private static Task<(int ExitCode, string Output, string Errors)> RunAsync(string directory, params string[] args) =>
        AppProcess.RunCommandSeparatelyAsync(directory, "", null, args);

    private static string Write(string directory, string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static List<ExtractedFigure> Rows(string output)
    {
        Assert.StartsWith(Header + "\n", output.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        return ExtractionCsv.Read(new StringReader(output));
    }

    [Fact]
    public async Task Extract_TextReport_WritesOnlyTheCsvOnStandardOutput()
    {
        var directory = AppProcess.NewDirectory();
        var file = Write(directory, "flash-update.txt", Encoding.UTF8.GetBytes(Report));

        var (exitCode, output, errors) = await RunAsync(directory, "extract", "--file", file, "--published", "2023-09-26");

        Assert.True(exitCode == 0, errors);
        var rows = Rows(output);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new ExtractedFigure(13350, Qualifier.Exact, "cumulative_arrivals_in_armenia", "AM", new DateOnly(2023, 9, 26), new TimeOnly(5, 0), "people", "13,350 refugees", -1, 0), rows[0]);
        Assert.Equal((40000m, Qualifier.AtMost, "planned_reception_capacity", "up to 40,000 people"), (rows[1].Value, rows[1].Qualifier, rows[1].Metric, rows[1].Phrase));
        Assert.Contains("2 candidate figures from", errors, StringComparison.Ordinal);
        Assert.Contains("codes from the seed folder", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_WithoutPublicationDate_LeavesRelativeDatesEmpty()
    {
        var directory = AppProcess.NewDirectory();
        var file = Write(directory, "wire.txt", Encoding.UTF8.GetBytes("Officials said on Tuesday that 42,500 people had arrived in Armenia.\n"));

        var (exitCode, output, errors) = await RunAsync(directory, "extract", "--file", file);

        Assert.True(exitCode == 0, errors);
        var row = Assert.Single(Rows(output));
        Assert.Null(row.Date);
        Assert.Contains("no publication date given", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_HtmlReport_ReadsTheVisibleTextOnly()
    {
        var directory = AppProcess.NewDirectory();
        const string html = "<html><head><style>p { margin: 0 }</style><script>var refugees = 99999;</script></head><body>" +
            "<nav><a href='/'>Home</a> 77,777 refugees menu</nav><h1>Flash update</h1>" +
            "<p>As of 26 September, 13,350 refugees had\nentered Armenia.</p><p>UNICEF is appealing for $12.4 million.</p></body></html>";
        var file = Write(directory, "update.html", Encoding.UTF8.GetBytes(html));

        var (exitCode, output, errors) = await RunAsync(directory, "extract", "--file", file, "--published", "2023-09-26");

        Assert.True(exitCode == 0, errors);
        var rows = Rows(output);
        Assert.Equal(["13,350 refugees", "$12.4 million"], rows.Select(r => r.Phrase));
        Assert.Equal("appeal_amount_unicef_hac", rows[1].Metric);
    }

    [Fact]
    public async Task Extract_PdfReport_ReadsItsPageText()
    {
        var directory = AppProcess.NewDirectory();
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("As of 26 September, 13,350 refugees had entered Armenia.", 11, new UglyToad.PdfPig.Core.PdfPoint(40, 780), font);
        page.AddText("The IFRC is seeking CHF 8 million.", 11, new UglyToad.PdfPig.Core.PdfPoint(40, 760), font);
        var file = Write(directory, "appeal.pdf", builder.Build());

        var (exitCode, output, errors) = await RunAsync(directory, "extract", "--file", file, "--published", "2023-09-26");

        Assert.True(exitCode == 0, errors);
        var rows = Rows(output);
        Assert.Contains(rows, r => r.Value == 13350 && r.Metric == "cumulative_arrivals_in_armenia");
        Assert.Contains(rows, r => r.Value == 8_000_000 && r.Unit == "CHF" && r.Metric == "appeal_amount_ifrc");
    }

    [Fact]
    public async Task Extract_StoreWithMetrics_TakesItsCodesFromTheStore()
    {
        var directory = AppProcess.NewDirectory();
        var (created, _, createErrors) = await AppProcess.RunCommandSeparatelyAsync(directory, "a long enough password", null, "create-admin", "--email", "extract@example.org");
        Assert.True(created == 0, createErrors);
        var file = Write(directory, "flash-update.txt", Encoding.UTF8.GetBytes(Report));

        var (exitCode, output, errors) = await RunAsync(directory, "extract", "--file", file, "--published", "2023-09-26");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(2, Rows(output).Count);
        Assert.Contains($"codes from the store {Path.Combine(directory, "dashboard.db")}", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_UnreadableOrNonTextFile_IsRefusedWithExitOne()
    {
        var directory = AppProcess.NewDirectory();
        var binary = Write(directory, "report.txt", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0xFE]);
        var damagedPdf = Write(directory, "report.pdf", Encoding.ASCII.GetBytes("%PDF-1.7 this is not really a pdf"));
        var missing = Path.Combine(directory, "missing.txt");

        var results = new[]
        {
            (await RunAsync(directory, "extract", "--file", missing), $"Not extracted: cannot read {missing}"),
            (await RunAsync(directory, "extract", "--file", binary), "is not text"),
            (await RunAsync(directory, "extract", "--file", damagedPdf), "The PDF could not be read"),
        };

        foreach (var ((exitCode, output, errors), reason) in results)
        {
            Assert.Equal(1, exitCode);
            Assert.Equal("", output.Trim());
            Assert.Contains(reason, errors, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "extract" }, "Usage: extract --file PATH")]
    [InlineData(new[] { "extract", "--file" }, "Usage: extract --file PATH")]
    [InlineData(new[] { "extract", "--file", "a.txt", "--published", "26/09/2023" }, "--published '26/09/2023' is not a date in the form yyyy-MM-dd.")]
    [InlineData(new[] { "extract", "--file", "a.txt", "--format", "json" }, "'--format' is not an option of extract")]
    [InlineData(new[] { "extract", "--file", "a.txt", "--file", "b.txt" }, "'--file' is not an option of extract, or it lacks its value or repeats.")]
    public async Task Extract_WrongUsage_ExitsTwoWithTheReason(string[] args, string reason)
    {
        var (exitCode, output, errors) = await RunAsync(AppProcess.NewDirectory(), args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains(reason, errors, StringComparison.Ordinal);
    }
}
