using System.Globalization;
using System.Text;
using System.Text.Json;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.Core.Series;

namespace DisplacementDashboard.Core.Charts;

/// <summary>
/// One plotted number as it leaves the app in a chart's data download: when (ISO 8601, Armenian local time, UTC+4),
/// the value as an invariant number, its unit and qualifier, and the source to check it against.
/// </summary>
public sealed record ChartDataRow(string Series, DateOnly Date, TimeOnly? Time, string Value, string Unit, string Qualifier, string SourceTitle, string? SourceUrl)
{
    /// <summary>Figures carry Armenian local time (UTC+4, no daylight saving since 2012); a date alone stays a date.</summary>
    public string When => Time is { } t
        ? Date.ToDateTime(t).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) + "+04:00"
        : Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The data behind a chart, as CSV or JSON (invariant culture), and the caption text every export carries. No chart
/// maths: rows are the figures and derived numbers the chart builders plot, in the order the tables show them.
/// </summary>
public static class ChartData
{
    public const string CsvHeader = "series,date_time,value,unit,qualifier,source_title,source_url";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A published figure, as plotted.</summary>
    public static ChartDataRow FromFigure(string series, FigureRow f) => new(
        series, f.Date, f.Time, ScaledValue.ToInvariant(f.Value, f.UnitDecimals), f.UnitName,
        FigureFormat.QualifierText(f.Qualifier), f.SourceTitle, f.SourceUrl);

    /// <summary>
    /// The derived arrivals per day, one row per day with a number (days without one are not plotted either), each
    /// citing the published total that gave the day its level; and the single-day figures officials reported.
    /// </summary>
    public static IReadOnlyList<ChartDataRow> Daily(string derivedSeries, string reportedSeries, IReadOnlyList<DailyFlow> daily,
        IReadOnlyList<FigureRow> cumulative, IReadOnlyList<FigureRow> reportedDaily)
    {
        var rows = new List<ChartDataRow>();
        foreach (var d in daily.Where(d => d.Flow is not null))
        {
            var source = cumulative.FirstOrDefault(f => f.Date == d.Date && f.Value == d.Level && f.Qualifier == Domain.Qualifier.Exact);
            rows.Add(new ChartDataRow(derivedSeries, d.Date, null, d.Flow!.Value.ToString(CultureInfo.InvariantCulture), "people per day",
                "derived (day's highest exact total minus the previous day's)", source?.SourceTitle ?? "", source?.SourceUrl));
        }

        rows.AddRange(reportedDaily.Select(f => FromFigure(reportedSeries, f)));
        return rows;
    }

    /// <summary>"Sources: A; B" with every source of a plotted number once, in order of first appearance.</summary>
    public static string SourceLine(IEnumerable<ChartDataRow> rows)
    {
        var titles = rows.Select(r => r.SourceTitle).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return titles.Count == 0 ? "Sources: none" : (titles.Count == 1 ? "Source: " : "Sources: ") + string.Join("; ", titles);
    }

    /// <summary>"Figures as of 15 Oct 2023, 12:00 (Armenian time)": the latest plotted number's date and time.</summary>
    public static string AsOf(IEnumerable<ChartDataRow> rows, IFormatProvider culture)
    {
        var latest = rows.MaxBy(r => r.Date.ToDateTime(r.Time ?? TimeOnly.MaxValue));
        return latest is null
            ? "No figures in this view"
            : $"Figures as of {FigureFormat.When(latest.Date, latest.Time, culture)}{(latest.Time is null ? "" : " (Armenian time)")}";
    }

    /// <summary>RFC 4180 CSV, invariant culture, every text cell guarded against formula injection.</summary>
    public static async Task<string> ToCsvAsync(IEnumerable<ChartDataRow> rows, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await using (var csv = new SafeCsvWriter(stream))
        {
            await csv.WriteHeaderRowAsync(CsvHeader.Split(','), cancellationToken);
            foreach (var r in rows)
            {
                csv.Text(r.Series);
                csv.Text(r.When);
                csv.Number(r.Value);
                csv.Text(r.Unit);
                csv.Text(r.Qualifier);
                csv.Text(r.SourceTitle);
                csv.Text(r.SourceUrl);
                await csv.EndRowAsync(cancellationToken);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The same rows as JSON, with the caption a reader needs to cite them (title, sources, as of, address).</summary>
    public static string ToJson(string title, string address, IReadOnlyList<ChartDataRow> rows, IFormatProvider culture) =>
        JsonSerializer.Serialize(new
        {
            title,
            source = SourceLine(rows),
            asOf = AsOf(rows, culture),
            address,
            rows = rows.Select(r => new
            {
                series = r.Series,
                dateTime = r.When,
                value = decimal.Parse(r.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
                unit = r.Unit,
                qualifier = r.Qualifier,
                sourceTitle = r.SourceTitle,
                sourceUrl = r.SourceUrl,
            }),
        }, Json);
}
