using System.Text;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.UnitTests.Infrastructure;

namespace DisplacementDashboard.UnitTests.Csv;

public sealed class FigureCsvWriterTests
{
    private static async Task<string> WriteCellsAsync(Action<SafeCsvWriter> write)
    {
        using var stream = new MemoryStream();
        await using (var writer = new SafeCsvWriter(stream))
        {
            write(writer);
            await writer.EndRowAsync();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Write_TextStartingWithAFormulaCharacter_GetsALeadingApostrophe()
    {
        var text = await CsvFiles.WriteAsync([CsvFiles.Record(note: "=HYPERLINK(\"http://x\",\"click\")")]);

        var row = text.Split('\n')[1];
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NegativeNumbers_StayNumbers_WhileNegativeLookingTextIsGuarded()
    {
        var text = await WriteCellsAsync(w =>
        {
            w.Number(-12);
            w.Number("-3.4");
            w.Text("-12");
            w.Text("@here");
        });

        Assert.Equal("-12,-3.4,'-12,'@here\n", text);
    }

    [Fact]
    public async Task Write_ValueAndIdColumns_AreInvariantNumbers()
    {
        var record = CsvFiles.Record(value: 1_234_567) with { Unit = "USD", Decimals = 2, Metric = "appeal_amount_rrp" };

        var row = (await CsvFiles.WriteAsync([record])).Split('\n')[1].Split(',');

        Assert.Equal("17", row[0]);
        Assert.Equal("3", row[1]);
        Assert.Equal("12345.67", row[7]);
    }

    [Fact]
    public async Task Write_IsUtf8WithoutBom_LfLineEnds_AndHeaderFirst()
    {
        using var stream = new MemoryStream();
        await using (var writer = new FigureCsvWriter(stream))
        {
            await writer.WriteHeaderAsync();
            await writer.WriteAsync(CsvFiles.Record(note: "Ереван, Երևան"));
        }

        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith(CsvFiles.Header + "\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.Contains("\"Ереван, Երևան\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_HxlRow_SitsUnderTheHeader_AndTheParserSkipsIt()
    {
        var text = await CsvFiles.WriteAsync([CsvFiles.Record()], Hxl.Row("cumulative_arrivals_in_armenia"));

        var lines = text.Split('\n');
        Assert.Equal(CsvFiles.Header, lines[0]);
        Assert.Equal(string.Join(",", Hxl.Row("cumulative_arrivals_in_armenia")), lines[1]);
        Assert.Contains("#affected+refugees+arrived+total", lines[1], StringComparison.Ordinal);
        var parsed = CsvFiles.Parse(text);
        Assert.True(parsed.HasHxlRow);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Equal(3, Assert.Single(parsed.Rows).Row);
    }
}
