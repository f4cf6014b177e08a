using System.Globalization;

namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// The one rule for a figure's or an event's reference date, applied on every path that brings one in (the figure
/// and event forms, the CSV import, the seed, the API's and the pages' date parameters): between
/// <see cref="EditingOptions.EarliestReferenceDate"/> and today (UTC) + <see cref="EditingOptions.MaxDaysInFuture"/>,
/// and, for a figure, not after the publication of the source it comes from (a report cannot state a number for a
/// day after it was published). Without it an imported 2099-01-01 became the overview's headline and an imported
/// 9999-12-31 broke /timeline for every reader.
/// </summary>
public sealed record ReferenceDates(DateOnly Earliest, DateOnly Latest)
{
    public static ReferenceDates From(EditingOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new ReferenceDates(options.EarliestReferenceDate, today.AddDays(options.MaxDaysInFuture));
    }

    public bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    /// <summary>Why <paramref name="date"/> is outside the accepted range, or null when it is inside.</summary>
    public string? OutOfRange(DateOnly date) => Contains(date)
        ? null
        : $"{Format(date)} lies outside the dates the store accepts, {Format(Earliest)} to {Format(Latest)} (Editing:EarliestReferenceDate to today + Editing:MaxDaysInFuture)";

    /// <summary>
    /// Why a figure dated <paramref name="date"/> cannot come from a source published on <paramref name="published"/>,
    /// or null when it can (or the source has no publication date).
    /// </summary>
    public static string? AfterPublication(DateOnly date, DateOnly? published, string sourceName) =>
        published is { } p && date > p
            ? $"{Format(date)} is after the publication of its source, {sourceName} ({Format(p)}); a report cannot give a figure for a later day"
            : null;

    /// <summary>
    /// Why a source cannot be corrected to <paramref name="published"/> while <paramref name="figures"/> figures cite it,
    /// the latest for <paramref name="latestFigure"/>, or null when it can (the same rule as
    /// <see cref="AfterPublication"/>, seen from the source).
    /// </summary>
    public static string? BeforeItsFigures(DateOnly? published, DateOnly? latestFigure, int figures) =>
        published is { } p && latestFigure is { } latest && latest > p
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Format(p)} is before the day of {(figures == 1 ? "a figure" : $"{figures} figures")} citing this source (the latest for {Format(latest)}); a report cannot give a figure for a later day: correct those figures first, or give a publication date on or after {Format(latest)}")
            : null;

    /// <summary>The first reason <paramref name="date"/> is refused for a figure, or null.</summary>
    public string? CheckFigure(DateOnly date, DateOnly? sourcePublished, string sourceName) =>
        OutOfRange(date) ?? AfterPublication(date, sourcePublished, sourceName);

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
