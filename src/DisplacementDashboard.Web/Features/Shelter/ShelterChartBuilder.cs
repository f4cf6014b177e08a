using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Charts;
using DisplacementDashboard.Web.Features.Timeline;

namespace DisplacementDashboard.Web.Features.Shelter;

/// <summary>Turns a <see cref="ShelterModel"/> into apexcharts options.</summary>
public static class ShelterChartBuilder
{
    public const string ArrivalsSeries = "Arrived in Armenia (running total)";
    public const string AccommodationSeries = "In state-provided accommodation";

    public static ChartOptions OverTime(ShelterModel model)
    {
        return new ChartOptions
        {
            Chart = new ChartSpec("line", 400) { Id = "shelter" },
            Series =
            [
                new ChartSeries(ArrivalsSeries, "line", model.Arrivals.Select(Point).ToList()),
                new ChartSeries(AccommodationSeries, "line", model.Accommodation.Select(Point).ToList()),
            ],
            Colors = ["#1565c0", "#2e7d32"],
            Stroke = new StrokeSpec([2, 3]) { Curve = "straight" },
            Markers = new MarkersSpec([4, 5]),
            Xaxis = new XAxisSpec("datetime") { Labels = new AxisLabels { Format = "dd MMM" }, Title = new AxisTitle("Date (Armenian local time)") },
            Yaxis = [new YAxisSpec { Min = 0, Title = new AxisTitle("People"), NumberFormat = "integer" }],
            Annotations = new AnnotationsSpec(Yaxis: [TimelineChartBuilder.PreparationLine(model.Preparation)]),
            Tooltip = new TooltipSpec(false) { X = new TooltipX("dd MMM yyyy HH:mm"), Intersect = true },
            Legend = new LegendSpec(),
        };
    }

    public static ChartOptions ByMarz(MarzBreakdown breakdown)
    {
        return new ChartOptions
        {
            Chart = new ChartSpec("bar", 360) { Id = "marz" },
            Series = [new ChartSeries("People housed", null, breakdown.Rows.Select(r => new ChartPoint(r.LocationName, r.Value)).ToList())],
            Colors = ["#2e7d32"],
            PlotOptions = new PlotOptionsSpec(new BarSpec(true)),
            Xaxis = new XAxisSpec("category"),
            Yaxis = [new YAxisSpec { NumberFormat = "integer" }],
            Legend = null,
        };
    }

    private static ChartPoint Point(FigureRow f) => new(ChartTime.Of(f.Date, f.Time), f.Value);
}
