using FsCheck;
using FsCheck.Fluent;

namespace DisplacementDashboard.UnitTests.Infrastructure;

/// <summary>Generators for the text that breaks CSV files: quotes, commas, line breaks, non-Latin script, formula starts.</summary>
public static class TextGen
{
    private static readonly string[] Pieces =
    [
        "a", "Z", " ", ",", "\"", "\"\"", "'", "\n", "\r\n", "\t", ";", "=", "-", "+", "@", "#",
        "Ереван", "Երևան", "Stepanakert", "Ստեփանակերտ", "日本", "😀", "é", "100,000", "=SUM(A1)", "-1", "@cmd", "'=",
    ];

    /// <summary>Text made of awkward pieces; never empty and never only whitespace.</summary>
    public static Gen<string> Awkward(int maxPieces = 12) =>
        Gen.Choose(1, maxPieces)
            .SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n))
            .Select(parts => string.Concat(parts))
            .Where(s => !string.IsNullOrWhiteSpace(s));

    /// <summary>Awkward text that often starts with a formula character.</summary>
    public static Gen<string> FormulaLeading() =>
        Gen.Elements("=", "-", "+", "@", "'=", "''-", "\t", "")
            .SelectMany(prefix => Awkward().Select(rest => prefix + rest))
            .Where(s => !string.IsNullOrWhiteSpace(s));
}
