using System.Globalization;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Series;
using DisplacementDashboard.Web.Components.Charts;

namespace DisplacementDashboard.Web.Features.Timeline;

/// <summary>Turns a <see cref="TimelineModel"/> into apexcharts options. No data access, no rendering.</summary>
public static class TimelineChartBuilder
{
    public const string ExactSeries = "Reported total (exact)";
    public const string RoundedSeries = "Reported total (rounded, 'about' or 'more than')";
    public const string DerivedDailySeries = "Arrivals per day (derived from reported totals)";
    public const string ReportedDailySeries = "Arrivals on one day (reported by officials)";

    public static ChartOptions Cumulative(TimelineModel model, CultureInfo culture)
    {
        var exact = model.Cumulative.Where(f => f.Qualifier == Qualifier.Exact).ToList();
        var rounded = model.Cumulative.Where(f => f.Qualifier != Qualifier.Exact).ToList();
        var points = new List<PointAnnotation>();
        if (model.PreparationCrossing is { } crossing)
        {
            var when = FigureFormat.When(crossing.FirstAtOrAbove.Date, crossing.FirstAtOrAbove.Time, culture);
            points.Add(new PointAnnotation(
                ChartTime.Of(crossing.FirstAtOrAbove.Date, crossing.FirstAtOrAbove.Time),
                crossing.FirstAtOrAbove.Value,
                new AnnotationLabel($"Passed 40,000: {crossing.FirstAtOrAbove.Value.ToString("N0", culture)} by {when}")
                {
                    Style = new LabelStyle("#b71c1c", "#ffffff"),
                }));
        }

        return new ChartOptions
        {
            Chart = new ChartSpec("scatter", 420) { Id = "timeline" },
            Series =
            [
                new ChartSeries(ExactSeries, "scatter", exact.Select(Point).ToList()),
                new ChartSeries(RoundedSeries, "scatter", rounded.Select(Point).ToList()),
            ],
            Colors = ["#1565c0", "#ef6c00"],
            Markers = new MarkersSpec([6, 6]),
            Xaxis = new XAxisSpec("datetime")
            {
                Min = ChartTime.StartOf(model.From),
                Max = ChartTime.StartOf(model.To.AddDays(1)),
                Labels = new AxisLabels { Format = "dd MMM" },
                Title = new AxisTitle("Date (Armenian local time, UTC+4)"),
            },
            Yaxis = [new YAxisSpec { Min = 0, Title = new AxisTitle("People arrived (running total)"), NumberFormat = "integer" }],
            Annotations = new AnnotationsSpec(
                Yaxis: [PreparationLine(model.Preparation)],
                Xaxis: EventLines(model),
                Points: points),
            Tooltip = new TooltipSpec(false) { X = new TooltipX("dd MMM yyyy HH:mm"), Intersect = true },
            Legend = new LegendSpec(),
        };
    }

    public static ChartOptions Daily(TimelineModel model)
    {
        return new ChartOptions
        {
            Chart = new ChartSpec("line", 320) { Id = "daily" },
            Series =
            [
                new ChartSeries(DerivedDailySeries, "column", DailyPoints(model.Daily)),
                new ChartSeries(ReportedDailySeries, "scatter", model.ReportedDaily.Select(f => new ChartPoint(ChartTime.Of(f.Date, null), f.Value)).ToList()),
            ],
            Colors = ["#1565c0", "#6a1b9a"],
            Stroke = new StrokeSpec([0, 0]),
            Markers = new MarkersSpec([0, 7]),
            Xaxis = new XAxisSpec("datetime")
            {
                Min = ChartTime.StartOf(model.From),
                Max = ChartTime.StartOf(model.To.AddDays(1)),
                Labels = new AxisLabels { Format = "dd MMM" },
            },
            Yaxis = [new YAxisSpec { Min = 0, Title = new AxisTitle("People per day"), NumberFormat = "integer" }],
            Tooltip = new TooltipSpec(true) { X = new TooltipX("dd MMM yyyy") },
            PlotOptions = new PlotOptionsSpec(new BarSpec(false, "70%")),
            Legend = new LegendSpec(),
        };
    }

    /// <summary>The 40,000 line, labelled with every unit it was reported in.</summary>
    public static YAnnotation PreparationLine(IReadOnlyList<FigureRow> preparation)
    {
        var units = preparation.Where(f => f.Value == WellKnown.PreparationLevel).Select(f => f.UnitName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var text = units.Count > 1
            ? $"Armenia prepared for 40,000 (reported as {string.Join(", ", units)})"
            : "Armenia prepared for 40,000";
        return new YAnnotation(WellKnown.PreparationLevel, "#b71c1c", new AnnotationLabel(text)
        {
            Position = "right",
            TextAnchor = "end",
            Style = new LabelStyle("#b71c1c", "#ffffff"),
        });
    }

    private static List<XAnnotation> EventLines(TimelineModel model) => model.Events
        .Where(e => e.Date >= model.From && e.Date <= model.To)
        .Select(e => new XAnnotation(ChartTime.StartOf(e.Date), "#455a64", new AnnotationLabel(e.Title)
        {
            Orientation = "vertical",
            Style = new LabelStyle("#455a64", "#ffffff"),
        }) { StrokeDashArray = 4 })
        .ToList();

    /// <summary>
    /// One column per day, a gap as null (never zero). Inside a run of days without a report only the run's first and
    /// last day are sent: apexcharts draws nothing for a null either way, but builds and measures an element for each
    /// one, and over the whole record (hundreds of empty days) that took seconds per redraw (docs/performance.md).
    /// </summary>
    public static IReadOnlyList<ChartPoint> DailyPoints(IReadOnlyList<DailyFlow> daily)
    {
        var points = new List<ChartPoint>();
        foreach (var row in DailyTableRows.Group(daily))
        {
            if (row.Day is { } d)
            {
                points.Add(new ChartPoint(ChartTime.Of(d.Date, null), d.Flow));
            }
            else
            {
                points.Add(new ChartPoint(ChartTime.Of(row.From, null), null));
                points.Add(new ChartPoint(ChartTime.Of(row.To, null), null));
            }
        }

        return points;
    }

    private static ChartPoint Point(FigureRow f) => new(ChartTime.Of(f.Date, f.Time), f.Value);
}
