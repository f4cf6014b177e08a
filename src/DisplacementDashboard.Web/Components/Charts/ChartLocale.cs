using System.Collections.Concurrent;
using System.Globalization;

namespace DisplacementDashboard.Web.Components.Charts;

/// <summary>
/// Month and day names and number separators of the page's culture, for apexChart.js. They come from .NET rather than
/// the browser's Intl so the axes read exactly like the tables beside them (Debian's Chromium, for one, has no Armenian
/// data and would label hy-AM axes "M09" and group with commas).
/// </summary>
public sealed record ChartLocale(
    string Name,
    IReadOnlyList<string> Months,
    IReadOnlyList<string> ShortMonths,
    IReadOnlyList<string> Days,
    IReadOnlyList<string> ShortDays,
    string GroupSeparator,
    string DecimalSeparator)
{
    private static readonly ConcurrentDictionary<string, ChartLocale> Cache = new(StringComparer.Ordinal);

    public static ChartLocale For(CultureInfo culture) => Cache.GetOrAdd(culture.Name, _ =>
    {
        var dates = culture.DateTimeFormat;
        var numbers = culture.NumberFormat;
        // Genitive month names: axes read "27 Sept" / "27 сент.", a day and its month, as "d MMM" does in the tables.
        return new ChartLocale(
            culture.Name,
            dates.MonthGenitiveNames[..12],
            dates.AbbreviatedMonthGenitiveNames[..12],
            dates.DayNames,
            dates.AbbreviatedDayNames,
            numbers.NumberGroupSeparator,
            numbers.NumberDecimalSeparator);
    });
}
