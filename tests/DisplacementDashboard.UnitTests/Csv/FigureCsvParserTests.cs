using System.Text;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.UnitTests.Infrastructure;

namespace DisplacementDashboard.UnitTests.Csv;

public sealed class FigureCsvParserTests
{
    private static CsvError SingleError(FigureCsvFile file)
    {
        Assert.False(file.IsValid);
        return Assert.Single(file.Errors);
    }

    [Fact]
    public void Parse_ValidRow_GivesTypedValues()
    {
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("figure_id", "17"), ("revision", "2"), ("note", "\"a, \"\"quoted\"\" note\"")) + "\n");

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        var figure = Assert.Single(file.Rows).Figure!;
        Assert.Equal(17, figure.FigureId);
        Assert.Equal(2, figure.Revision);
        Assert.Equal("X1", figure.ExternalId);
        Assert.Equal(new DateOnly(2023, 9, 24), figure.Date);
        Assert.Equal(new TimeOnly(18, 0), figure.Time);
        Assert.Equal(377, figure.Value);
        Assert.Equal(Qualifier.Exact, figure.Qualifier);
        Assert.Equal("a, \"quoted\" note", figure.Note);
        Assert.NotNull(file.Sha256);
    }

    [Fact]
    public void Parse_WithBom_IsTheSameFile()
    {
        var text = CsvFiles.Header + "\n" + CsvFiles.Row() + "\n";
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var file = CsvFiles.Parse(bom);

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
        Assert.Single(file.Rows);
    }

    [Fact]
    public void Parse_Sha256_IsTheHashOfTheFileBytes()
    {
        var bytes = Encoding.UTF8.GetBytes(CsvFiles.Header + "\n" + CsvFiles.Row() + "\n");

        var file = CsvFiles.Parse(bytes);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), file.Sha256);
    }

    [Fact]
    public void Parse_RowNumbers_CountRecordsNotLines()
    {
        var text = CsvFiles.Header + "\n" + CsvFiles.Row(("note", "\"line one\nline two\"")) + "\n" + CsvFiles.Row(("external_id", "X2"), ("value", "-4")) + "\n";

        var error = SingleError(CsvFiles.Parse(text));

        Assert.Equal(3, error.Row);
        Assert.Equal("value", error.Column);
        Assert.Contains("negative", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_GuardedText_IsRestored_AndUnguardedFormulaIsRefused()
    {
        var text = CsvFiles.Header + "\n"
            + CsvFiles.Row(("note", "'=1+2")) + "\n"
            + CsvFiles.Row(("external_id", "X2"), ("value", "378"), ("note", "=1+2")) + "\n";

        var file = CsvFiles.Parse(text);

        Assert.Equal("=1+2", file.Rows[0].Figure!.Note);
        var error = Assert.Single(file.Errors);
        Assert.Equal((3, "note"), (error.Row, error.Column));
        Assert.Contains("spreadsheet formula", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("value", "-5", "negative")]
    [InlineData("value", "\"1,000\"", "not a plain number")]
    [InlineData("value", "12.5", "not a whole number")]
    [InlineData("value", "99999999999999999999", "too large")]
    [InlineData("value", "abc", "not a plain number")]
    [InlineData("date", "24/09/2023", "not a date in the form yyyy-MM-dd")]
    [InlineData("date", "2023-02-30", "not a date")]
    [InlineData("time", "25:00", "not a time")]
    [InlineData("metric", "no_such_metric", "unknown metric 'no_such_metric'")]
    [InlineData("location", "XX", "unknown location 'XX'")]
    [InlineData("unit", "litres", "unknown unit 'litres'")]
    [InlineData("unit", "USD", "does not fit metric")]
    [InlineData("source", "S999", "unknown source 'S999'")]
    [InlineData("qualifier", "maybe", "not one of exact")]
    [InlineData("figure_id", "0", "not a whole number from 1")]
    [InlineData("external_id", "a b", "not a valid external id")]
    [InlineData("source_title", "Another title", "differs from the title of source S004")]
    [InlineData("source_published", "2023-09-25", "differs from the publication date")]
    public void Parse_BadCell_ReportsRowColumnAndReason(string column, string value, string reason)
    {
        var error = SingleError(CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row((column, value)) + "\n"));

        Assert.Equal((2, column), (error.Row, error.Column));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MatchingProvenance_IsAccepted()
    {
        var t = CsvFiles.Tass;
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("source_title", t.Title), ("source_publisher", t.Publisher), ("source_url", t.Url!), ("source_published", "2023-09-24")) + "\n");

        Assert.True(file.IsValid, string.Join("; ", file.Errors));
    }

    [Fact]
    public void Parse_PercentAllowsOneDecimal()
    {
        var file = CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("metric", "share_of_population_fled"), ("unit", "percent"), ("value", "3.4")) + "\n");

        Assert.Equal(34, Assert.Single(file.Rows).Figure!.Value);
    }

    [Fact]
    public void Parse_WrongHeader_NamesTheExpectedColumns()
    {
        var error = SingleError(CsvFiles.Parse("id,metric,location\nF1,x,AM\n"));

        Assert.Equal((1, "(header)"), (error.Row, error.Column));
        Assert.Contains(CsvFiles.Header, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyFile_SaysSo()
    {
        var error = SingleError(CsvFiles.Parse(""));

        Assert.Contains("empty", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongFieldCount_IsReportedForTheRow()
    {
        var error = SingleError(CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row() + ",extra\n"));

        Assert.Equal((2, "(row)"), (error.Row, error.Column));
        Assert.Contains("has 17 fields; expected 16", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuoteInsideAnUnquotedField_IsBrokenQuoting()
    {
        var error = SingleError(CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("note", "say \"hi\" there")) + "\n"));

        Assert.Equal(2, error.Row);
        Assert.Contains("broken quoting", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuoteNeverClosed_IsBrokenQuoting()
    {
        var text = CsvFiles.Header + "\n" + CsvFiles.Row(("note", "\"never closed")) + "\n" + CsvFiles.Row(("external_id", "X2"), ("value", "5")) + "\n";

        var error = SingleError(CsvFiles.Parse(text));

        Assert.Equal(2, error.Row);
        Assert.Contains("has no closing quote", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateRows_AreRefused()
    {
        var text = CsvFiles.Header + "\n" + CsvFiles.Row() + "\n" + CsvFiles.Row(("external_id", "")) + "\n" + CsvFiles.Row(("value", "1")) + "\n";

        var errors = CsvFiles.Parse(text).Errors.ToList();

        Assert.Contains(errors, e => e is { Row: 3, Column: "(row)" } && e.Reason.Contains("repeats row 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Row: 4, Column: "external_id" } && e.Reason.Contains("'X1' repeats row 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_FileOverTheSizeLimit_IsRefusedWithTheSetting()
    {
        var text = CsvFiles.Header + "\n" + string.Join("\n", Enumerable.Range(1, 50).Select(i => CsvFiles.Row(("external_id", $"X{i}")))) + "\n";

        var file = CsvFiles.Parse(text, new ImportOptions { MaxFileBytes = 1024 });

        var error = SingleError(file);
        Assert.Equal("(file)", error.Column);
        Assert.Contains("larger than the limit of 1024 bytes (setting Import:MaxFileBytes)", error.Reason, StringComparison.Ordinal);
        Assert.Null(file.Sha256);
    }

    [Fact]
    public void Parse_TooManyRows_IsRefusedWithTheSetting()
    {
        var text = CsvFiles.Header + "\n" + string.Join("\n", Enumerable.Range(1, 4).Select(i => CsvFiles.Row(("external_id", $"X{i}"), ("value", $"{i}")))) + "\n";

        var error = SingleError(CsvFiles.Parse(text, new ImportOptions { MaxRows = 3 }));

        Assert.Equal((5, "(file)"), (error.Row, error.Column));
        Assert.Contains("more than 3 data rows", error.Reason, StringComparison.Ordinal);
        Assert.Contains("Import:MaxRows", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongField_IsRefusedWithTheSetting()
    {
        var error = SingleError(CsvFiles.Parse(CsvFiles.Header + "\n" + CsvFiles.Row(("note", new string('n', 101))) + "\n", new ImportOptions { MaxFieldLength = 100 }));

        Assert.Equal((2, "note"), (error.Row, error.Column));
        Assert.Contains("101 characters long; the limit is 100 (setting Import:MaxFieldLength)", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsRefused()
    {
        var bytes = Encoding.UTF8.GetBytes(CsvFiles.Header + "\n" + CsvFiles.Row(("note", "caf")) + "\n").ToList();
        bytes.InsertRange(bytes.Count - 1, new byte[] { 0xC3, 0x28 });

        var error = SingleError(CsvFiles.Parse(bytes.ToArray()));

        Assert.Contains("not valid UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BinaryData_IsRefused()
    {
        var error = SingleError(CsvFiles.Parse(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D }));

        Assert.Equal((0, "(file)"), (error.Row, error.Column));
        Assert.Contains("binary data", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Seed_NeedsExternalIds_AndNoStoreIds()
    {
        var text = CsvFiles.Header + "\n" + CsvFiles.Row(("external_id", "")) + "\n" + CsvFiles.Row(("external_id", "X2"), ("value", "5"), ("figure_id", "3")) + "\n";

        var errors = CsvFiles.Parse(text, kind: FigureFileKind.Seed).Errors.ToList();

        Assert.Contains(errors, e => e is { Row: 2, Column: "external_id" });
        Assert.Contains(errors, e => e is { Row: 3, Column: "figure_id" } && e.Reason.Contains("must be empty in the seed", StringComparison.Ordinal));
    }
}
