using System.Globalization;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Seeding;

/// <summary>
/// Converts between the invariant decimal text used in files ("97000000", "3.4") and the whole
/// number of 10^-decimals units the store keeps, without going through floating point.
/// </summary>
public static class ScaledValue
{
    /// <summary>Parses a non-negative invariant decimal with at most <paramref name="decimals"/> places.</summary>
    public static bool TryParse(string? text, int decimals, out long value, out string error)
    {
        value = 0;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; a number is required";
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith('-'))
        {
            error = $"'{s}' is negative; values are counts or amounts and cannot be below zero";
            return false;
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "" : s[(dot + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0))
        {
            error = $"'{s}' is not a plain number (digits, optionally one '.' and decimals; no thousands separators, signs or words)";
            return false;
        }

        if (fraction.Length > decimals)
        {
            error = decimals == 0
                ? $"'{s}' is not a whole number; this unit counts whole items"
                : $"'{s}' has {fraction.Length} decimals; this unit allows at most {decimals}";
            return false;
        }

        var digits = whole + fraction.PadRight(decimals, '0');
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{s}' is too large to store";
            return false;
        }

        return true;
    }

    /// <summary>Formats a stored value back to invariant file text ("97000000", "3.4").</summary>
    public static string ToInvariant(long value, int decimals)
    {
        if (decimals == 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var scale = Pow10(decimals);
        var whole = value / scale;
        var fraction = value % scale;
        return fraction == 0
            ? whole.ToString(CultureInfo.InvariantCulture)
            : whole.ToString(CultureInfo.InvariantCulture) + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
    }

    /// <summary>The value as a decimal number of units (for display and charts, never for storage).</summary>
    public static decimal ToDecimal(long value, int decimals) => value / (decimal)Pow10(decimals);

    /// <summary>Formats a stored value for people: grouped digits in <paramref name="culture"/>, with the unit.</summary>
    public static string Format(long value, Unit unit, IFormatProvider culture)
    {
        var text = FormatNumber(value, unit.Decimals, culture);
        return unit.Kind switch
        {
            UnitKind.Money => $"{unit.Code} {text}",
            UnitKind.Percent => text + "%",
            _ => text,
        };
    }

    /// <summary>The number alone, grouped in <paramref name="culture"/>: "97,000,000", "34.5"; decimals only when there are any.</summary>
    public static string FormatNumber(long value, int decimals, IFormatProvider culture)
    {
        var number = ToDecimal(value, decimals);
        return number == decimal.Truncate(number)
            ? number.ToString("N0", culture)
            : number.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), culture);
    }

    private static long Pow10(int decimals)
    {
        long result = 1;
        for (var i = 0; i < decimals; i++)
        {
            result *= 10;
        }

        return result;
    }
}
