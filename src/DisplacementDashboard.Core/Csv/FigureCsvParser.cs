using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Csv;

/// <summary>Which rules apply on top of the common ones.</summary>
public enum FigureFileKind
{
    /// <summary>An uploaded file: ids optional; <c>figure_id</c> and <c>revision</c> may refer to the store.</summary>
    Import,

    /// <summary>The seed's figures.csv: every row needs an <c>external_id</c>; store ids must be empty.</summary>
    Seed,
}

/// <summary>A row that passed every check, with typed values (the value scaled by its unit's decimals).</summary>
public sealed record ParsedFigure(
    int Row,
    int? FigureId,
    int? Revision,
    string? ExternalId,
    string Metric,
    string Location,
    DateOnly Date,
    TimeOnly? Time,
    long Value,
    string Unit,
    int Decimals,
    Qualifier Qualifier,
    string Source,
    string? Note)
{
    /// <summary>What makes two rows the same figure when neither has an id: everything but the note.</summary>
    public (string, string, DateOnly, TimeOnly?, long, string, Qualifier, string) NaturalKey =>
        (Metric, Location, Date, Time, Value, Unit, Qualifier, Source);
}

/// <summary>One data row: its figure when valid, otherwise its errors (row, column, reason).</summary>
public sealed record FigureCsvRow(int Row, ParsedFigure? Figure, IReadOnlyList<CsvError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// A source an import file brings: its key is not in the store, and the first row that names it gives its title,
/// publisher and publication date (and address, when it has one). Committing the file creates it.
/// </summary>
public sealed record NewSourceRow(int Row, SourceReference Source);

/// <summary>A parsed figure file. <see cref="Sha256"/> is null when the file could not be read to its end.</summary>
public sealed record FigureCsvFile(IReadOnlyList<FigureCsvRow> Rows, IReadOnlyList<CsvError> FileErrors, string? Sha256, long Bytes, bool HasHxlRow)
{
    /// <summary>Sources the file creates (imports only), in the order their first rows come.</summary>
    public IReadOnlyList<NewSourceRow> NewSources { get; init; } = [];

    public bool IsValid => FileErrors.Count == 0 && Rows.All(r => r.IsValid);

    /// <summary>File errors first, then row errors in row order.</summary>
    public IEnumerable<CsvError> Errors => FileErrors.Concat(Rows.SelectMany(r => r.Errors)).OrderBy(e => e.Row);
}

/// <summary>
/// Reads and validates figure files in the <see cref="FigureCsv"/> format: the one parser and set of rules for
/// imports and for the seed. UTF-8 (BOM optional), optional HXL row, limits from <see cref="ImportOptions"/>.
/// Every problem is reported with row, column and reason; nothing here touches the store.
/// </summary>
public sealed class FigureCsvParser(ImportOptions options)
{
    private const int QuoteLimit = 60;

    /// <summary>Control characters other than tab, line feed and carriage return: never part of text.</summary>
    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')).ToArray());

    /// <summary>Parses a file synchronously (start-up seeding).</summary>
    public FigureCsvFile Parse(Stream stream, CsvReferenceData reference, FigureFileKind kind)
    {
        var task = ParseCoreAsync(stream, reference, kind, sync: true, CancellationToken.None);
        // With sync: true every read completes synchronously, so the task has already finished.
        return task.IsCompleted ? task.GetAwaiter().GetResult() : throw new InvalidOperationException("A synchronous parse did not complete synchronously.");
    }

    /// <summary>Parses a file asynchronously (uploads: browser file streams only read asynchronously).</summary>
    public Task<FigureCsvFile> ParseAsync(Stream stream, CsvReferenceData reference, FigureFileKind kind, CancellationToken cancellationToken = default) =>
        ParseCoreAsync(stream, reference, kind, sync: false, cancellationToken).AsTask();

    private async ValueTask<FigureCsvFile> ParseCoreAsync(Stream stream, CsvReferenceData reference, FigureFileKind kind, bool sync, CancellationToken cancellationToken)
    {
        var fileErrors = new List<CsvError>();
        var rows = new List<RowBuilder>();
        var badData = new List<(int Row, string Field)>();
        var hasHxl = false;
        var newSources = new Dictionary<string, NewSourceRow>(StringComparer.Ordinal);
        using var guarded = new GuardedStream(stream, options.MaxFileBytes);
        using var reader = new StreamReader(guarded, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
            IgnoreBlankLines = true,
            BadDataFound = args => badData.Add((args.Context.Parser?.Row ?? 0, args.Field)),
        };
        using var parser = new CsvParser(reader, config, leaveOpen: true);

        async ValueTask<bool> ReadAsync() => sync ? parser.Read() : await parser.ReadAsync();

        try
        {
            if (!await ReadAsync())
            {
                fileErrors.Add(new CsvError(1, "(header)", "the file is empty; expected a header row: " + string.Join(",", FigureCsv.Columns)));
            }
            else if (CheckHeader(parser.Record ?? [], out var width) is { } headerError)
            {
                fileErrors.Add(headerError);
            }
            else
            {
                var first = true;
                while (await ReadAsync())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var record = parser.Record ?? [];
                    var row = parser.Row;
                    if (first && record.Length > 0 && record[0].StartsWith('#'))
                    {
                        first = false;
                        hasHxl = true;
                        if (CheckHxlRow(row, record, width) is { } hxlError)
                        {
                            fileErrors.Add(hxlError);
                        }

                        continue;
                    }

                    first = false;
                    if (rows.Count >= options.MaxRows)
                    {
                        fileErrors.Add(new CsvError(row, "(file)", $"the file has more than {options.MaxRows.ToString(CultureInfo.InvariantCulture)} data rows, the limit (setting Import:MaxRows); split it into smaller files"));
                        break;
                    }

                    var broken = badData.Where(b => b.Row == row).Select(b => b.Field).ToList();
                    rows.Add(ValidateRow(row, record, width, broken, reference, kind, newSources));
                }
            }
        }
        catch (CsvFileRuleException ex)
        {
            fileErrors.Add(new CsvError(0, "(file)", ex.Message));
        }
        catch (Exception ex) when (Unwrap(ex) is DecoderFallbackException)
        {
            fileErrors.Add(new CsvError(Math.Max(parser.Row, 1), "(file)", $"the file is not valid UTF-8 text (a bad byte sequence near byte {guarded.Bytes.ToString(CultureInfo.InvariantCulture)}); save it as UTF-8"));
        }
        catch (Exception ex) when (Unwrap(ex) is CsvFileRuleException rule)
        {
            fileErrors.Add(new CsvError(0, "(file)", rule.Message));
        }
        catch (CsvHelperException ex)
        {
            fileErrors.Add(new CsvError(Math.Max(parser.Row, 1), "(file)", "the file is not valid CSV: " + ex.GetType().Name));
        }

        AddDuplicateErrors(rows);
        return new FigureCsvFile(
            rows.Select(r => r.Build()).ToList(),
            fileErrors,
            fileErrors.Count == 0 ? guarded.Sha256 : null,
            guarded.Bytes,
            hasHxl)
        {
            NewSources = newSources.Values.OrderBy(s => s.Row).ToList(),
        };
    }

    private static Exception Unwrap(Exception ex)
    {
        while (ex.InnerException is not null && ex is CsvHelperException)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary>
    /// The header is <see cref="FigureCsv.Columns"/>, or the export's <see cref="FigureCsv.ExportColumns"/> (its output-only
    /// <see cref="FigureCsv.Verified"/> column is read past, not imported); <paramref name="width"/> is its number of columns.
    /// </summary>
    private static CsvError? CheckHeader(string[] record, out int width)
    {
        var header = record.Select((h, i) => (i == 0 ? h.TrimStart('\uFEFF') : h).Trim()).ToArray();
        width = header.Length;
        return header.SequenceEqual(FigureCsv.Columns, StringComparer.Ordinal) || header.SequenceEqual(FigureCsv.ExportColumns, StringComparer.Ordinal)
            ? null
            : new CsvError(1, "(header)", $"expected the columns '{string.Join(",", FigureCsv.Columns)}' but found '{Quote(string.Join(",", header), 300)}'");
    }

    private static CsvError? CheckHxlRow(int row, string[] record, int width)
    {
        if (record.Length != width)
        {
            return new CsvError(row, "(hxl)", $"the HXL hashtag row has {record.Length} fields; expected {width}");
        }

        for (var i = 0; i < record.Length; i++)
        {
            var tag = record[i].Trim();
            if (tag.Length > 0 && !tag.StartsWith('#'))
            {
                return new CsvError(row, FigureCsv.ExportColumns[i], $"'{Quote(tag)}' in the HXL hashtag row is not a hashtag (it must start with '#')");
            }
        }

        return null;
    }

    private RowBuilder ValidateRow(int row, string[] record, int width, List<string> broken, CsvReferenceData reference, FigureFileKind kind, Dictionary<string, NewSourceRow> newSources)
    {
        var result = new RowBuilder(row);
        if (broken.Count > 0 && broken[0].StartsWith('"') && broken[0].Count(c => c == '"') % 2 == 1)
        {
            result.Error("(row)", $"broken quoting: the quoted field '{Quote(broken[0])}' has no closing quote, so the rest of the file ran into it");
            return result;
        }

        if (broken.Count > 0)
        {
            result.Error("(row)", $"broken quoting: a quote inside an unquoted field or text after a closing quote, in '{Quote(broken[0])}'; a field with quotes must be enclosed in quotes and its quotes doubled");
            return result;
        }

        if (record.Length != width)
        {
            var columns = width == FigureCsv.ExportColumns.Count ? FigureCsv.ExportColumns : FigureCsv.Columns;
            result.Error("(row)", $"has {record.Length} fields; expected {width} ({string.Join(",", columns)})");
            return result;
        }

        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        // The export's verified column, when the file has it, is output only: not read.
        for (var i = 0; i < FigureCsv.Columns.Count; i++)
        {
            var column = FigureCsv.Columns[i];
            var raw = record[i];
            if (raw.Length > options.MaxFieldLength)
            {
                result.Error(column, $"is {raw.Length.ToString(CultureInfo.InvariantCulture)} characters long; the limit is {options.MaxFieldLength.ToString(CultureInfo.InvariantCulture)} (setting Import:MaxFieldLength)");
                continue;
            }

            var control = raw.AsSpan().IndexOfAny(ControlCharacters);
            if (control >= 0)
            {
                result.Error(column, $"contains the control character U+{((int)raw[control]).ToString("X4", CultureInfo.InvariantCulture)}; only tabs and line breaks are allowed in text");
                continue;
            }

            if (!FigureCsv.IsNumberColumn(column) && FormulaGuard.StartsWithTrigger(raw))
            {
                result.Error(column, $"'{Quote(raw)}' starts with '{Visible(raw[0])}' and would run as a spreadsheet formula; if it is text, start the cell with an apostrophe (')");
                continue;
            }

            cells[column] = FigureCsv.IsNumberColumn(column) ? raw : FormulaGuard.Restore(raw);
        }

        // A column that failed above is not checked again, so each problem is reported once.
        string? Cell(string column) => cells.TryGetValue(column, out var v) && v.Trim().Length > 0 ? v.Trim() : null;
        bool Has(string column) => cells.ContainsKey(column);

        int? StoreId(string column)
        {
            if (Cell(column) is not { } text)
            {
                return null;
            }

            if (kind == FigureFileKind.Seed)
            {
                result.Error(column, "must be empty in the seed; seed figures are named by external_id");
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }

            result.Error(column, $"'{Quote(text)}' is not a whole number from 1 to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        string? Required(string column)
        {
            var value = Cell(column);
            if (value is null && Has(column))
            {
                result.Error(column, "is empty; a value is required");
            }

            return value;
        }

        var figureId = StoreId(FigureCsv.FigureId);
        var revision = StoreId(FigureCsv.Revision);

        var externalId = Cell(FigureCsv.ExternalId);
        if (externalId is not null && !FigureCsv.IsValidExternalId(externalId))
        {
            result.Error(FigureCsv.ExternalId, $"'{Quote(externalId)}' is not a valid external id: up to {FigureCsv.ExternalIdMaxLength.ToString(CultureInfo.InvariantCulture)} letters, digits and . _ - :, starting with a letter or digit");
            externalId = null;
        }
        else if (externalId is null && kind == FigureFileKind.Seed && Has(FigureCsv.ExternalId))
        {
            result.Error(FigureCsv.ExternalId, "is empty; every seed figure needs an external id (F0001, ...)");
        }

        var metric = Required(FigureCsv.Metric);
        IReadOnlyList<string>? metricUnits = null;
        if (metric is not null && !reference.MetricUnits.TryGetValue(metric, out metricUnits))
        {
            result.Error(FigureCsv.Metric, $"unknown metric '{Quote(metric)}'");
        }

        var location = Required(FigureCsv.Location);
        if (location is not null && !reference.Locations.Contains(location))
        {
            result.Error(FigureCsv.Location, $"unknown location '{Quote(location)}'");
        }

        var unit = Required(FigureCsv.Unit);
        int? decimals = null;
        if (unit is not null)
        {
            if (!reference.UnitDecimals.TryGetValue(unit, out var d))
            {
                result.Error(FigureCsv.Unit, $"unknown unit '{Quote(unit)}'");
            }
            else if (metricUnits is not null && !metricUnits.Contains(unit))
            {
                result.Error(FigureCsv.Unit, $"unit '{unit}' does not fit metric '{metric}' (allowed: {string.Join(", ", metricUnits)})");
            }
            else
            {
                decimals = d;
            }
        }

        var sourceKey = Required(FigureCsv.Source);
        SourceReference? source = null;
        string? origin = reference.Origin;
        if (sourceKey is not null && !reference.Sources.TryGetValue(sourceKey, out source))
        {
            if (newSources.TryGetValue(sourceKey, out var brought))
            {
                source = brought.Source;
                origin = $"row {brought.Row.ToString(CultureInfo.InvariantCulture)}, which creates it";
            }
            else if (kind == FigureFileKind.Import)
            {
                source = NewSource(result, sourceKey, Cell, reference.Dates);
                if (source is not null)
                {
                    newSources[sourceKey] = new NewSourceRow(row, source);
                    origin = null; // this row defines it
                }
            }
            else
            {
                result.Error(FigureCsv.Source, $"unknown source '{Quote(sourceKey)}'");
            }
        }

        Qualifier? qualifier = null;
        if (Has(FigureCsv.Qualifier))
        {
            var text = Cell(FigureCsv.Qualifier) ?? "";
            qualifier = FigureCsv.ParseQualifier(text);
            if (qualifier is null)
            {
                result.Error(FigureCsv.Qualifier, $"'{Quote(text)}' is not one of exact, approximate, at-least, at-most");
            }
        }

        DateOnly? date = null;
        if (Has(FigureCsv.Date))
        {
            var text = Cell(FigureCsv.Date) ?? "";
            if (FigureCsv.TryParseDate(text, out var d))
            {
                date = d;
            }
            else
            {
                result.Error(FigureCsv.Date, $"'{Quote(text)}' is not a date in the form yyyy-MM-dd");
            }
        }

        TimeOnly? time = null;
        if (Cell(FigureCsv.Time) is { } timeText)
        {
            if (FigureCsv.TryParseTime(timeText, out var t))
            {
                time = t;
            }
            else
            {
                result.Error(FigureCsv.Time, $"'{Quote(timeText)}' is not a time in the form HH:mm (24-hour, Armenian local time)");
            }
        }

        long value = 0;
        if (Has(FigureCsv.Value) && decimals is { } places && !ScaledValue.TryParse(cells[FigureCsv.Value], places, out value, out var valueError))
        {
            result.Error(FigureCsv.Value, valueError);
        }

        if (source is not null && origin is not null)
        {
            CheckProvenance(result, cells, source, origin);
        }

        if (date is { } day)
        {
            // The same rule as the figure form's (ReferenceDates): within the accepted range, not after the source.
            var dateError = reference.Dates?.OutOfRange(day)
                ?? (source is null ? null : ReferenceDates.AfterPublication(day, source.Published, source.Key));
            if (dateError is not null)
            {
                result.Error(FigureCsv.Date, dateError);
            }
        }

        string? note = null;
        if (cells.TryGetValue(FigureCsv.Note, out var noteText) && !string.IsNullOrWhiteSpace(noteText))
        {
            if (noteText.Length > FigureCsv.NoteMaxLength)
            {
                result.Error(FigureCsv.Note, $"is {noteText.Length.ToString(CultureInfo.InvariantCulture)} characters long; notes are limited to {FigureCsv.NoteMaxLength.ToString(CultureInfo.InvariantCulture)}");
            }
            else
            {
                note = noteText;
            }
        }

        if (result.IsValid)
        {
            result.Figure = new ParsedFigure(row, figureId, revision, externalId, metric!, location!, date!.Value, time, value, unit!, decimals!.Value, qualifier!.Value, sourceKey!, note);
        }

        return result;
    }

    /// <summary>Longest source key (the store's column, SourceConfiguration).</summary>
    private const int SourceKeyMaxLength = 40;

    /// <summary>
    /// A source key the store does not know, on an import row: the row creates the source when it gives its title,
    /// publisher and publication date (its address when it has one), each checked as the source form checks them.
    /// Null, with the errors on the row, when it cannot.
    /// </summary>
    private static SourceReference? NewSource(RowBuilder result, string key, Func<string, string?> cell, ReferenceDates? dates)
    {
        var before = result.ErrorCount;
        if (key.Length > SourceKeyMaxLength || !FigureCsv.IsValidExternalId(key))
        {
            result.Error(FigureCsv.Source, $"unknown source '{Quote(key)}', and not a key a new source can have: up to {SourceKeyMaxLength.ToString(CultureInfo.InvariantCulture)} letters, digits and . _ - :, starting with a letter or digit");
            return null;
        }

        var title = cell(FigureCsv.SourceTitle);
        var publisher = cell(FigureCsv.SourcePublisher);
        var publishedText = cell(FigureCsv.SourcePublished);
        var url = cell(FigureCsv.SourceUrl);
        if (title is null && publisher is null && publishedText is null)
        {
            result.Error(FigureCsv.Source, $"unknown source '{Quote(key)}': to create it, fill source_title, source_publisher and source_published (and source_url when it has one) on its first row");
            return null;
        }

        void Missing(string column, string? value, string what)
        {
            if (value is null)
            {
                result.Error(column, $"is empty; source '{Quote(key)}' is new, and a new source needs its {what}");
            }
        }

        Missing(FigureCsv.SourceTitle, title, "title");
        Missing(FigureCsv.SourcePublisher, publisher, "publisher");
        Missing(FigureCsv.SourcePublished, publishedText, "publication date");
        if (result.ErrorCount != before)
        {
            return null;
        }

        if (!FigureCsv.TryParseDate(publishedText!, out var published))
        {
            result.Error(FigureCsv.SourcePublished, $"'{Quote(publishedText!)}' is not a date in the form yyyy-MM-dd");
            return null;
        }

        // The source form's own checks (title and publisher lengths, the address, the publication date's range).
        var input = new SourceInput { Title = title!, Publisher = publisher!, Published = published, Url = url };
        foreach (var error in SourceEditor.Validate(input, dates?.Earliest ?? DateOnly.MinValue, dates?.Latest ?? DateOnly.MaxValue))
        {
            var column = error.Field switch
            {
                nameof(SourceInput.Title) => FigureCsv.SourceTitle,
                nameof(SourceInput.Publisher) => FigureCsv.SourcePublisher,
                nameof(SourceInput.Published) => FigureCsv.SourcePublished,
                _ => FigureCsv.SourceUrl,
            };
            result.Error(column, $"{error.Message} (source '{Quote(key)}' is new)");
        }

        return result.ErrorCount == before ? new SourceReference(key, title!, publisher!, url, published) : null;
    }

    /// <summary>Provenance cells may be left empty; when filled they must agree with the source they name.</summary>
    private static void CheckProvenance(RowBuilder result, Dictionary<string, string> cells, SourceReference source, string origin)
    {
        void Compare(string column, string? expected, string what)
        {
            if (cells.TryGetValue(column, out var text) && text.Length > 0 && !string.Equals(text, expected ?? "", StringComparison.Ordinal))
            {
                result.Error(column, $"'{Quote(text)}' differs from the {what} of source {source.Key} in {origin} ('{Quote(expected ?? "")}'); a figure file does not change sources: leave the cell empty or make it match");
            }
        }

        Compare(FigureCsv.SourceTitle, source.Title, "title");
        Compare(FigureCsv.SourcePublisher, source.Publisher, "publisher");
        Compare(FigureCsv.SourceUrl, source.Url, "URL");
        if (cells.TryGetValue(FigureCsv.SourcePublished, out var published) && published.Trim().Length > 0)
        {
            if (!FigureCsv.TryParseDate(published.Trim(), out var date))
            {
                result.Error(FigureCsv.SourcePublished, $"'{Quote(published)}' is not a date in the form yyyy-MM-dd");
            }
            else if (date != source.Published)
            {
                var expected = source.Published is { } p ? FigureCsv.FormatDate(p) : "no date";
                result.Error(FigureCsv.SourcePublished, $"'{published.Trim()}' differs from the publication date of source {source.Key} in {origin} ({expected}); leave the cell empty or make it match");
            }
        }
    }

    private static void AddDuplicateErrors(List<RowBuilder> rows)
    {
        var externalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var figureIds = new Dictionary<int, int>();
        var keys = new Dictionary<(string, string, DateOnly, TimeOnly?, long, string, Qualifier, string), int>();
        foreach (var row in rows.Where(r => r.Figure is not null))
        {
            var figure = row.Figure!;
            if (figure.ExternalId is { } externalId && !externalIds.TryAdd(externalId, row.Row))
            {
                row.Error(FigureCsv.ExternalId, $"'{externalId}' repeats row {externalIds[externalId].ToString(CultureInfo.InvariantCulture)}; ids must be unique");
            }

            if (figure.FigureId is { } figureId && !figureIds.TryAdd(figureId, row.Row))
            {
                row.Error(FigureCsv.FigureId, $"'{figureId.ToString(CultureInfo.InvariantCulture)}' repeats row {figureIds[figureId].ToString(CultureInfo.InvariantCulture)}; ids must be unique");
            }

            if (!keys.TryAdd(figure.NaturalKey, row.Row))
            {
                row.Error("(row)", $"repeats row {keys[figure.NaturalKey].ToString(CultureInfo.InvariantCulture)}: same metric, location, date, time, value, unit, qualifier and source");
            }
        }
    }

    internal static string Quote(string text, int limit = QuoteLimit)
    {
        var visible = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return visible.Length <= limit ? visible : visible[..limit] + "…";
    }

    private static string Visible(char c) => c switch
    {
        '\t' => "tab",
        '\r' => "carriage return",
        '\0' => "NUL",
        _ => c.ToString(),
    };

    private sealed class RowBuilder(int row)
    {
        private readonly List<CsvError> _errors = [];

        public int Row { get; } = row;

        public ParsedFigure? Figure { get; set; }

        public bool IsValid => _errors.Count == 0;

        public int ErrorCount => _errors.Count;

        public void Error(string column, string reason) => _errors.Add(new CsvError(Row, column, reason));

        public FigureCsvRow Build() => new(Row, IsValid ? Figure : null, _errors);
    }
}
