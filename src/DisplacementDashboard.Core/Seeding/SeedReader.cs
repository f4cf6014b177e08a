using System.Globalization;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;

namespace DisplacementDashboard.Core.Seeding;

/// <summary>
/// Reads and validates the seed files in <c>data/seed/</c> (format in docs/data-sources.md). Every problem
/// is reported with file, row and column; on any problem nothing is returned, so nothing is written.
/// </summary>
public sealed class SeedReader(ImportOptions? options = null)
{
    private readonly ImportOptions _options = options ?? new ImportOptions();

    public static readonly string[] UnitColumns = ["code", "name", "kind", "decimals"];
    public static readonly string[] MetricColumns = ["code", "name", "kind", "units", "description"];
    public static readonly string[] LocationColumns = ["code", "name", "parent", "level"];
    /// <summary>Columns added after the first seed files, optional at the end of each file's header (in this order).</summary>
    public static readonly string[] UnitOptionalColumns = ["currency"];
    public static readonly string[] MetricOptionalColumns = ["hxl_hashtag"];
    public static readonly string[] LocationOptionalColumns = ["pcode"];

    public static readonly string[] SourceColumns = ["id", "title", "publisher", "published", "url", "kind"];

    /// <summary>figures.csv uses the figure CSV format shared with imports and exports.</summary>
    public static IReadOnlyList<string> FigureColumns => FigureCsv.Columns;

    public static readonly string[] EventColumns = ["id", "date", "precision", "title", "description", "source"];

    /// <summary>Reads units.csv, metrics.csv, locations.csv, sources.csv, figures.csv and events.csv.</summary>
    /// <param name="directory">The folder with the six files.</param>
    /// <param name="dates">The accepted reference dates for figures and events (the app passes
    /// <see cref="ReferenceDates.From"/> of its <c>Editing</c> options); without it only the rule that no figure is
    /// dated after its source's publication applies.</param>
    /// <exception cref="SeedValidationException">Any file is missing or any cell is invalid.</exception>
    public SeedData ReadDirectory(string directory, ReferenceDates? dates = null)
    {
        var errors = new List<SeedError>();
        var units = ReadUnits(CsvTable.ReadFile(Path.Combine(directory, "units.csv"), UnitColumns, errors, UnitOptionalColumns), errors);
        var unitByCode = units.GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.First());
        var metrics = ReadMetrics(CsvTable.ReadFile(Path.Combine(directory, "metrics.csv"), MetricColumns, errors, MetricOptionalColumns), unitByCode, errors);
        var locations = ReadLocations(CsvTable.ReadFile(Path.Combine(directory, "locations.csv"), LocationColumns, errors, LocationOptionalColumns), errors);
        var sources = ReadSources(CsvTable.ReadFile(Path.Combine(directory, "sources.csv"), SourceColumns, errors), errors);
        var figures = ReadFigures(Path.Combine(directory, FigureCsv.FileName), unitByCode, metrics, locations, sources, dates, errors);
        var events = ReadEvents(CsvTable.ReadFile(Path.Combine(directory, "events.csv"), EventColumns, errors), sources.Select(s => s.Key).ToHashSet(StringComparer.Ordinal), dates, errors);

        if (errors.Count > 0)
        {
            throw new SeedValidationException(errors);
        }

