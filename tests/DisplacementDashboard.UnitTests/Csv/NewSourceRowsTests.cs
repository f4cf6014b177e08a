using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.UnitTests.Infrastructure;

namespace DisplacementDashboard.UnitTests.Csv;

/// <summary>An import row whose source key is new creates the source when it describes it (issue 10).</summary>
public sealed class NewSourceRowsTests
{
    private static string Described(string externalId, string key = "unicef-2023-10-02", string title = "UNICEF Armenia Humanitarian Situation Report No. 2", string date = "2023-10-01") =>
        CsvFiles.Row(("external_id", externalId), ("date", date), ("source", key), ("source_title", title), ("source_publisher", "UNICEF"),
            ("source_url", "https://www.unicef.org/documents/armenia-sitrep-2"), ("source_published", "2023-10-02"));

    [Fact]
    public void FirstRowDescribingANewKey_CreatesIt_AndLaterRowsMayLeaveTheCellsEmpty()
    {
        var text = CsvFiles.Header + "\n" + Described("N1") + "\n" + CsvFiles.Row(("external_id", "N2"), ("date", "2023-10-02"), ("source", "unicef-2023-10-02")) + "\n";

        var file = CsvFiles.Parse(text);

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        var created = Assert.Single(file.NewSources);
        Assert.Equal(2, created.Row);
        Assert.Equal(new SourceReference("unicef-2023-10-02", "UNICEF Armenia Humanitarian Situation Report No. 2", "UNICEF", "https://www.unicef.org/documents/armenia-sitrep-2", new DateOnly(2023, 10, 2)), created.Source);
        Assert.All(file.Rows, r => Assert.Equal("unicef-2023-10-02", r.Figure!.Source));
    }

    [Fact]
    public void LaterRowWithADifferentTitle_IsAnError_NamingTheRowThatCreatesTheSource()
    {
        var text = CsvFiles.Header + "\n" + Described("N1") + "\n" + Described("N2", title: "Another title") + "\n";

        var file = CsvFiles.Parse(text);

        var error = Assert.Single(file.Errors);
        Assert.Equal((3, "source_title"), (error.Row, error.Column));
        Assert.Contains("row 2, which creates it", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NewKeyDescribedOnlyInPart_NamesEachMissingCell()
    {
        var row = CsvFiles.Row(("source", "msf-armenia"), ("source_title", "MSF field update"));

        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + row + "\n");

        Assert.Empty(file.NewSources);
        Assert.Equal(["source_published", "source_publisher"], file.Errors.Select(e => e.Column).Order(StringComparer.Ordinal));
        Assert.All(file.Errors, e => Assert.Contains("source 'msf-armenia' is new", e.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void NewKeyNotDescribed_SaysHowToCreateIt()
    {
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("source", "S999")) + "\n");

        var error = Assert.Single(file.Errors);
        Assert.Equal("source", error.Column);
        Assert.Contains("to create it, fill source_title, source_publisher and source_published", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FigureDatedAfterTheNewSourcesPublication_IsAnErrorOnTheDate()
    {
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + Described("N1", date: "2023-10-03") + "\n");

        var error = Assert.Single(file.Errors);
        Assert.Equal("date", error.Column);
        Assert.Contains("after the publication of its source, unicef-2023-10-02 (2023-10-02)", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source_url", "ftp://example.org/report", "source_url")]
    [InlineData("source_published", "02/10/2023", "source_published")]
    [InlineData("source", "bad key with spaces", "source")]
    public void BadDescription_IsAnErrorOnItsCell_AndCreatesNothing(string column, string value, string expectedColumn)
    {
        var row = CsvFiles.Row(("source", column == "source" ? value : "new-1"), ("source_title", "T"), ("source_publisher", "P"), ("source_published", "2023-09-24"), (column == "source" ? "note" : column, column == "source" ? "" : value));

        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + row + "\n");

        Assert.Empty(file.NewSources);
        Assert.Contains(file.Errors, e => e.Column == expectedColumn);
    }

    [Fact]
    public void SeedFile_NeverCreatesSources()
    {
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + Described("N1") + "\n", kind: FigureFileKind.Seed);

        Assert.Empty(file.NewSources);
        Assert.Contains(file.Errors, e => e.Column == "source" && e.Reason.StartsWith("unknown source", StringComparison.Ordinal));
    }
}
