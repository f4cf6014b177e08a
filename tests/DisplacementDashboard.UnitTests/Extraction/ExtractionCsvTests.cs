using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Extraction;

namespace DisplacementDashboard.UnitTests.Extraction;

public class ExtractionCsvTests
{
    [Fact]
    public void Write_ThenRead_KeepsEveryColumnAndQuotesThePhrase()
    {
        var figures = new[]
        {
            new ExtractedFigure(100632m, Qualifier.AtMost, "cumulative_arrivals_in_armenia", "AM", new DateOnly(2023, 10, 2), new TimeOnly(12, 0), "people", "up to 100,632 refugees", 5, 22),
            new ExtractedFigure(2.5m, Qualifier.Exact, null, null, null, null, null, "2.5 \"per\" cent", 0, 14),
        };
        using var writer = new StringWriter();
        ExtractionCsv.Write(writer, figures);
        var text = writer.ToString();
        Assert.StartsWith("value,qualifier,metric,location,date,time,unit,phrase\n", text, StringComparison.Ordinal);
        Assert.Contains("100632,at-most,cumulative_arrivals_in_armenia,AM,2023-10-02,12:00,people,\"up to 100,632 refugees\"", text, StringComparison.Ordinal);
        var back = ExtractionCsv.Read(new StringReader(text));
        Assert.Equal(figures.Select(f => f with { Start = -1, Length = 0 }), back);
    }

    [Theory]
    [InlineData("value,qualifier,metric,location,date,time,unit,phrase\nabc,exact,,,,,,x\n", "value 'abc'")]
    [InlineData("value,qualifier,metric,location,date,time,unit,phrase\n5,roughly,,,,,,x\n", "qualifier 'roughly'")]
    [InlineData("value,qualifier,metric,location,date,time,unit,phrase\n5,exact,,,2023-13-01,,,x\n", "date '2023-13-01'")]
    [InlineData("value,qualifier\n5,exact\n", "header")]
    public void Read_BadRow_SaysWhichRowAndField(string csv, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ExtractionCsv.Read(new StringReader(csv)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
