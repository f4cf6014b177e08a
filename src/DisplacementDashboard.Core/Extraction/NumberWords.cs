using System.Text.RegularExpressions;

namespace DisplacementDashboard.Core.Extraction;

/// <summary>Numbers written in words ("forty thousand", "Forty-five thousand", "two hundred and fifty").</summary>
internal static partial class NumberWords
{
    private static readonly Dictionary<string, int> Small = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>A run of number words that starts with a unit, teen or ten (never with "thousand": "thousands of" is vague).</summary>
    [GeneratedRegex(@"(?<![\w-])(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:(?:[\s-]+(?:and[\s-]+)?)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)(?![\w-]))*(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Run();

    /// <summary>The value of a run, and whether it carries a scale word (hundred, thousand, million, billion).</summary>
    public static (decimal Value, bool Scaled) Parse(string run)
    {
        decimal total = 0, group = 0;
        var scaled = false;
        foreach (var word in run.Split([' ', '-', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Small.TryGetValue(word, out var n))
            {
                group += n;
                continue;
            }

            switch (word.ToLowerInvariant())
            {
                case "and":
                    break;
                case "hundred":
                    group = (group == 0 ? 1 : group) * 100;
                    scaled = true;
                    break;
                case "thousand":
                    total += (group == 0 ? 1 : group) * 1_000;
                    group = 0;
                    scaled = true;
                    break;
                case "million":
                    total += (group == 0 ? 1 : group) * 1_000_000;
                    group = 0;
                    scaled = true;
                    break;
                case "billion":
                    total += (group == 0 ? 1 : group) * 1_000_000_000;
                    group = 0;
                    scaled = true;
                    break;
            }
        }

        return (total + group, scaled);
    }
}