        return new SeedData(units, metrics, locations, sources, figures, events);
    }

    private static List<Unit> ReadUnits(IReadOnlyList<CsvRow> rows, List<SeedError> errors)
    {
        const string file = "units.csv";
        var result = new List<Unit>();
        foreach (var row in rows)
        {
            var code = Required(row, "code", file, errors);
            var name = Required(row, "name", file, errors);
            var kind = ParseEnum<UnitKind>(row, "kind", file, errors);
            if (!int.TryParse(row["decimals"], NumberStyles.None, CultureInfo.InvariantCulture, out var decimals) || decimals > 6)
            {
                errors.Add(new SeedError(file, row.Row, "decimals", $"'{row["decimals"]}' is not a whole number from 0 to 6"));
            }

            // A file without the currency column: a money unit's code is its ISO 4217 currency (USD).
            var currency = row.Optional("currency") ?? (kind == UnitKind.Money && code is not null && ReferenceRules.IsCurrency(code) ? code : null);
            if (currency is not null && ReferenceRules.CheckCurrency(kind, currency) is { } currencyError)
            {
                errors.Add(new SeedError(file, row.Row, "currency", currencyError));
            }
            else if (currency is null && kind == UnitKind.Money)
            {
                errors.Add(new SeedError(file, row.Row, "currency", "a money unit needs its ISO 4217 currency code (USD)"));
            }

            if (code is not null && name is not null && kind is not null)
            {
                result.Add(new Unit { Code = code, Name = name, Kind = kind.Value, Decimals = decimals, Currency = currency });
            }
        }

        AddDuplicateErrors(rows, "code", file, errors);
        return result;
    }

    private static List<SeedMetric> ReadMetrics(IReadOnlyList<CsvRow> rows, IReadOnlyDictionary<string, Unit> units, List<SeedError> errors)
    {
        const string file = "metrics.csv";
        var result = new List<SeedMetric>();
        foreach (var row in rows)
        {
            var code = Required(row, "code", file, errors);
            var name = Required(row, "name", file, errors);
            var kind = ParseEnum<MetricKind>(row, "kind", file, errors);
            var allowed = row["units"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (allowed.Length == 0)
            {
                errors.Add(new SeedError(file, row.Row, "units", "no unit given; list the allowed unit codes separated by ';'"));
            }

            foreach (var unit in allowed.Where(u => !units.ContainsKey(u)))
            {
                errors.Add(new SeedError(file, row.Row, "units", $"unknown unit '{unit}'"));
            }

            // A file without the hashtag column takes the table the exports used before (Hxl.MetricTags).
            var hashtag = row.Cells.ContainsKey("hxl_hashtag") ? row.Optional("hxl_hashtag")
                : code is not null && Hxl.MetricTags.TryGetValue(code, out var known) ? known : null;
            if (hashtag is not null && !ReferenceRules.IsHxlHashtag(hashtag))
            {
                errors.Add(new SeedError(file, row.Row, "hxl_hashtag", $"'{hashtag}' is not an HXL hashtag (#tag+attribute, lower case)"));
            }

            if (code is not null && name is not null && kind is not null)
            {
                result.Add(new SeedMetric(code, name, kind.Value, allowed, row.Optional("description"), hashtag));
            }
        }

        AddDuplicateErrors(rows, "code", file, errors);
        return result;
    }

    private static List<SeedLocation> ReadLocations(IReadOnlyList<CsvRow> rows, List<SeedError> errors)
    {
        const string file = "locations.csv";
        var result = new List<SeedLocation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var code = Required(row, "code", file, errors);
            var name = Required(row, "name", file, errors);
            var level = ParseEnum<LocationLevel>(row, "level", file, errors);
            var parent = row.Optional("parent");
            if (parent is not null && !seen.Contains(parent))
            {
                errors.Add(new SeedError(file, row.Row, "parent", $"parent '{parent}' is not defined on an earlier row"));
            }

            if (code is not null && name is not null && level is not null)
            {
                seen.Add(code);
                result.Add(new SeedLocation(code, name, parent, level.Value, row.Optional("pcode")));
            }
        }

        AddDuplicateErrors(rows, "code", file, errors);
        return result;
    }

    private static List<SeedSource> ReadSources(IReadOnlyList<CsvRow> rows, List<SeedError> errors)
    {
        const string file = "sources.csv";
        var result = new List<SeedSource>();
        foreach (var row in rows)
        {
            var key = Required(row, "id", file, errors);
            var title = Required(row, "title", file, errors);
            var publisher = Required(row, "publisher", file, errors);
            var kind = ParseEnum<SourceKind>(row, "kind", file, errors);
            DateOnly? published = null;
            if (row.Optional("published") is { } text)
            {
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    published = date;
                }
                else
                {
                    errors.Add(new SeedError(file, row.Row, "published", $"'{text}' is not a date in the form yyyy-MM-dd"));
                }
            }

            var url = row.Optional("url");
            if (url is not null && !IsHttpUrl(url))
            {
                errors.Add(new SeedError(file, row.Row, "url", $"'{url}' is not an http(s) address"));
            }

            if (key is not null && title is not null && publisher is not null && kind is not null)
            {
                result.Add(new SeedSource(key, title, publisher, published, url, kind.Value));
            }
        }

        AddDuplicateErrors(rows, "id", file, errors);
        return result;
    }

    /// <summary>
    /// figures.csv is in the figure CSV format (docs/csv-format.md) and goes through the same parser and rules
    /// as an uploaded import file, checked against the units, metrics, locations and sources read above.
    /// </summary>
    private List<SeedFigure> ReadFigures(
        string path,
        IReadOnlyDictionary<string, Unit> units,
        IReadOnlyList<SeedMetric> metrics,
        IReadOnlyList<SeedLocation> locations,
        IReadOnlyList<SeedSource> sources,
        ReferenceDates? dates,
        List<SeedError> errors)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            errors.Add(new SeedError(file, 0, "(file)", $"the file is missing at {path}"));
            return [];
        }

        var reference = new CsvReferenceData
        {
            UnitDecimals = units.ToDictionary(u => u.Key, u => u.Value.Decimals, StringComparer.Ordinal),
            MetricUnits = metrics.GroupBy(m => m.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Units, StringComparer.Ordinal),
            Locations = locations.Select(l => l.Code).ToHashSet(StringComparer.Ordinal),
            Sources = sources.GroupBy(s => s.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new SourceReference(g.Key, g.First().Title, g.First().Publisher, g.First().Url, g.First().Published), StringComparer.Ordinal),
            Origin = "sources.csv",
            Dates = dates,
        };

        using var stream = File.OpenRead(path);
        var parsed = new FigureCsvParser(_options).Parse(stream, reference, FigureFileKind.Seed);
        errors.AddRange(parsed.Errors.Select(e => new SeedError(file, e.Row, e.Column, e.Reason)));
        return parsed.Rows
            .Where(r => r.Figure is not null)
            .Select(r => r.Figure!)
            .Select(f => new SeedFigure(f.ExternalId!, f.Metric, f.Location, f.Date, f.Time, f.Value, f.Unit, f.Qualifier, f.Source, f.Note))
            .ToList();
    }

    private static List<SeedEvent> ReadEvents(IReadOnlyList<CsvRow> rows, IReadOnlySet<string> sources, ReferenceDates? dates, List<SeedError> errors)
    {
        const string file = "events.csv";
        var result = new List<SeedEvent>();
        foreach (var row in rows)
        {
            var before = errors.Count;
            var key = Required(row, "id", file, errors);
            var title = Required(row, "title", file, errors);
            var sourceKey = Required(row, "source", file, errors);
            var precision = ParseEnum<DatePrecision>(row, "precision", file, errors);
            DateOnly? date = null;
            var dateText = row["date"].Trim();
            // A month-precision event may be written as its month (2022-12) or its first day (2022-12-01).
            string[] formats = precision == DatePrecision.Month ? ["yyyy-MM", "yyyy-MM-dd"] : ["yyyy-MM-dd"];
            var format = string.Join(" or ", formats);
            if (DateOnly.TryParseExact(dateText, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                date = d;
                if (dates?.OutOfRange(d) is { } outOfRange)
                {
                    errors.Add(new SeedError(file, row.Row, "date", outOfRange));
                }
            }
            else
            {
                errors.Add(new SeedError(file, row.Row, "date", $"'{dateText}' is not a date in the form {format}"));
            }

            if (sourceKey is not null && !sources.Contains(sourceKey))
            {
                errors.Add(new SeedError(file, row.Row, "source", $"unknown source '{sourceKey}'"));
            }

            if (errors.Count == before)
            {
                result.Add(new SeedEvent(key!, date!.Value, precision!.Value, title!, row.Optional("description"), sourceKey!));
            }
        }

        AddDuplicateErrors(rows, "id", file, errors);
        return result;
    }

    private static string? Required(CsvRow row, string column, string file, List<SeedError> errors)
    {
        var value = row.Optional(column);
        if (value is null)
        {
            errors.Add(new SeedError(file, row.Row, column, "is empty; a value is required"));
        }

        return value;
    }

    private static DateOnly? ParseDate(CsvRow row, string column, string file, List<SeedError> errors)
    {
        var text = row[column].Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new SeedError(file, row.Row, column, $"'{text}' is not a date in the form yyyy-MM-dd"));
        return null;
    }

    /// <summary>Parses kebab-case file text ("un-agency", "adm1") into an enum value.</summary>
    private static T? ParseEnum<T>(CsvRow row, string column, string file, List<SeedError> errors)
        where T : struct, Enum
    {
        var text = row[column].Trim();
        if (Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(ToFileText));
        errors.Add(new SeedError(file, row.Row, column, $"'{text}' is not one of {allowed}"));
        return null;
    }

    /// <summary>The kebab-case file spelling of an enum name (UnAgency -> un-agency).</summary>
    public static string ToFileText(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 && !char.IsDigit(name[i - 1]) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static void AddDuplicateErrors(IReadOnlyList<CsvRow> rows, string column, string file, List<SeedError> errors)
    {
        foreach (var group in rows.GroupBy(r => r[column].Trim(), StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            foreach (var row in group.Skip(1))
            {
                errors.Add(new SeedError(file, row.Row, column, $"'{group.Key}' repeats row {group.First().Row}; ids must be unique"));
            }
        }
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
