using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Figures;

/// <summary>How figures read on screen: "at least 218 people", "USD 97,000,000", "26 Sep 2023, 08:00".</summary>
public static class FigureFormat
{
    /// <summary>The number with its qualifier, grouped in <paramref name="culture"/> ("about 3,000").</summary>
    public static string Value(FigureRow row, IFormatProvider culture)
    {
        var unit = new Unit { Code = row.UnitCode, Name = row.UnitName, Kind = row.UnitKind, Decimals = row.UnitDecimals };
        var number = ScaledValue.Format(row.Value, unit, culture);
        return QualifierPrefix(row.Qualifier) + number;
    }

    /// <summary>The number, qualifier and unit name for counts ("at least 68 people").</summary>
    public static string ValueWithUnit(FigureRow row, IFormatProvider culture) =>
        row.UnitKind == UnitKind.Count ? $"{Value(row, culture)} {row.UnitName}" : Value(row, culture);

    public static string QualifierPrefix(Qualifier qualifier) => qualifier switch
    {
        Qualifier.Approximate => "about ",
        Qualifier.AtLeast => "at least ",
        Qualifier.AtMost => "at most ",
        _ => "",
    };

    public static string QualifierText(Qualifier qualifier) => qualifier switch
    {
        Qualifier.Approximate => "approximate",
        Qualifier.AtLeast => "at least",
        Qualifier.AtMost => "at most",
        _ => "exact",
    };

    /// <summary>"26 Sep 2023, 08:00" or "26 Sep 2023 (time not given)"; times are Armenian local time.</summary>
    public static string When(DateOnly date, TimeOnly? time, IFormatProvider culture)
    {
        var day = date.ToString("d MMM yyyy", culture);
        return time is { } t ? day + ", " + t.ToString("HH:mm", culture) : day;
    }

    /// <summary>An invariant count for places where a raw number is wanted (data attributes, tests).</summary>
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
