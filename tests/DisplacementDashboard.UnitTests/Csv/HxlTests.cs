using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.UnitTests.Csv;

public sealed partial class HxlTests
{
    [Theory]
    [InlineData("cumulative_arrivals_in_armenia", MetricKind.Cumulative, "people", "#affected+refugees+arrived+total")]
    [InlineData("state_provided_accommodation_by_marz", MetricKind.Cumulative, "people", "#affected+refugees+sheltered")]
    [InlineData("depot_blast_deaths", MetricKind.Casualty, "people", "#affected+killed")]
    [InlineData("appeal_amount_rrp", MetricKind.Money, "USD", "#value+funding+required+usd")]
    [InlineData("donor_pledge_eu", MetricKind.Money, "EUR", "#value+funding+pledged+eur")]
    [InlineData("gov_cash_one_time_per_person", MetricKind.Money, "AMD", "#value+funding+amd")]
    [InlineData("some_new_metric", MetricKind.Flow, "people", Hxl.DefaultValueTag)]
    [InlineData(null, null, null, Hxl.DefaultValueTag)]
    public void ValueTag_FollowsTheDocumentedMapping(string? metric, MetricKind? kind, string? unit, string expected) =>
        Assert.Equal(expected, Hxl.ValueTag(metric, kind, unit));

    [Fact]
    public void Row_HasOneValidHashtagPerColumn()
    {
        var row = Hxl.Row();

        Assert.Equal(FigureCsv.Columns.Count, row.Count);
        Assert.All(row, tag => Assert.Matches(HashtagPattern(), tag));
        Assert.All(Hxl.MetricTags.Values, tag => Assert.Matches(HashtagPattern(), tag));
    }

    [Fact]
    public void Docs_ListEveryMappedMetricWithItsTag()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "csv-format.md"));

        foreach (var (metric, tag) in Hxl.MetricTags)
        {
            Assert.Contains($"| `{metric}` | `{tag}` |", docs, StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DisplacementDashboard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^#[a-z][a-z0-9_]*(\\+[a-z][a-z0-9_]*)*$")]
    private static partial Regex HashtagPattern();
}
