using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DisplacementDashboard.Web.Components.Charts;

// Typed subset of the apexcharts 4.7 options we use (https://apexcharts.com/docs/options/).
// Property names serialise to apexcharts' camelCase; nulls are left out so apexcharts' defaults apply.
// Formatting functions cannot cross JS interop: `NumberFormat` hints tell apexChart.js which formatter to attach.

/// <summary>How options cross to JS: camelCase, nulls left out so apexcharts' defaults apply.</summary>
public static class ChartJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly ConditionalWeakTable<ChartOptions, object> Elements = new();
    private static readonly ConcurrentDictionary<string, JsonElement> Locales = new(StringComparer.Ordinal);

    /// <summary>
    /// The options as JSON, made once per options object (the cached views share one between every open page).
    /// Interop gets a <see cref="JsonElement"/> rather than the typed options: each circuit's JS runtime has its own
    /// serializer options, which would build and keep the metadata of every type it serializes (docs/performance.md).
    /// </summary>
    public static JsonElement ToElement(ChartOptions options) =>
        (JsonElement)Elements.GetValue(options, o => JsonSerializer.SerializeToElement(o, Options));

    /// <summary>The culture's <see cref="ChartLocale"/> as JSON, made once per culture, for the same reason.</summary>
    public static JsonElement Locale(CultureInfo culture) =>
        Locales.GetOrAdd(culture.Name, _ => JsonSerializer.SerializeToElement(ChartLocale.For(culture), Options));
}

/// <summary>Options for one chart.</summary>
public sealed record ChartOptions
{
    public required ChartSpec Chart { get; init; }

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    public XAxisSpec? Xaxis { get; init; }

    public IReadOnlyList<YAxisSpec>? Yaxis { get; init; }

    public AnnotationsSpec? Annotations { get; init; }

    public StrokeSpec? Stroke { get; init; }

    public MarkersSpec? Markers { get; init; }

    public IReadOnlyList<string>? Colors { get; init; }

    public DataLabelsSpec DataLabels { get; init; } = new(false);

    public LegendSpec? Legend { get; init; }

    public TooltipSpec? Tooltip { get; init; }

    public PlotOptionsSpec? PlotOptions { get; init; }
}

public sealed record ChartSpec(string Type, int Height = 380)
{
    public string? Id { get; init; }

    public AnimationsSpec Animations { get; init; } = new(false);

    public ToolbarSpec Toolbar { get; init; } = new(true);

    public ZoomSpec Zoom { get; init; } = new(true);

    [JsonPropertyName("fontFamily")]
    public string FontFamily { get; init; } = "inherit";
}

public sealed record ToolbarSpec(bool Show);

public sealed record AnimationsSpec(bool Enabled);

public sealed record ZoomSpec(bool Enabled);

/// <summary>One series; <see cref="Type"/> mixes lines, scatter points and columns in one chart.</summary>
public sealed record ChartSeries(string Name, string? Type, IReadOnlyList<ChartPoint> Data);

/// <summary>A point: X is epoch milliseconds (datetime axes) or a category label; a null Y is a gap.</summary>
public sealed record ChartPoint(object X, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Y);

public sealed record XAxisSpec(string Type)
{
    public long? Min { get; init; }

    public long? Max { get; init; }

    public AxisTitle? Title { get; init; }

    public AxisLabels? Labels { get; init; }

    /// <summary>
    /// For the value axis of a horizontal bar chart, which apexcharts draws along x: "integer" or "percent".
    /// Never set it on a category or datetime axis (it would turn every label into "NaN").
    /// </summary>
    public string? NumberFormat { get; init; }
}

public sealed record YAxisSpec
{
    public string? SeriesName { get; init; }

    public bool Opposite { get; init; }

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public AxisTitle? Title { get; init; }

    public bool? Show { get; init; }

    /// <summary>"integer" or "percent": apexChart.js attaches a locale-aware formatter.</summary>
    public string? NumberFormat { get; init; }
}

public sealed record AxisTitle(string Text);

public sealed record AxisLabels
{
    public bool DatetimeUTC { get; init; } = true;

    public string? Format { get; init; }
}

public sealed record AnnotationsSpec(
    IReadOnlyList<YAnnotation>? Yaxis = null,
    IReadOnlyList<XAnnotation>? Xaxis = null,
    IReadOnlyList<PointAnnotation>? Points = null);

public sealed record AnnotationLabel(string Text)
{
    public string? Orientation { get; init; }

    public string? Position { get; init; }

    public string? TextAnchor { get; init; }

    public LabelStyle? Style { get; init; }
}

public sealed record LabelStyle(string Background, string Color);

public sealed record YAnnotation(decimal Y, string BorderColor, AnnotationLabel Label)
{
    public int StrokeDashArray { get; init; } = 6;
}

public sealed record XAnnotation(long X, string BorderColor, AnnotationLabel Label)
{
    public long? X2 { get; init; }

    public string? FillColor { get; init; }

    public double? Opacity { get; init; }

    public int StrokeDashArray { get; init; }
}

public sealed record PointAnnotation(long X, decimal Y, AnnotationLabel Label)
{
    public PointMarker Marker { get; init; } = new(7, "#b71c1c", "#ffffff", 2);
}

public sealed record PointMarker(int Size, string FillColor, string StrokeColor, int StrokeWidth);

public sealed record StrokeSpec(IReadOnlyList<int> Width)
{
    public string? Curve { get; init; }
}

public sealed record MarkersSpec(IReadOnlyList<int> Size)
{
    public int? StrokeWidth { get; init; }

    /// <summary>Markers drawn differently, point by point (apexcharts' <c>markers.discrete</c>).</summary>
    public IReadOnlyList<DiscreteMarker>? Discrete { get; init; }
}

/// <summary>One point's own marker: <paramref name="DataPointIndex"/> in series <paramref name="SeriesIndex"/>.</summary>
public sealed record DiscreteMarker(int SeriesIndex, int DataPointIndex, string FillColor, string StrokeColor, int Size);

public sealed record DataLabelsSpec(bool Enabled);

// At the bottom: at the top the series names ran under apexcharts' zoom toolbar on a phone.
public sealed record LegendSpec(string Position = "bottom");

public sealed record TooltipSpec(bool Shared)
{
    public TooltipX? X { get; init; }

    public bool Intersect { get; init; }
}

public sealed record TooltipX(string Format);

public sealed record PlotOptionsSpec(BarSpec Bar);

public sealed record BarSpec(bool Horizontal, string? ColumnWidth = null);
