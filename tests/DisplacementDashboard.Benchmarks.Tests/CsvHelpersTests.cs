using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Csv;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class CountingStreamTests
{
    [Fact]
    public async Task CountsEveryWriteAndKeepsNothing()
    {
        using var sink = new CountingStream();
        sink.Write([1, 2, 3, 4], 1, 2);
        sink.Write(new byte[5].AsSpan());
        sink.WriteByte(9);
        await sink.WriteAsync(new byte[7].AsMemory());
        await sink.WriteAsync(new byte[10], 0, 3);
        await sink.FlushAsync();
        Assert.Equal(2 + 5 + 1 + 7 + 3, sink.Bytes);
        Assert.Equal(sink.Bytes, sink.Length);
        Assert.True(sink.CanWrite);
        Assert.False(sink.CanRead);
        Assert.Throws<NotSupportedException>(() => sink.Read(new byte[1], 0, 1));
    }

    [Fact]
    public async Task CountsWhatAStreamWriterSends()
    {
        using var sink = new CountingStream();
        await using (var writer = new StreamWriter(sink, leaveOpen: true))
        {
            await writer.WriteAsync("héllo"); // é is two bytes in UTF-8
        }

        Assert.Equal(6, sink.Bytes);
    }

    [Fact]
    public void RefusesACountBeyondTheBuffer()
    {
        using var sink = new CountingStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => sink.Write(new byte[4], 2, 3));
        Assert.Equal(0, sink.Bytes);
    }
}

public sealed class HeapSamplerTests
{
    [Theory]
    [InlineData(100L << 20, 100L << 20, true)]
    [InlineData(20L << 20, 30L << 20, true)]
    [InlineData(20L << 20, 40L << 20, false)]
    [InlineData(10L << 20, 200L << 20, false)]
    public void Flat_WhenTheLargerRunStaysWithinAQuarterAndEightMegabytes(long small, long large, bool flat) =>
        Assert.Equal(flat, HeapSampler.IsFlat(small, large));

    [Fact]
    public async Task ReturnsTheResultAndSeesTheAllocations()
    {
        var (result, profile) = await HeapSampler.RunAsync(async () =>
        {
            var keep = new byte[4 * 1024 * 1024];
            await Task.Delay(50);
            return keep.Length;
        });
        Assert.Equal(4 * 1024 * 1024, result);
        Assert.True(profile.Allocated >= 4 * 1024 * 1024);
        Assert.True(profile.Samples > 0);
        Assert.True(profile.PeakHeap > 0);
    }
}

public sealed class ImportFileTests
{
    [Fact]
    public async Task SameSeed_GivesTheSameBytes_AnotherSeedOthers()
    {
        var plan = new SyntheticPlan(5, 20_000);
        var a = await ImportFile.CreateAsync(plan, 500, 1);
        var b = await ImportFile.CreateAsync(plan, 500, 1);
        var c = await ImportFile.CreateAsync(plan, 500, 2);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task IsAValidImportOfNewFigures_InTheExportFormat()
    {
        var plan = new SyntheticPlan(5, 20_000);
        var bytes = await ImportFile.CreateAsync(plan, 2_000, 3);
        var parsed = new FigureCsvParser(new ImportOptions()).Parse(new MemoryStream(bytes), ImportFile.Reference(plan), FigureFileKind.Import);

        Assert.True(parsed.IsValid, string.Join("\n", parsed.Errors.Take(5).Select(e => $"{e.Row} {e.Column} {e.Reason}")));
        Assert.Equal(2_000, parsed.Rows.Count);
        Assert.All(parsed.Rows, r => Assert.Null(r.Figure!.FigureId));
        Assert.Equal(2_000, parsed.Rows.Select(r => r.Figure!.ExternalId).Distinct().Count());
        Assert.Contains(parsed.Rows, r => r.Figure!.Note is { } note && FormulaGuard.StartsWithTrigger(note));
        Assert.All(parsed.Rows, r => Assert.InRange(r.Figure!.Date, plan.CrisisStarts.Min(), plan.CrisisStarts.Max().AddDays(365)));
        Assert.StartsWith(string.Join(",", FigureCsv.Columns) + "\n", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}

public sealed class MarkdownReportTests
{
    [Fact]
    public void Write_ReplacesOnlyItsOwnSection_AndAppendsAMissingOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dd-report-{Guid.NewGuid():N}.md");
        try
        {
            File.WriteAllText(path, "# Doc\n\n<!-- benchmark-results:start -->\nold table\n<!-- benchmark-results:end -->\n\ntext after\n");
            MarkdownReport.Write(path, "csv table v1\n", MarkdownReport.Section("csv"));
            MarkdownReport.Write(path, "csv table v2\n", MarkdownReport.Section("csv"));
            var text = File.ReadAllText(path);

            Assert.Contains("old table", text, StringComparison.Ordinal);
            Assert.Contains("text after", text, StringComparison.Ordinal);
            Assert.DoesNotContain("csv table v1", text, StringComparison.Ordinal);
            Assert.Contains("<!-- benchmark-results-csv:start -->\ncsv table v2\n<!-- benchmark-results-csv:end -->", text, StringComparison.Ordinal);

            MarkdownReport.Write(path, "new table\n");
            text = File.ReadAllText(path);
            Assert.Contains("new table", text, StringComparison.Ordinal);
            Assert.DoesNotContain("old table", text, StringComparison.Ordinal);
            Assert.Contains("csv table v2", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class RunSettingsTests
{
    [Fact]
    public void OnlyCsv_RunsTheCsvSuiteAlone_WithTheGoalSizesInFullMode()
    {
        var full = RunSettings.Parse(["--full", "--only", "csv"]);
        Assert.True(full.Runs("csv"));
        Assert.False(full.Runs("query"));
        Assert.Equal(100_000, full.ImportRows);
        Assert.Equal(1_000_000, full.Figures);
        Assert.True(RunSettings.Parse(["--quick"]).Runs("query"));
    }
}
