using System.Globalization;
using System.Text;
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
    public static readonly string[] LocationOptionalColumns = ["pcode", "name_hy", "name_ru"];

    public static readonly string[] SourceColumns = ["id", "title", "publisher", "published", "url", "kind"];
    public static readonly string[] SourceOptionalColumns = ["published_time"];

    /// <summary>figures.csv uses the figure CSV format shared with imports and exports.</summary>
    public static IReadOnlyList<string> FigureColumns => FigureCsv.Columns;

    public static readonly string[] EventColumns = ["id", "date", "precision", "title", "description", "source"];

    /// <summary>The six files, in the order they are read (each may refer only to the files before it, and figures.csv to all).</summary>
    public static readonly string[] FileNames = ["units.csv", "metrics.csv", "locations.csv", "sources.csv", "events.csv", FigureCsv.FileName];

    /// <summary>Reads units.csv, metrics.csv, locations.csv, sources.csv, figures.csv and events.csv.</summary>
    /// <param name="directory">The folder with the six files.</param>
    /// <param name="dates">The accepted reference dates for figures and events (the app passes
    /// <see cref="ReferenceDates.From"/> of its <c>Editing</c> options); without it only the rule that no figure is
    /// dated after its source's publication applies.</param>
    /// <exception cref="SeedValidationException">Any file is missing or any cell is invalid.</exception>
    public SeedData ReadDirectory(string directory, ReferenceDates? dates = null)
    {
        var errors = new List<SeedError>();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in FileNames)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                files[name] = File.ReadAllBytes(path);
            }
            else
            {
                errors.Add(new SeedError(name, 0, "(file)", $"the file is missing at {path}"));
            }
        }

        if (errors.Count > 0)
        {
            throw new SeedValidationException(errors);
        }

        var (seed, problems) = Read(files, dates, store: null);
        return problems.Count > 0 ? throw new SeedValidationException(problems) : seed;
    }

    /// <summary>
    /// Reads the six files from their bytes (UTF-8, optional BOM) and returns every problem instead of throwing.
    /// With <paramref name="store"/> (a six-file import), a file may be absent (nothing of that kind), and a code the files
    /// do not define may be one the store has: a metric's unit, a place's parent, an event's or a figure's source, a
    /// figure's metric and place. Without it (the seed) all six must be there and stand alone.
    /// </summary>
    public (SeedData Seed, IReadOnlyList<SeedError> Errors) Read(IReadOnlyDictionary<string, byte[]> files, ReferenceDates? dates, CsvReferenceData? store)
    {
        var errors = new List<SeedError>();
        IReadOnlyList<CsvRow> Table(string name, string[] columns, string[]? optionalColumns = null)
        {
            if (!files.TryGetValue(name, out var bytes))
            {
                if (store is null)
                {
                    errors.Add(new SeedError(name, 0, "(file)", "the file is missing"));
                }

                return [];
            }

            using var reader = new StreamReader(new MemoryStream(bytes, writable: false), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
            try
            {
                return CsvTable.Read(reader, name, columns, errors, optionalColumns);
            }
            catch (DecoderFallbackException)
            {
                errors.Add(new SeedError(name, 0, "(file)", "the file is not UTF-8 text"));
                return [];
            }
        }

        var units = ReadUnits(Table("units.csv", UnitColumns, UnitOptionalColumns), errors);
        var unitByCode = units.GroupBy(u => u.Code).ToDictionary(g => g.Key, g => g.First().Decimals, StringComparer.Ordinal);
        foreach (var (code, decimals) in store?.UnitDecimals ?? new Dictionary<string, int>())
        {
            unitByCode.TryAdd(code, decimals);
        }

        var metrics = ReadMetrics(Table("metrics.csv", MetricColumns, MetricOptionalColumns), unitByCode, errors);
        var locations = ReadLocations(Table("locations.csv", LocationColumns, LocationOptionalColumns), store?.Locations ?? new HashSet<string>(), errors);
        var sources = ReadSources(Table("sources.csv", SourceColumns, SourceOptionalColumns), errors);
        var sourceKeys = sources.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        sourceKeys.UnionWith(store?.Sources.Keys ?? []);
        var events = ReadEvents(Table("events.csv", EventColumns), sourceKeys, dates, errors);
        var figures = files.TryGetValue(FigureCsv.FileName, out var figureBytes)
            ? ReadFigures(figureBytes, unitByCode, metrics, locations, sources, dates, store, errors)
            : [];
        if (figureBytes is null && store is null)
        {
            errors.Add(new SeedError(FigureCsv.FileName, 0, "(file)", "the file is missing"));
        }

        return (new SeedData(units, metrics, locations, sources, figures, events), errors);
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

    private static List<SeedMetric> ReadMetrics(IReadOnlyList<CsvRow> rows, IReadOnlyDictionary<string, int> units, List<SeedError> errors)
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

    private static List<SeedLocation> ReadLocations(IReadOnlyList<CsvRow> rows, IReadOnlySet<string> stored, List<SeedError> errors)
    {
        const string file = "locations.csv";
        var result = new List<SeedLocation>();
        var seen = new HashSet<string>(stored, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var code = Required(row, "code", file, errors);
            var name = Required(row, "name", file, errors);
            var level = ParseEnum<LocationLevel>(row, "level", file, errors);
            var parent = row.Optional("parent");
            if (parent is not null && !seen.Contains(parent))
            {
                errors.Add(new SeedError(file, row.Row, "parent", stored.Count == 0 ? $"parent '{parent}' is not defined on an earlier row" : $"parent '{parent}' is neither defined on an earlier row nor a place in the store"));
            }

            var (nameHy, nameRu) = (row.Optional("name_hy"), row.Optional("name_ru"));
            foreach (var (field, message) in Editing.ReferenceRules.CheckPlaceNames(nameHy, nameRu))
            {
                errors.Add(new SeedError(file, row.Row, field == "NameHy" ? "name_hy" : "name_ru", message));
            }

            if (code is not null && name is not null && level is not null)
            {
                seen.Add(code);
                result.Add(new SeedLocation(code, name, parent, level.Value, row.Optional("pcode"), nameHy, nameRu));
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

            TimeOnly? publishedTime = null;
            if (row.Optional("published_time") is { } timeText)
            {
                if (!TimeOnly.TryParseExact(timeText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                {
                    errors.Add(new SeedError(file, row.Row, "published_time", $"'{timeText}' is not a time in the form HH:mm (Yerevan time)"));
                }
                else if (row.Optional("published") is null)
                {
                    errors.Add(new SeedError(file, row.Row, "published_time", "a time of publication needs the date (published) too"));
                }
                else
                {
                    publishedTime = time;
                }
            }

            var url = row.Optional("url");
            if (url is not null && !IsHttpUrl(url))
            {
                errors.Add(new SeedError(file, row.Row, "url", $"'{url}' is not an http(s) address"));
            }

            if (key is not null && title is not null && publisher is not null && kind is not null)
            {
                result.Add(new SeedSource(key, title, publisher, published, url, kind.Value, publishedTime));
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
        byte[] bytes,
        IReadOnlyDictionary<string, int> units,
        IReadOnlyList<SeedMetric> metrics,
        IReadOnlyList<SeedLocation> locations,
        IReadOnlyList<SeedSource> sources,
        ReferenceDates? dates,
        CsvReferenceData? store,
        List<SeedError> errors)
    {
        var reference = Merge(units, metrics, locations, sources, dates, store);
        using var stream = new MemoryStream(bytes, writable: false);
        var parsed = new FigureCsvParser(_options).Parse(stream, reference, FigureFileKind.Seed);
        errors.AddRange(parsed.Errors.Select(e => new SeedError(FigureCsv.FileName, e.Row, e.Column, e.Reason)));
        return parsed.Rows
            .Where(r => r.Figure is not null)
            .Select(r => r.Figure!)
            .Select(f => new SeedFigure(f.ExternalId!, f.Metric, f.Location, f.Date, f.Time, f.Value, f.Unit, f.Qualifier, f.Source, f.Note))
            .ToList();
    }

    /// <summary>
    /// The codes figures.csv may use: those the other five files define, then those of the store they do not
    /// redefine (a file's row wins, as the import will write it).
    /// </summary>
    public static CsvReferenceData Merge(
        IReadOnlyDictionary<string, int> units,
        IReadOnlyList<SeedMetric> metrics,
        IReadOnlyList<SeedLocation> locations,
        IReadOnlyList<SeedSource> sources,
        ReferenceDates? dates,
        CsvReferenceData? store)
    {
        var metricUnits = metrics.GroupBy(m => m.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Units, StringComparer.Ordinal);
        var places = locations.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        var sourceRefs = sources.GroupBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new SourceReference(g.Key, g.First().Title, g.First().Publisher, g.First().Url, g.First().Published), StringComparer.Ordinal);
        if (store is not null)
        {
            foreach (var (code, allowed) in store.MetricUnits)
            {
                metricUnits.TryAdd(code, allowed);
            }

            places.UnionWith(store.Locations);
            foreach (var (key, source) in store.Sources)
            {
                sourceRefs.TryAdd(key, source);
            }
        }

        return new CsvReferenceData
        {
            UnitDecimals = units,
            MetricUnits = metricUnits,
            Locations = places,
            Sources = sourceRefs,
            Origin = store is null ? "sources.csv" : "sources.csv or the store",
            Dates = dates,
            // A bundle does not carry retired flags: what the store has retired stays retired for the bundle's figures.
            RetiredMetrics = store?.RetiredMetrics ?? new HashSet<string>(),
            RetiredUnits = store?.RetiredUnits ?? new HashSet<string>(),
            RetiredLocations = store?.RetiredLocations ?? new HashSet<string>(),
        };
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
