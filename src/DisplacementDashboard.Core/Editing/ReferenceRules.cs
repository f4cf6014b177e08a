using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Editing;

/// <summary>The format rules for metric, unit and place codes and their fields, shared by the seed reader and the editor.</summary>
public static partial class ReferenceRules
{
    /// <summary>Metric codes: lower case snake_case (cumulative_arrivals_in_armenia).</summary>
    public static bool IsMetricCode(string code) => MetricCodePattern().IsMatch(code);

    /// <summary>Unit codes: letters, digits and underscores (people, USD).</summary>
    public static bool IsUnitCode(string code) => UnitCodePattern().IsMatch(code);

    /// <summary>Place codes: upper case letters and digits in dash-separated parts (AM-SU-GORIS, NK-FUEL-DEPOT).</summary>
    public static bool IsLocationCode(string code) => LocationCodePattern().IsMatch(code);

    /// <summary>P-codes: upper case letters and digits (AM0701).</summary>
    public static bool IsPCode(string code) => PCodePattern().IsMatch(code);

    /// <summary>A name in Armenian script: every letter Armenian (spaces, digits, hyphens and punctuation allowed).</summary>
    public static bool IsArmenianScript(string name) => name.Any(char.IsLetter) && name.Where(char.IsLetter).All(c => c is >= '\u0531' and <= '\u058F' or >= '\uFB13' and <= '\uFB17');

    /// <summary>A name in Russian: every letter Cyrillic.</summary>
    public static bool IsCyrillicScript(string name) => name.Any(char.IsLetter) && name.Where(char.IsLetter).All(c => c is >= '\u0400' and <= '\u04FF');

    /// <summary>Null when the place's names in Armenian and Russian are in their scripts (or absent); otherwise why not, per column.</summary>
    public static IEnumerable<(string Field, string Message)> CheckPlaceNames(string? nameHy, string? nameRu)
    {
        if (!string.IsNullOrWhiteSpace(nameHy) && !IsArmenianScript(nameHy.Trim()))
        {
            yield return ("NameHy", $"'{nameHy.Trim()}' is not in Armenian script (Սյունիք for Syunik); leave it empty when not known.");
        }

        if (!string.IsNullOrWhiteSpace(nameRu) && !IsCyrillicScript(nameRu.Trim()))
        {
            yield return ("NameRu", $"'{nameRu.Trim()}' is not in Cyrillic script (Сюник for Syunik); leave it empty when not known.");
        }
    }

    /// <summary>An ISO 4217 currency code: three upper case letters.</summary>
    public static bool IsCurrency(string code) => CurrencyPattern().IsMatch(code);

    /// <summary>An HXL hashtag with optional attributes: #affected+refugees+arrived+total.</summary>
    public static bool IsHxlHashtag(string tag) => HashtagPattern().IsMatch(tag);

    /// <summary>Null when the currency fits the unit's kind; otherwise why not.</summary>
    public static string? CheckCurrency(UnitKind? kind, string? currency) => (kind, string.IsNullOrWhiteSpace(currency)) switch
    {
        (UnitKind.Money, true) => "A money unit needs its ISO 4217 currency code (USD).",
        (UnitKind.Money, false) when !IsCurrency(currency!) => $"'{currency}' is not an ISO 4217 currency code (three capital letters, such as USD).",
        (not UnitKind.Money, false) => "Only a money unit has a currency.",
        _ => null,
    };

    /// <summary>The unit kinds a metric of this kind may use: money with money units, share with percent, others with counts.</summary>
    public static UnitKind AllowedUnitKind(MetricKind kind) => kind switch
    {
        MetricKind.Money => UnitKind.Money,
        MetricKind.Share => UnitKind.Percent,
        _ => UnitKind.Count,
    };

    /// <summary>The level a place's parent must be above: country &gt; adm1 &gt; place &gt; site (a region stands beside a country).</summary>
    public static int Rank(LocationLevel level) => level switch
    {
        LocationLevel.Country or LocationLevel.Region => 0,
        LocationLevel.Adm1 => 1,
        LocationLevel.Place => 2,
        _ => 3,
    };

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricCodePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitCodePattern();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex LocationCodePattern();

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PCodePattern();

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex("^#[a-z][a-z0-9_]*(\\+[a-z][a-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HashtagPattern();
}
