using System.Globalization;
using System.Text.Json;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Charts;
using DisplacementDashboard.Web.Features.Timeline;
using static DisplacementDashboard.UnitTests.Infrastructure.Figures;

namespace DisplacementDashboard.UnitTests;

public class TimelineChartBuilderTests
{
    private static readonly FigureRow[] Cumulative =
    [
        Row(WellKnown.CumulativeArrivals, "2023-09-24", 377, "18:00"),
        Row(WellKnown.CumulativeArrivals, "2023-09-25", 3000, qualifier: Qualifier.Approximate),
        Row(WellKnown.CumulativeArrivals, "2023-09-26", 28120, "20:00"),
        Row(WellKnown.CumulativeArrivals, "2023-09-27", 42500, "08:00"),
        Row(WellKnown.CumulativeArrivals, "2024-02-01", 115183),
        Row(WellKnown.PlannedCapacity, "2023-09-22", 40000, kind: MetricKind.Capacity),
        Row(WellKnown.PlannedCapacity, "2023-09-21", 40000, unit: "families", kind: MetricKind.Capacity),
    ];

    private static TimelineModel Model() => TimelineBuilder.Build(Cumulative, [], TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);

    [Fact]
    public void Cumulative_HasOnePointPerFigureInTheWindow_SplitByQualifier()
    {
        var options = TimelineChartBuilder.Cumulative(Model(), CultureInfo.InvariantCulture);

        Assert.Equal(3, options.Series.Single(s => s.Name == TimelineChartBuilder.ExactSeries).Data.Count);
        Assert.Single(options.Series.Single(s => s.Name == TimelineChartBuilder.RoundedSeries).Data);
    }

    [Fact]
    public void Cumulative_DrawsUnverifiedFiguresHollow_AndTheKeySaysWhatAHollowPointIs()
    {
        var rows = Cumulative.Select((f, i) => i == 2 ? f with { Verified = true } : f).ToArray();
        var model = TimelineBuilder.Build(rows, [], TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);

        var options = TimelineChartBuilder.Cumulative(model, CultureInfo.InvariantCulture);

        // Exact: 377 (0), 28,120 (1, verified), 42,500 (2); rounded: 3,000 (0). Only the verified one keeps its filled marker.
        Assert.Equal([(0, 0), (0, 2), (1, 0)], options.Markers!.Discrete!.Select(m => (m.SeriesIndex, m.DataPointIndex)));
        Assert.All(options.Markers.Discrete!, m => Assert.Equal("transparent", m.FillColor));
        Assert.Equal(["#1565c0", "#1565c0", "#ef6c00"], options.Markers.Discrete!.Select(m => m.StrokeColor));
        Assert.Contains(TimelineChartBuilder.Key(model, CultureInfo.InvariantCulture), e => e.Key == TimelineChartBuilder.UnverifiedKey);
        var json = JsonSerializer.Serialize(options, ChartJson.Options);
        Assert.Contains("\"discrete\":[{\"seriesIndex\":0,\"dataPointIndex\":0,\"fillColor\":\"transparent\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Cumulative_PointsUseArmenianWallClockOnTheAxis()
    {
        var options = TimelineChartBuilder.Cumulative(Model(), CultureInfo.InvariantCulture);

        var first = options.Series[0].Data[0];
        Assert.Equal(new DateTimeOffset(2023, 9, 24, 18, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), first.X);
        Assert.Equal(377m, first.Y);
    }

    [Fact]
    public void Cumulative_MarksPreparationLineWithItsUnits_AndTheCrossing()
    {
        var model = Model();
        var options = TimelineChartBuilder.Cumulative(model, CultureInfo.InvariantCulture);

        // Short labels on the chart; the key under it carries the units and the crossing's value and source.
        var line = Assert.Single(options.Annotations!.Yaxis!);
        Assert.Equal(40000m, line.Y);
        Assert.Equal(TimelineChartBuilder.PreparationKey, line.Label.Text);
        var crossing = Assert.Single(options.Annotations.Points!);
        Assert.Equal(42500m, crossing.Y);
        var key = TimelineChartBuilder.Key(model, CultureInfo.InvariantCulture);
        Assert.Contains("families, people", key.Single(k => k.Key == TimelineChartBuilder.PreparationKey).Text, StringComparison.Ordinal);
        Assert.Contains("42,500", key.Single(k => k.Key == TimelineChartBuilder.CrossingKey).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Cumulative_EventsInTheWindow_AreNumberedOnTheChart_AndSpelledOutInTheKeyWithTheirDates()
    {
        EventRow Event(int id, string date, string title) =>
            new(id, DateOnly.Parse(date, CultureInfo.InvariantCulture), DatePrecision.Day, title, null, 1, "Gov", null);
        var model = TimelineBuilder.Build(Cumulative,
            [Event(1, "2022-12-12", "Blockade begins"), Event(3, "2023-09-20", "Ceasefire"), Event(2, "2023-09-19", "Offensive")],
            TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);

        var options = TimelineChartBuilder.Cumulative(model, CultureInfo.InvariantCulture);
        var key = TimelineChartBuilder.Key(model, CultureInfo.InvariantCulture);

        Assert.Equal(["1", "2"], options.Annotations!.Xaxis!.Select(a => a.Label.Text));
        Assert.Equal(new DateTimeOffset(2023, 9, 19, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), options.Annotations.Xaxis![0].X);
        Assert.Equal(("1", "19 Sep 2023", "Offensive"), (key[0].Key, key[0].When, key[0].Text));
        Assert.Equal(("2", "20 Sep 2023", "Ceasefire"), (key[1].Key, key[1].When, key[1].Text));
        Assert.DoesNotContain(key, k => k.Text == "Blockade begins");
    }

    [Fact]
    public void Daily_GapsSerialiseAsNull_NotZero()
    {
        var model = TimelineBuilder.Build(Cumulative, [], new DateOnly(2023, 9, 24), new DateOnly(2023, 9, 28));
        var json = ChartJson.ToElement(TimelineChartBuilder.Daily(model));

        var data = json.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(p => p.GetProperty("y")).ToList();
        Assert.Equal(JsonValueKind.Number, data[0].ValueKind);
        Assert.Contains(data, y => y.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(data, y => y.ValueKind == JsonValueKind.Number && y.GetDecimal() == 0);
    }

    [Fact]
    public void Daily_LongGap_SendsItsFirstAndLastDayAsNull_AndEveryDayInBetweenIsLeftOut()
    {
        var model = TimelineBuilder.Build(Cumulative, [], new DateOnly(2023, 9, 24), new DateOnly(2024, 2, 1));

        var points = TimelineChartBuilder.Daily(model).Series.Single(s => s.Name == TimelineChartBuilder.DerivedDailySeries).Data;

        static long Day(int y, int m, int d) => ChartTime.Of(new DateOnly(y, m, d), null);
        Assert.Equal(
            [Day(2023, 9, 24), Day(2023, 9, 25), Day(2023, 9, 26), Day(2023, 9, 27), Day(2023, 9, 28), Day(2024, 1, 31), Day(2024, 2, 1)],
            points.Select(p => (long)p.X));
        Assert.Equal([377m, null, null, 42500m - 28120m, null, null, null], points.Select(p => p.Y));
        Assert.Equal(131, model.Daily.Count);
    }
}
