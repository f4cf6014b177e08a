using System.Globalization;
using System.Text.Json;
using DisplacementDashboard.Core.Charts;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;
using DisplacementDashboard.Web.Features.Shelter;
using static DisplacementDashboard.UnitTests.Infrastructure.Figures;

namespace DisplacementDashboard.UnitTests;

public class ChartDataTests
{
    [Fact]
    public async Task Csv_WritesIsoTimesInArmenianTime_InvariantNumbers_AndTheSource()
    {
        var rows = new[]
        {
            ChartData.FromFigure("Arrived", Row(WellKnown.CumulativeArrivals, "2023-09-24", 1_234_567, "18:00")),
            ChartData.FromFigure("Arrived", Row(WellKnown.CumulativeArrivals, "2023-09-25", 3000, qualifier: Qualifier.Approximate, sourceId: 2)),
            ChartData.FromFigure("Share", Row("share_of_population_fled", "2023-09-30", 994, unit: "percent", unitKind: UnitKind.Percent, decimals: 1)),
        };

        var csv = await ChartData.ToCsvAsync(rows);

        Assert.Equal(
            ChartData.CsvHeader + "\n" +
            "Arrived,2023-09-24T18:00+04:00,1234567,people,exact,Source 1,https://example.org/1\n" +
            "Arrived,2023-09-25,3000,people,approximate,Source 2,https://example.org/2\n" +
            "Share,2023-09-30,99.4,percent,exact,Source 1,https://example.org/1\n",
            csv);
    }

    [Fact]
    public async Task Csv_TextThatStartsAFormula_IsNeutralised()
    {
        var row = ChartData.FromFigure("=HYPERLINK(\"http://evil\")", Row(WellKnown.CumulativeArrivals, "2023-09-24", 377)) with { SourceTitle = "@SUM(A1)" };

        var csv = await ChartData.ToCsvAsync([row]);

        var line = csv.Split('\n')[1];
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",", line, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1),", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_CarriesTheCaption_AndNumbersAsNumbers()
    {
        var rows = new[]
        {
            ChartData.FromFigure("Arrived", Row(WellKnown.CumulativeArrivals, "2023-09-24", 377, "18:00")),
            ChartData.FromFigure("Arrived", Row(WellKnown.CumulativeArrivals, "2023-09-27", 42500, "08:00", sourceId: 2)),
        };

        using var json = JsonDocument.Parse(ChartData.ToJson("Cumulative arrivals", "http://host/timeline?from=2023-09-15", rows, CultureInfo.GetCultureInfo("en-GB")));

        var root = json.RootElement;
        Assert.Equal("Cumulative arrivals", root.GetProperty("title").GetString());
        Assert.Equal("http://host/timeline?from=2023-09-15", root.GetProperty("address").GetString());
        Assert.Equal("Sources: Source 1; Source 2", root.GetProperty("source").GetString());
        Assert.Equal("Figures as of 27 Sept 2023, 08:00 (Armenian time)", root.GetProperty("asOf").GetString());
        var second = root.GetProperty("rows")[1];
        Assert.Equal(42500m, second.GetProperty("value").GetDecimal());
        Assert.Equal("2023-09-27T08:00+04:00", second.GetProperty("dateTime").GetString());
        Assert.Equal("https://example.org/2", second.GetProperty("sourceUrl").GetString());
    }

    [Fact]
    public void AsOf_AnUntimedFigureCountsAsTheEndOfItsDay()
    {
        var rows = new[]
        {
            ChartData.FromFigure("A", Row(WellKnown.CumulativeArrivals, "2023-09-29", 97_700, "20:00")),
            ChartData.FromFigure("A", Row(WellKnown.CumulativeArrivals, "2023-09-29", 97_735)),
        };

        Assert.Equal("Figures as of 29 Sep 2023", ChartData.AsOf(rows, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Daily_OneRowPerDayWithANumber_CitingTheTotalThatGaveTheLevel()
    {
        var cumulative = new[]
        {
            Row(WellKnown.CumulativeArrivals, "2023-09-24", 377, "18:00", sourceId: 1),
            Row(WellKnown.CumulativeArrivals, "2023-09-26", 28120, "20:00", sourceId: 3),
        };
        var daily = new[]
        {
            new DailyFlow(new DateOnly(2023, 9, 24), 377, 377, DailyFlowStatus.FirstDay, null),
            new DailyFlow(new DateOnly(2023, 9, 25), null, null, DailyFlowStatus.NoReport, 377),
            new DailyFlow(new DateOnly(2023, 9, 26), 28120, null, DailyFlowStatus.NoPreviousDay, null),
        };
        var reported = new[] { Row(WellKnown.ArrivalsOnDay, "2023-09-26", 19_500, sourceId: 4, kind: MetricKind.Flow) };

        var rows = ChartData.Daily("Derived", "Reported", daily, cumulative, reported);

        Assert.Equal(2, rows.Count);
        Assert.Equal(("Derived", "2023-09-24", "377", "Source 1"), (rows[0].Series, rows[0].When, rows[0].Value, rows[0].SourceTitle));
        Assert.Equal(("Reported", "2023-09-26", "19500", "Source 4"), (rows[1].Series, rows[1].When, rows[1].Value, rows[1].SourceTitle));
    }

    [Fact]
    public void ByMarz_FormatsTheValueAxis_NotTheMarzNames()
    {
        var snapshot = new DisplacementDashboard.Core.Dashboard.MarzSnapshot(new DateOnly(2023, 9, 28), new TimeOnly(20, 0), 1, "Source 1");
        var rows = new[] { Row(WellKnown.AccommodationByMarz, "2023-09-28", 5_000, "20:00", location: "AM-KT") };
        var breakdown = new DisplacementDashboard.Core.Dashboard.MarzBreakdown(snapshot, rows, 5_000, null);

        var options = ShelterChartBuilder.ByMarz(breakdown);

        // apexcharts draws horizontal bars' categories on y: a number formatter there turns every marz name into "NaN".
        Assert.True(options.PlotOptions!.Bar.Horizontal);
        Assert.Equal("integer", options.Xaxis!.NumberFormat);
        Assert.All(options.Yaxis!, y => Assert.Null(y.NumberFormat));
        Assert.Equal("AM-KT", Assert.Single(options.Series[0].Data).X);
    }
}
