using System.Globalization;
using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// The figure CSV format (docs/csv-format.md): one column list for exports, imports and the seed's
/// <c>figures.csv</c>. UTF-8, comma, RFC 4180 quoting, a header row, an optional HXL hashtag row.
/// </summary>
public static class FigureCsv
{
    public const string FileName = "figures.csv";

    public const string FigureId = "figure_id";
    public const string Revision = "revision";
    public const string ExternalId = "external_id";
    public const string Metric = "metric";
    public const string Location = "location";
    public const string Date = "date";
    public const string Time = "time";
    public const string Value = "value";
    public const string Unit = "unit";
    public const string Qualifier = "qualifier";
    public const string Source = "source";
    public const string SourceTitle = "source_title";
    public const string SourcePublisher = "source_publisher";
    public const string SourceUrl = "source_url";
    public const string SourcePublished = "source_published";
    public const string Note = "note";

    /// <summary>
    /// Output only: <c>true</c> when a second editor checked the figure (<see cref="FigureRecord.Verified"/>). The figures
    /// export ends with it (<see cref="ExportColumns"/>); an import accepts a file with or without it and ignores it.
    /// </summary>
    public const string Verified = "verified";

    /// <summary>The columns, in file order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        FigureId, Revision, ExternalId, Metric, Location, Date, Time, Value, Unit, Qualifier,
        Source, SourceTitle, SourcePublisher, SourceUrl, SourcePublished, Note,
    ];

    /// <summary>The figures export's columns: <see cref="Columns"/> and <see cref="Verified"/> last.</summary>
    public static readonly IReadOnlyList<string> ExportColumns = [.. Columns, Verified];

    /// <summary>Longest note the store keeps (the Figures.Note column).</summary>
    public const int NoteMaxLength = 2000;

    /// <summary>Longest external id the store keeps (the Figures.ExternalId column).</summary>
    public const int ExternalIdMaxLength = 80;

    public const string DateFormat = "yyyy-MM-dd";
    public const string TimeFormat = "HH:mm";

    /// <summary>Number columns are written as plain invariant numbers and never neutralised.</summary>
    public static bool IsNumberColumn(string column) => column is FigureId or Revision or Value;

    /// <summary>
    /// An external id starts with a letter or digit and holds only letters, digits and <c>. _ - :</c>, so it
    /// can never be read as a formula and survives every tool unchanged.
    /// </summary>
    public static bool IsValidExternalId(string id) =>
        id.Length is > 0 and <= ExternalIdMaxLength
        && char.IsAsciiLetterOrDigit(id[0])
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':');

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string? FormatTime(TimeOnly? time) => time?.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The file spelling of a qualifier: exact, approximate, at-least, at-most.</summary>
    public static string QualifierText(Qualifier qualifier) => qualifier switch
    {
        Domain.Qualifier.Approximate => "approximate",
        Domain.Qualifier.AtLeast => "at-least",
        Domain.Qualifier.AtMost => "at-most",
        _ => "exact",
    };

    public static Qualifier? ParseQualifier(string text) => text switch
    {
        "exact" => Domain.Qualifier.Exact,
        "approximate" => Domain.Qualifier.Approximate,
        "at-least" => Domain.Qualifier.AtLeast,
        "at-most" => Domain.Qualifier.AtMost,
        _ => null,
    };
}
