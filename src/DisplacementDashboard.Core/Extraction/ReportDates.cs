using System.Globalization;
using System.Text.RegularExpressions;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>A date in the text: where (<paramref name="Start"/> to <paramref name="End"/>), what day (<paramref name="Date"/>, null when the year cannot be told), and whether it can be a reference date.</summary>
/// <param name="Start">First character.</param>
/// <param name="End">One past the last character.</param>
/// <param name="Date">The day.</param>
/// <param name="Reference">False for the start of a period ("since 24 September", "launched on 3 November") and for ranges.</param>
internal readonly record struct DateMention(int Start, int End, DateOnly? Date, bool Reference);

/// <summary>A time of day in the text; <paramref name="Anchored"/> when it says "as of", "at", "by" or "until" before it.</summary>
internal readonly record struct TimeMention(int Start, int End, TimeOnly Time, bool Anchored);

/// <summary>
/// Finds dates and times in a report, in the formats reports use (2023-09-24, 24/09/2023, 28.09.2023, 24 September 2023,
/// September 24, 2023, Sept 27, early October, summer 2023) and the words that depend on the report's own date
/// ("yesterday", "today", "on Saturday", "late on Tuesday"), resolved against the publication date.
/// </summary>
internal static partial class ReportDates
{
    private const string Month = @"(?<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

