using DisplacementDashboard.Core.Charts;
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
            // Horizontal bars: apexcharts puts the categories (marzes) on the y axis and the values along x, so the number
            // format belongs to the x axis; on the y axis it would turn every marz name into "NaN".
            Xaxis = new XAxisSpec("category") { NumberFormat = "integer", Title = new AxisTitle("People") },
            Yaxis = [new YAxisSpec()],
            Legend = null,
        };
    }

    /// <summary>The over-time chart's points as data rows, in the table's order.</summary>
    public static IReadOnlyList<ChartDataRow> OverTimeData(ShelterModel model) => model.Accommodation
        .Select(f => ChartData.FromFigure(AccommodationSeries, f))
        .Concat(model.Arrivals.Select(f => ChartData.FromFigure(ArrivalsSeries, f)))
        .OrderBy(r => r.Date.ToDateTime(r.Time ?? TimeOnly.MaxValue))
        .ToList();

    /// <summary>The bars as data rows, one per marz (the marz is the series).</summary>
    public static IReadOnlyList<ChartDataRow> ByMarzData(MarzBreakdown breakdown) =>
        breakdown.Rows.Select(r => ChartData.FromFigure(r.LocationName, r)).ToList();

    private static ChartPoint Point(FigureRow f) => new(ChartTime.Of(f.Date, f.Time), f.Value);
}
