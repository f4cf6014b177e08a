using System.Globalization;
using System.Text.Json;
using Bunit;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Charts;
using DisplacementDashboard.Web.Features.Timeline;

namespace DisplacementDashboard.ComponentTests;

public class ApexChartTests : BunitContext
{
    private static FigureRow Arrivals(int id, int day, long value, Qualifier qualifier = Qualifier.Exact) =>
        new(id, WellKnown.CumulativeArrivals, "Cumulative arrivals", MetricKind.Cumulative, WellKnown.Armenia, "Armenia",
            new DateOnly(2023, 9, day), new TimeOnly(8, 0), value, WellKnown.People, "people", UnitKind.Count, 0, qualifier, 1, "Gov", "Gov", null, null);

    [Fact]
    public void ApexChart_HandsTheSeriesItWasGivenToTheJsModule()
    {
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        module.SetupModule("create", _ => true);
        var model = TimelineBuilder.Build(
            [Arrivals(1, 24, 377), Arrivals(2, 26, 13550), Arrivals(3, 26, 13350), Arrivals(4, 27, 42500), Arrivals(5, 25, 3000, Qualifier.Approximate)],
            [],
            TimelineBuilder.DefaultFrom,
            TimelineBuilder.DefaultTo);
        var options = TimelineChartBuilder.Cumulative(model, CultureInfo.InvariantCulture);

        var cut = Render<ApexChart>(p => p.Add(c => c.Options, options).Add(c => c.TestId, "chart-timeline").Add(c => c.AriaLabel, "Arrivals"));

        var invocation = Assert.Single(module.Invocations["create"]);
        var sent = Assert.IsType<JsonElement>(invocation.Arguments[1]);
        var series = sent.GetProperty("series").EnumerateArray().ToList();
        var exactValues = series[0].GetProperty("data").EnumerateArray().Select(p => p.GetProperty("y").GetDecimal()).ToList();
        Assert.Equal([377m, 13550m, 13350m, 42500m], exactValues);
        Assert.Single(series[1].GetProperty("data").EnumerateArray());
        Assert.Equal("datetime", sent.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.False(sent.GetProperty("chart").TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Null);
        Assert.NotNull(cut.Find("[data-testid=chart-timeline] [role=img][aria-label=Arrivals]"));
    }

    [Fact]
    public void ApexChart_NewOptions_AreSentAsAnUpdate_NotANewChart()
    {
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        module.SetupModule("create", _ => true);
        module.SetupVoid("update", _ => true).SetVoidResult();
        var first = new ChartOptions { Chart = new ChartSpec("bar"), Series = [new ChartSeries("a", null, [new ChartPoint("Syunik", 1958)])] };
        var second = first with { Series = [new ChartSeries("a", null, [new ChartPoint("Syunik", 2050)])] };

        var cut = Render<ApexChart>(p => p.Add(c => c.Options, first).Add(c => c.TestId, "chart-marz").Add(c => c.AriaLabel, "By marz"));
        cut.Render(p => p.Add(c => c.Options, second));

        Assert.Single(module.Invocations["create"]);
        var update = Assert.Single(module.Invocations["update"]);
        var sent = Assert.IsType<JsonElement>(update.Arguments[1]);
        Assert.Equal(2050m, sent.GetProperty("series")[0].GetProperty("data")[0].GetProperty("y").GetDecimal());
    }

    [Fact]
    public void ApexChart_KeepsTheChartsHeight_AndDropsTheSkeletonOnceDrawn()
    {
        var module = JSInterop.SetupModule(ApexChart.ModulePath);
        module.SetupModule("create", _ => true);
        var options = new ChartOptions { Chart = new ChartSpec("bar", 360), Series = [new ChartSeries("a", null, [new ChartPoint("Syunik", 1958)])] };

        var cut = Render<ApexChart>(p => p.Add(c => c.Options, options).Add(c => c.TestId, "chart-marz").Add(c => c.AriaLabel, "By marz"));

        // The skeleton while drawing is checked in a browser (ChartTests), where the drawing can be held back.
        Assert.Single(module.Invocations["create"]);
        Assert.Contains("min-height: 375px", cut.Find("[data-testid=chart-marz]").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=chart-marz-skeleton]"));
    }
}
