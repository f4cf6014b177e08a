using System.Globalization;
using DisplacementDashboard.Core.Charts;
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

    /// <summary>The crossing's label on the chart; the key under the chart gives its value, time and source.</summary>
    public const string CrossingKey = "Passed 40,000";

    /// <summary>The 40,000 line's label on the chart; the key under the chart gives the units it was reported in.</summary>
    public const string PreparationKey = "Prepared for 40,000";

    /// <summary>The key's entry for the hollow markers of figures no second editor has checked yet.</summary>
    public const string UnverifiedKey = "Hollow point";

    private static readonly string[] CumulativeColors = ["#1565c0", "#ef6c00"];

    public static ChartOptions Cumulative(TimelineModel model, CultureInfo culture)
    {
        var exact = model.Cumulative.Where(f => f.Qualifier == Qualifier.Exact).ToList();
        var rounded = model.Cumulative.Where(f => f.Qualifier != Qualifier.Exact).ToList();
        var points = new List<PointAnnotation>();
        if (model.PreparationCrossing is { } crossing)
        {
            points.Add(new PointAnnotation(
                ChartTime.Of(crossing.FirstAtOrAbove.Date, crossing.FirstAtOrAbove.Time),
                crossing.FirstAtOrAbove.Value,
                new AnnotationLabel(CrossingKey)
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
            Colors = CumulativeColors,
            Markers = new MarkersSpec([6, 6]) { StrokeWidth = 2, Discrete = Hollow([exact, rounded]) },
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
                Xaxis: EventLines(model, culture),
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

    /// <summary>
    /// The 40,000 line with a short label: a long one ran across the events' labels and off a phone's screen. The units
    /// it was reported in are in <see cref="PreparationText"/>, which the key under each chart shows.
    /// </summary>
    public static YAnnotation PreparationLine(IReadOnlyList<FigureRow> preparation) =>
        new(WellKnown.PreparationLevel, "#b71c1c", new AnnotationLabel(PreparationKey)
        {
            Position = "right",
            TextAnchor = "end",
            Style = new LabelStyle("#b71c1c", "#ffffff"),
        });

    /// <summary>What the 40,000 line stands for, with every unit it was reported in.</summary>
    public static string PreparationText(IReadOnlyList<FigureRow> preparation)
    {
        var units = preparation.Where(f => f.Value == WellKnown.PreparationLevel).Select(f => f.UnitName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return units.Count > 1
            ? $"Armenia prepared for 40,000 (reported as {string.Join(", ", units)})"
            : "Armenia prepared for 40,000";
    }

    /// <summary>The events drawn on the charts: those inside the window, numbered in date order from 1.</summary>
    public static IReadOnlyList<EventRow> EventsOnChart(TimelineModel model) =>
        model.Events.Where(e => e.Date >= model.From && e.Date <= model.To).OrderBy(e => e.Date).ThenBy(e => e.Id).ToList();

    /// <summary>
    /// The key under the cumulative chart: each label on the chart (event numbers, the crossing, the 40,000 line) with
    /// its full text, date and source.
    /// </summary>
    public static IReadOnlyList<ChartKeyEntry> Key(TimelineModel model, CultureInfo culture)
    {
        var entries = EventsOnChart(model)
            .Select((e, i) => new ChartKeyEntry(EventKey(i, culture), EventList.EventDate(e, culture), e.Title, e.SourceId, e.SourceTitle, e.SourceUrl))
            .ToList();
        if (model.PreparationCrossing is { } crossing)
        {
            var c = crossing.FirstAtOrAbove;
            var f = model.Cumulative.FirstOrDefault(f => f.Date == c.Date && f.Time == c.Time && f.Value == c.Value);
            entries.Add(new ChartKeyEntry(CrossingKey, FigureFormat.When(c.Date, c.Time, culture),
                $"the first published total at or above 40,000: {(f is null ? c.Value.ToString("N0", culture) : FigureFormat.ValueWithUnit(f, culture))}",
                f?.SourceId, f?.SourceTitle, f?.SourceUrl));
        }

        entries.Add(new ChartKeyEntry(PreparationKey, "", "dashed line: " + PreparationText(model.Preparation), null, null, null));
        if (model.Cumulative.Any(f => !f.Verified))
        {
            entries.Add(new ChartKeyEntry(UnverifiedKey, "", "a figure no second editor has checked against its source yet (filled: verified; the figures list says which)", null, null, null));
        }

        return entries;
    }

    /// <summary>The cumulative chart's points as data rows, in the table's order, each in the series it is drawn in.</summary>
    public static IReadOnlyList<ChartDataRow> CumulativeData(TimelineModel model) =>
        model.Cumulative.Select(f => ChartData.FromFigure(f.Qualifier == Qualifier.Exact ? ExactSeries : RoundedSeries, f)).ToList();

    private static string EventKey(int index, CultureInfo culture) => (index + 1).ToString(culture);

    private static List<XAnnotation> EventLines(TimelineModel model, CultureInfo culture) => EventsOnChart(model)
        .Select((e, i) => new XAnnotation(ChartTime.StartOf(e.Date), "#455a64", new AnnotationLabel(EventKey(i, culture))
        {
            Orientation = "horizontal",
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

    /// <summary>
    /// Unverified figures drawn hollow (a ring in the series' colour), so a checked figure stands out by its shape as
    /// well as the key, not by colour alone. Indexes follow each series' points.
    /// </summary>
    private static List<DiscreteMarker> Hollow(IReadOnlyList<List<FigureRow>> series) =>
        series.SelectMany((rows, s) => rows.Select((f, i) => (f, i))
                .Where(p => !p.f.Verified)
                .Select(p => new DiscreteMarker(s, p.i, "transparent", CumulativeColors[s], 6)))
            .ToList();
}