    [GeneratedRegex(@"\b(?<y>(?:19|20)\d{2})-(?<m>0[1-9]|1[0-2])-(?<d>0[1-9]|[12]\d|3[01])\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    [GeneratedRegex(@"(?<![\w.,/])(?<d>[0-2]?\d|3[01])[/.](?<m>0?[1-9]|1[0-2])[/.](?<y>(?:19|20)\d{2})(?![\w/])", RegexOptions.CultureInvariant)]
    private static partial Regex Numeric();

    [GeneratedRegex(@"\b(?<d1>[0-2]?\d|3[01])(?:st|nd|rd|th)?\s*(?:[-–]|and|to)\s*(?<d>[0-2]?\d|3[01])(?:st|nd|rd|th)?\s+" + Month + @"(?:,?\s+(?<y>(?:19|20)\d{2}))?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayRange();

    [GeneratedRegex(@"\b(?<d>[0-2]?\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?" + Month + @"(?:,?\s+(?<y>(?:19|20)\d{2}))?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"\b" + Month + @"\s+(?<d>[0-2]?\d|3[01])(?:st|nd|rd|th)?(?:\s*[-–]\s*(?<d2>[0-2]?\d|3[01]))?(?:,?\s+(?<y>(?:19|20)\d{2}))?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    // Case-sensitive month ("May" is also a verb: only the capitalised name counts); the part before it in either case.
    [GeneratedRegex(@"\b(?:(?<part>(?i:early|mid|late|end of|the end of|beginning of|the beginning of|start of))[- ])?" + Month + @"(?:,?\s+(?<y>(?:19|20)\d{2}))?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex MonthOnly();

    [GeneratedRegex(@"\b(?<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?<y>(?:19|20)\d{2})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Season();

    [GeneratedRegex(@"\b(?<word>yesterday|today|tonight|this morning|this afternoon|this evening|last night|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"(?:\b(?:since|from|between|after|launched on|began on|begun on|started on|starting|beginning|until|till|to|through)\s+(?:the\s+)?(?:(?:early|mid|late)[- ]|(?:morning|evening|night) of\s+)?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StartOfPeriod();

    [GeneratedRegex(@"\b(?<h>[01]?\d|2[0-3])(?:[:.](?<min>[0-5]\d))?\s*(?<ampm>a\.m\.|p\.m\.|am|pm)(?![\w])|\b(?<h>[01]?\d|2[0-3]):(?<min>[0-5]\d)(?:\s*(?:hrs|h|local time))?(?![\w:])|\b(?<h>[01]\d|2[0-3])(?<min>[0-5]\d)\s*(?:GMT|UTC|hrs|hours local)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"\b(?:as of|as at|at|by|until|till|from)\s+(?:about\s+|around\s+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimeAnchor();

    [GeneratedRegex(@"(?<![\w.,])(?:19|20)\d{2}(?![\w])", RegexOptions.CultureInvariant)]
    public static partial Regex Year();

    /// <summary>A year written in a date ("September 19, 2023", "24 September 2023", "September 2023"): the story's year.</summary>
    [GeneratedRegex(@"\b" + Month + @"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?<y>(?:19|20)\d{2})\b|\b\d{1,2}(?:st|nd|rd|th)?\s+" + Month + @",?\s+(?<y>(?:19|20)\d{2})\b|\b(?<y>(?:19|20)\d{2})-\d{2}-\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex DatedYear();

    /// <summary>Every date in <paramref name="text"/> (ranges and months included, so their numbers are not read as figures).</summary>
    public static List<DateMention> FindDates(string text, DateOnly? published)
    {
        var found = new List<DateMention>();
        var taken = new bool[text.Length];
        List<(int Index, int Year)>? datedYears = null;

        DateOnly? Resolve(int position, int month, int? day, Group year)
        {
            if (year.Success || published is not null)
            {
                return ResolveYear(published, month, day, year);
            }

            // Found once per text: a search of the text before each date made a report without a date quadratic.
            datedYears ??= DatedYear().Matches(text).Select(y => (y.Index, int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture))).ToList();
            var earlier = datedYears.FindLastIndex(y => y.Index < position);
            return earlier < 0 ? null : Make(datedYears[earlier].Year, month, day);
        }

        void Add(int start, int end, DateOnly? date, bool reference)
        {
            for (var i = start; i < end; i++)
            {
                if (taken[i])
                {
                    return;
                }
            }

            Array.Fill(taken, true, start, end - start);
            var isReference = reference && !StartOfPeriod().IsMatch(text.AsSpan(Math.Max(0, start - 40), start - Math.Max(0, start - 40)).ToString());
            found.Add(new DateMention(start, end, date, isReference));
        }

        foreach (Match m in Iso().Matches(text))
        {
            Add(m.Index, m.Index + m.Length, Make(Int(m, "y"), Int(m, "m"), Int(m, "d")), true);
        }

        foreach (Match m in Numeric().Matches(text))
        {
            Add(m.Index, m.Index + m.Length, Make(Int(m, "y"), Int(m, "m"), Int(m, "d")), true);
        }

        foreach (Match m in DayRange().Matches(text))
        {
            Add(m.Index, m.Index + m.Length, null, false);
        }

        foreach (Match m in DayMonth().Matches(text))
        {
            Add(m.Index, m.Index + m.Length, Resolve(m.Index, MonthNumber(m.Groups["month"].Value), Int(m, "d"), m.Groups["y"]), true);
        }

        foreach (Match m in MonthDay().Matches(text))
        {
            var range = m.Groups["d2"].Success;
            Add(m.Index, m.Index + m.Length, range ? null : Resolve(m.Index, MonthNumber(m.Groups["month"].Value), Int(m, "d"), m.Groups["y"]), !range);
        }

        foreach (Match m in Season().Matches(text))
        {
            var month = m.Groups["season"].Value.ToLowerInvariant() switch { "spring" => 3, "summer" => 6, "winter" => 12, _ => 9 };
            Add(m.Index, m.Index + m.Length, Make(Int(m, "y"), month, 1), true);
        }

        foreach (Match m in MonthOnly().Matches(text))
        {
            var month = MonthNumber(m.Groups["month"].Value);
            var part = m.Groups["part"].Value.ToLowerInvariant();
            var first = Resolve(m.Index, month, 1, m.Groups["y"]);
            DateOnly? date = first is not { } d ? null : part switch
            {
                "mid" => d.AddDays(14),
                "late" or "end of" or "the end of" => d.AddMonths(1).AddDays(-1),
                _ => d,
            };
            Add(m.Index, m.Index + m.Length, date, true);
        }

        foreach (Match m in Relative().Matches(text))
        {
            Add(m.Index, m.Index + m.Length, published is { } p ? RelativeDay(m.Groups["word"].Value, p) : null, true);
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>Every time of day in <paramref name="text"/>.</summary>
    public static List<TimeMention> FindTimes(string text)
    {
        var found = new List<TimeMention>();
        foreach (Match m in TimeOfDay().Matches(text))
        {
            var hour = Int(m, "h") ?? 0;
            var minute = Int(m, "min") ?? 0;
            var ampm = m.Groups["ampm"].Value.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
            if (ampm.Length > 0 && (hour is < 1 or > 12))
            {
                continue;
            }

            hour = ampm switch { "pm" when hour < 12 => hour + 12, "am" when hour == 12 => 0, _ => hour };
            var before = text.AsSpan(Math.Max(0, m.Index - 20), m.Index - Math.Max(0, m.Index - 20)).ToString();
            found.Add(new TimeMention(m.Index, m.Index + m.Length, new TimeOnly(hour, minute), TimeAnchor().IsMatch(before)));
        }

        return found;
    }

    /// <summary>The day a relative word names: the latest such day on or before the publication date.</summary>
    public static DateOnly RelativeDay(string word, DateOnly published)
    {
        switch (word.ToLowerInvariant())
        {
            case "yesterday":
            case "last night":
                return published.AddDays(-1);
            case "today":
            case "tonight":
            case "this morning":
            case "this afternoon":
            case "this evening":
                return published;
        }

        var day = Enum.Parse<DayOfWeek>(word, ignoreCase: true);
        var back = ((int)published.DayOfWeek - (int)day + 7) % 7;
        return published.AddDays(-back);
    }

    public static int MonthNumber(string name) => name.TrimEnd('.')[..3].ToLowerInvariant() switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };

    /// <summary>
    /// A day and month with the year written, else the report's year (the previous one when that would put the day after
    /// publication). Without either, <see cref="FindDates"/> takes the year of the last full date the text gave before it
    /// (a bare year is often a look back: "as in 2020").
    /// </summary>
    private static DateOnly? ResolveYear(DateOnly? published, int month, int? day, Group year)
    {
        if (year.Success)
        {
            return Make(int.Parse(year.Value, CultureInfo.InvariantCulture), month, day);
        }

        var p = published!.Value;
        var date = Make(p.Year, month, day);
        return date > p.AddDays(1) ? Make(p.Year - 1, month, day) : date;
    }

    private static DateOnly? Make(int? year, int? month, int? day) =>
        year is { } y && month is { } m && day is { } d && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    private static int? Int(Match m, string group) =>
        m.Groups[group].Success && int.TryParse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
