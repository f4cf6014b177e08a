using System.Text.RegularExpressions;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>
/// Text whose digits are never figures: citation markers ([3]), document and appeal codes (A/RES/77/1,
/// UNHCR-2023-0412, MDRAM012), numbering (No. 1, #4, annex 2, list items "1."), page furniture ("Page 3 of 5", a line holding
/// only a number), telephone numbers, web addresses and exchange rates ("386 drams to the US dollar", "1 USD = 400 AMD").
/// Dates and times are found by <see cref="ReportDates"/>; years, durations and ages are told apart where a number is read.
/// </summary>
internal static partial class NonFigures
{
    [GeneratedRegex(@"\[\d+(?:\s*[,–-]\s*\d+)*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Address();

    /// <summary>An e-mail address around an "@" (searched from the "@" outwards: a pattern starting at every word costs the most).</summary>
    [GeneratedRegex(@"@[\w-]+(?:\.[\w-]+)*\.\w+", RegexOptions.CultureInvariant)]
    private static partial Regex MailDomain();

    [GeneratedRegex(@"(?:\+|\b00)\d{1,3}(?:[\s().-]*\d){6,}|\b(?:Tel|Phone|Fax|Hotline|Mobile)\b\.?:?\s*\+?\d[\d\s()-]{2,}\d", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Telephone();

    /// <summary>A token joined by slashes or hyphens that holds a digit and a letter or slash.</summary>
    [GeneratedRegex(@"(?<![\w])(?>[\w.]+)(?:[/-](?>[\w.]+))+", RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    /// <summary>Letters and digits in one word (TB2, MH370, 24th, 1990s), except amounts such as 5m or 2bn.</summary>
    [GeneratedRegex(@"\b(?:(?>[A-Za-z]+)\d|(?>\d+)[A-Za-z])\w*", RegexOptions.CultureInvariant)]
    private static partial Regex AlphaNumeric();

    [GeneratedRegex(@"^\d+(?:\.\d+)?(?:m|bn|mln)$", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    [GeneratedRegex(@"(?:\bNo\.|№|#|\bNr\.?|\bN)\s?:?\s?\d+|\b(?:annex|annexe|section|paragraph|para\.?|chapter|article|table|figure|fig\.|item|volume|vol\.|issue|edition|version)\s+\d+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Numbering();

    [GeneratedRegex(@"^[ \t]*(?:\(?\d{1,2}[.)])(?=[ \t])", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"\bpage\s+\d+(?:\s+(?:of|/)\s+\d+)?\b|\bpp?\.\s?\d+(?:-\d+)?\b|^[ \t]*[-–—]?[ \t]*\d[\d.,]*[kKmM]?[ \t]*[-–—]?[ \t]*$|©[\s\d–-]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex PageFurniture();

    [GeneratedRegex(@"\b\d[\d.,]*\s*(?:AMD|drams?|euros?|EUR|USD|dollars?|CHF|francs?|roubles?|rubles?)\s*(?:to|per|for|=|/|against)\s*(?:the\s+|one\s+|a\s+|1\s+)?(?:US\s*|U\.S\.\s*)?(?:dollar|USD|\$|euro|EUR|€|franc|CHF)|(?:\b1\s*)?(?:US\$|\$|USD|EUR|€|CHF)\s*=\s*(?:AMD\s*)?\d[\d.,]*(?:\s*(?:AMD|drams?))?|\b(?:exchange rate|rate)\s+(?:of\s+|was\s+|at\s+|stood at\s+)?\d[\d.,]*|\b\d[\d.,]*\s+per\s+(?:US\s+|U\.S\.\s+)?(?:dollar|euro|franc)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExchangeRate();

    private static readonly Func<Regex>[] Patterns = [Citation, Address, Telephone, Numbering, ListItem, PageFurniture, ExchangeRate];

    /// <summary>Marks every character of <paramref name="text"/> that lies in a non-figure.</summary>
    public static void Mark(string text, bool[] mask)
    {
        foreach (var pattern in Patterns)
        {
            foreach (Match m in pattern().Matches(text))
            {
                Array.Fill(mask, true, m.Index, m.Length);
            }
        }

        foreach (Match m in MailDomain().Matches(text))
        {
            var start = m.Index;
            while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '.' or '_' or '+' or '-'))
            {
                start--;
            }

            if (start < m.Index)
            {
                Array.Fill(mask, true, start, m.Index + m.Length - start);
            }
        }

        // Codes hold a digit and a letter or a slash (A/RES/77/1, OT-2023-000189-ARM); "19-20" and "Forty-five" are not codes.
        foreach (Match m in Code().Matches(text))
        {
            var v = m.ValueSpan;
            if (v.IndexOfAnyInRange('0', '9') >= 0 && (v.Contains('/') || v.IndexOfAnyInRange('A', 'Z') >= 0 || v.IndexOfAnyInRange('a', 'z') >= 0))
            {
                Array.Fill(mask, true, m.Index, m.Length);
            }
        }

        foreach (Match m in AlphaNumeric().Matches(text))
        {
            if (!Amount().IsMatch(m.ValueSpan))
            {
                Array.Fill(mask, true, m.Index, m.Length);
            }
        }
    }
}
