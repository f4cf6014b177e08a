using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.UnitTests;

public sealed class SeedReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dd-seed-").FullName;

    public SeedReaderTests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seed"), "*.csv"))
        {
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadDirectory_ShippedSeed_IsValidAndKeepsConflictingFigures()
    {
        var seed = new SeedReader().ReadDirectory(_directory);

        var lines = File.ReadAllLines(Path.Combine(_directory, "figures.csv")).Length;
        Assert.True(seed.Figures.Count > 100);
        Assert.True(seed.Figures.Count <= lines - 1);
        var atEight = seed.Figures.Where(f => f.MetricCode == WellKnown.CumulativeArrivals && f.Date == new DateOnly(2023, 9, 26) && f.Time == new TimeOnly(8, 0)).Select(f => f.Value).ToList();
        Assert.Contains(13550, atEight);
        Assert.Contains(13350, atEight);
        Assert.Equal(3, seed.Figures.Where(f => f.MetricCode == WellKnown.PlannedCapacity).Select(f => f.UnitCode).Distinct().Count());
    }

    [Fact]
    public void ReadDirectory_MoneyIsStoredInMinorUnits()
    {
        var seed = new SeedReader().ReadDirectory(_directory);

        var rrp = Assert.Single(seed.Figures, f => f.MetricCode == "appeal_amount_rrp");
        Assert.Equal("USD", rrp.UnitCode);
        Assert.Equal(97_000_000_00, rrp.Value);
    }

    [Fact]
    public void ReadDirectory_BadCells_ReportFileRowColumnAndReason()
    {
        var path = Path.Combine(_directory, "figures.csv");
        var lines = File.ReadAllLines(path).ToList();
        lines.Add(",,FX1,no_such_metric,AM,2023-09-40,25:00,-3,people,maybe,S999,,,,,");
        File.WriteAllLines(path, lines);

        var ex = Assert.Throws<SeedValidationException>(() => new SeedReader().ReadDirectory(_directory));

        var row = lines.Count;
        Assert.Contains(ex.Errors, e => e is { File: "figures.csv", Column: "metric" } && e.Row == row && e.Reason.Contains("unknown metric 'no_such_metric'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Column == "date" && e.Row == row);
        Assert.Contains(ex.Errors, e => e.Column == "time" && e.Row == row);
        Assert.Contains(ex.Errors, e => e.Column == "qualifier" && e.Row == row);
        Assert.Contains(ex.Errors, e => e.Column == "source" && e.Row == row);
    }

    [Fact]
    public void ReadDirectory_SourcesPublishedTime_IsOptional_ReadAsYerevanTime_AndCheckedByRow()
    {
        var path = Path.Combine(_directory, "sources.csv");
        var lines = File.ReadAllLines(path).ToList();
        lines[0] += ",published_time";
        lines[1] += ",14:30";
        for (var i = 2; i < lines.Count; i++)
        {
            lines[i] += ",";
        }

        File.WriteAllLines(path, lines);
        var seed = new SeedReader().ReadDirectory(_directory);
        var first = lines[1].Split(',')[0];
        Assert.Equal(new TimeOnly(14, 30), seed.Sources.Single(s => s.Key == first).PublishedTime);
        Assert.All(seed.Sources.Where(s => s.Key != first), s => Assert.Null(s.PublishedTime));

        lines.Add("SX1,A report,Someone,2023-09-27,,news,25:99");
        lines.Add("SX2,Another report,Someone,,,news,09:00");
        File.WriteAllLines(path, lines);
        var ex = Assert.Throws<SeedValidationException>(() => new SeedReader().ReadDirectory(_directory));
        Assert.Contains(ex.Errors, e => e is { File: "sources.csv", Column: "published_time" } && e.Row == lines.Count - 1 && e.Reason.Contains("'25:99' is not a time", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e is { File: "sources.csv", Column: "published_time" } && e.Row == lines.Count && e.Reason.Contains("needs the date", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadDirectory_ShippedSeed_NamesEveryMarzInArmenianAndRussian()
    {
        var seed = new SeedReader().ReadDirectory(_directory);

        var marzes = seed.Locations.Where(l => l.Level == LocationLevel.Adm1).ToList();
        Assert.Equal(11, marzes.Count);
        Assert.All(seed.Locations, l => Assert.True(Core.Editing.ReferenceRules.IsArmenianScript(l.NameHy ?? ""), $"{l.Code}: '{l.NameHy}'"));
        Assert.All(seed.Locations, l => Assert.True(Core.Editing.ReferenceRules.IsCyrillicScript(l.NameRu ?? ""), $"{l.Code}: '{l.NameRu}'"));
        Assert.Equal("Սյունիք", seed.Locations.Single(l => l.Code == "AM-SU").NameHy);
        Assert.Equal("Сюник", seed.Locations.Single(l => l.Code == "AM-SU").NameRu);
    }

    [Theory]
    [InlineData("Syunik", "Сюник", "name_hy", "not in Armenian script")]
    [InlineData("Սյունիք", "Syunik", "name_ru", "not in Cyrillic script")]
    [InlineData("Սյունիք", "Сюник Syunik", "name_ru", "not in Cyrillic script")]
    public void ReadDirectory_PlaceNameInTheWrongScript_IsRefusedWithItsColumn(string nameHy, string nameRu, string column, string reason)
    {
        var path = Path.Combine(_directory, "locations.csv");
        var lines = File.ReadAllLines(path).ToList();
        lines.Add($"AM-SU-KAPAN,Kapan,AM-SU,place,,{nameHy},{nameRu}");
        File.WriteAllLines(path, lines);

        var ex = Assert.Throws<SeedValidationException>(() => new SeedReader().ReadDirectory(_directory));

        Assert.Contains(ex.Errors, e => e is { File: "locations.csv" } && e.Column == column && e.Row == lines.Count && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void ReadDirectory_UnitThatDoesNotFitMetric_IsRefused()
    {
        var path = Path.Combine(_directory, "figures.csv");
        File.AppendAllText(path, ",,FX2,cumulative_arrivals_in_armenia,AM,2023-09-30,,100,USD,exact,S001,,,,,\n");

        var ex = Assert.Throws<SeedValidationException>(() => new SeedReader().ReadDirectory(_directory));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("unit", error.Column);
        Assert.Contains("does not fit metric", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_WrongHeader_IsRefusedWithTheExpectedColumns()
    {
        File.WriteAllText(Path.Combine(_directory, "units.csv"), "code;name;kind;decimals\npeople;people;count;0\n");

        var ex = Assert.Throws<SeedValidationException>(() => new SeedReader().ReadDirectory(_directory));

        Assert.Contains(ex.Errors, e => e is { File: "units.csv", Row: 1, Column: "(header)" });
    }

    [Fact]
    public void ReadDirectory_DuplicateId_IsRefused()
    {
        var path = Path.Combine(_directory, "sources.csv");
        var first = File.ReadAllLines(path)[1];
        File.AppendAllText(path, first + "\n");

        var ex = Assert.Throws<SeedValidationException>(() => new SeedReader().ReadDirectory(_directory));

        Assert.Contains(ex.Errors, e => e.File == "sources.csv" && e.Column == "id" && e.Reason.Contains("repeats row 2", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UnAgency", "un-agency")]
    [InlineData("RedCross", "red-cross")]
    [InlineData("Adm1", "adm1")]
    public void ToFileText_WritesKebabCase(string name, string expected) => Assert.Equal(expected, SeedReader.ToFileText(name));

    [Fact]
    public void ReadDirectory_ParsesEnumsFromFileText()
    {
        var seed = new SeedReader().ReadDirectory(_directory);

        Assert.Contains(seed.Locations, l => l.Level == LocationLevel.Adm1);
        Assert.Contains(seed.Events, e => e.Precision == DatePrecision.Month);
    }
}
