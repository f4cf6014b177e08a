using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.UnitTests.Extraction;

/// <summary>The labelled fixtures the benchmark scores against are themselves well-formed.</summary>
public class ExtractionFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ExtractionFixtures");

    public static TheoryData<string> OwnReports()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "reports.csv")).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',', 5);
            if (!cells[1].StartsWith("shared:", StringComparison.Ordinal))
            {
                data.Add(cells[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OwnReports))]
    public void Fixture_EveryLabelledPhrase_StandsVerbatimInTheText(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder, name + ".txt"));
        using var reader = File.OpenText(Path.Combine(Folder, name + ".expected.csv"));
        var expected = ExtractionCsv.Read(reader);
        Assert.NotEmpty(expected);
        Assert.All(expected, f => Assert.Contains(f.Phrase, text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(OwnReports))]
    public void Fixture_EveryLabelledCode_IsInTheSeed(string name)
    {
        var seed = new SeedReader().ReadDirectory(Path.Combine(AppContext.BaseDirectory, "seed"));
        using var reader = File.OpenText(Path.Combine(Folder, name + ".expected.csv"));
        foreach (var f in ExtractionCsv.Read(reader))
        {
            Assert.True(f.Metric is null || seed.Metrics.Any(m => m.Code == f.Metric), $"{name}: metric {f.Metric}");
            Assert.True(f.Location is null || seed.Locations.Any(l => l.Code == f.Location), $"{name}: location {f.Location}");
            Assert.True(f.Unit is null || seed.Units.Any(u => u.Code == f.Unit), $"{name}: unit {f.Unit}");
        }
    }
}
