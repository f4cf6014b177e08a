using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The two CSV rows of the goal table. Export: <see cref="ExportService.WriteFiguresCsvAsync"/> (current state, no
/// filter, no HXL row: the API endpoint's default) into a counting null stream, beside a raw data reader writing the
/// same columns with a plain CsvHelper writer; memory is sampled during an export of 10% and of 100% of the rows.
/// Import: <see cref="ImportService.CommitAsync"/> of a generated file of new figures into a fresh copy of the store
/// per repeat, beside CsvHelper reading the same file and prepared INSERTs (figure and revision rows) in one transaction.
/// </summary>
public sealed class CsvSuite(string cachedStore, string storePath, RunSettings settings, TextWriter log)
{
    public const double GoalRatio = 0.5;
    public const double GoalImportSeconds = 1;
    public const string ImportFileName = "bench-import.csv";

    private const string ExportSql =
        "SELECT f.Id, f.Version, f.ExternalId, m.Code, l.Code, f.ReferenceDate, f.LocalTime, f.Value, f.UnitCode, u.Decimals, f.Qualifier, " +
        "s.Key, s.Title, s.Publisher, s.Url, s.Published, f.Note " +
        "FROM Figures f JOIN Metrics m ON m.Id = f.MetricId JOIN Locations l ON l.Id = f.LocationId JOIN Units u ON u.Code = f.UnitCode " +
        "JOIN Sources s ON s.Id = f.SourceId WHERE NOT f.IsRetracted ORDER BY f.Id";

    private static readonly ClaimsPrincipal Editor = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, SyntheticStore.BenchEditor), new Claim(ClaimTypes.Role, StaffRoles.Editor),
         new Claim(StaffAuthorization.SecurityStampClaimType, SyntheticStore.BenchEditorStamp)], "benchmark"));

    public async Task<List<ResultRow>> RunAsync() => [await ExportAsync(), await ImportAsync()];

    /// <summary>The app's data services plus import and export, with the given Import settings (the app binds them from configuration).</summary>
    private static ServiceProvider Services(string path, IReadOnlyDictionary<string, string?> importSettings, CommandCounter? counter = null) =>
        SyntheticStore.Services(path, s =>
        {
            s.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(importSettings).Build());
            s.AddDashboardImportExport();
            if (counter is not null)
            {
                s.ConfigureDbContext<DashboardDbContext>(o => o.AddInterceptors(counter));
            }
        });

    private async Task<ResultRow> ExportAsync()
    {
        await using var services = Services(storePath, new Dictionary<string, string?>());
        var export = services.GetRequiredService<ExportService>();
        var sql = new HandSql(storePath);
        long measuredBytes = 0, baselineBytes = 0;
        int measuredRows = 0, baselineRows = 0;

        async Task Measured()
        {
            var sink = new CountingStream();
            measuredRows = await export.WriteFiguresCsvAsync(sink, new FigureRecordQuery(), hxl: false);
            measuredBytes = sink.Bytes;
        }

        async Task Baseline()
        {
            var sink = new CountingStream();
            baselineRows = await RawExportAsync(sql, sink);
            baselineBytes = sink.Bytes;
        }

        log.WriteLine($"csv export: {settings.CsvWarmup} warm-up + {settings.CsvRepeats} timed rounds of each side");
        var r = await SideBySide.RunAsync(Measured, Baseline, settings.CsvWarmup, settings.CsvRepeats);
        if (measuredRows != baselineRows)
        {
            throw new InvalidOperationException($"The export wrote {measuredRows} rows, the baseline {baselineRows}: they do not read the same figures.");
        }

        // Memory: the same export over the first tenth of the figures (by date) and over all of them.
        await using var lookup = await sql.OpenAsync();
        var tenth = await HandSql.ScalarAsync<string>(lookup,
            "SELECT ReferenceDate FROM Figures WHERE NOT IsRetracted ORDER BY ReferenceDate LIMIT 1 OFFSET $n", ("$n", measuredRows / 10));
        var small = await HeapSampler.RunAsync(async () =>
            await export.WriteFiguresCsvAsync(new CountingStream(), new FigureRecordQuery(To: DateOnly.ParseExact(tenth, "yyyy-MM-dd", CultureInfo.InvariantCulture)), hxl: false));
        var large = await HeapSampler.RunAsync(async () => await export.WriteFiguresCsvAsync(new CountingStream(), new FigureRecordQuery(), hxl: false));
        var flat = HeapSampler.IsFlat(small.Profile.PeakHeapAfterGc, large.Profile.PeakHeapAfterGc);
        foreach (var (label, rows, p) in new[] { ("10%", small.Result, small.Profile), ("100%", large.Result, large.Profile) })
        {
            log.WriteLine($"csv export memory at {label} ({rows:N0} rows): peak heap after GC {HeapSampler.Mb(p.PeakHeapAfterGc)}, peak heap {HeapSampler.Mb(p.PeakHeap)}, " +
                          $"peak working set {HeapSampler.Mb(p.PeakWorkingSet)}, allocated {HeapSampler.Mb(p.Allocated)} ({p.Allocated / Math.Max(rows, 1):N0} B/row), {p.Collections} gen0 GCs, {p.Samples} samples");
        }

        var measuredRate = Rates(measuredRows, r.Measured);
        var baselineRate = Rates(baselineRows, r.Baseline);
        var ratio = measuredRate.Worst / baselineRate.Worst;
        var medianRatio = measuredRate.Median / baselineRate.Median;
        log.WriteLine($"csv export: {measuredRate} vs {baselineRate}; ratio worst {ratio:F2}, median {medianRatio:F2}; {measuredBytes:N0} vs {baselineBytes:N0} bytes");
        return new ResultRow(
            $"CSV export of {measuredRows:N0} figures, injection-safe (ExportService, current state)",
            $"rows/s >= {GoalRatio:F1} x baseline; memory flat in row count",
            "raw reader + CsvHelper writing the same columns",
            $"{measuredRate}; {HeapSampler.Mb(measuredBytes)} written; peak heap after GC {HeapSampler.Mb(small.Profile.PeakHeapAfterGc)} at 10% ({small.Result:N0} rows), " +
            $"{HeapSampler.Mb(large.Profile.PeakHeapAfterGc)} at 100%: {(flat ? "flat" : "grows")}",
            $"{baselineRate}; {HeapSampler.Mb(baselineBytes)} written",
            ratio,
            ratio >= GoalRatio && flat,
            $"ratio = worst rows/s over worst rows/s (median ratio {medianRatio.ToString("F2", CultureInfo.InvariantCulture)}); {settings.CsvRepeats} timed rounds after {settings.CsvWarmup} warm-up; " +
            $"allocated {large.Profile.Allocated / Math.Max(large.Result, 1):N0} B/row (churn), peak working set {HeapSampler.Mb(small.Profile.PeakWorkingSet)} vs {HeapSampler.Mb(large.Profile.PeakWorkingSet)}");
    }

    /// <summary>The baseline export: one data reader over the same rows and columns, a plain CsvHelper writer (no formula guard).</summary>
    public static async Task<int> RawExportAsync(HandSql sql, Stream output)
    {
        ArgumentNullException.ThrowIfNull(sql);
        await using var connection = await sql.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = ExportSql;
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n", HasHeaderRecord = false }, leaveOpen: true);
        foreach (var column in FigureCsv.Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            csv.WriteField(reader.GetInt32(0).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(reader.GetInt32(1).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(reader.IsDBNull(2) ? "" : reader.GetString(2));
            csv.WriteField(reader.GetString(3));
            csv.WriteField(reader.GetString(4));
            csv.WriteField(reader.GetString(5));
            csv.WriteField(reader.IsDBNull(6) ? "" : reader.GetString(6)[..5]);
            csv.WriteField(ScaledValue.ToInvariant(reader.GetInt64(7), reader.GetInt32(9)));
            csv.WriteField(reader.GetString(8));
            csv.WriteField(reader.GetString(10) switch
            {
                "Approximate" => "approximate",
                "AtLeast" => "at-least",
                "AtMost" => "at-most",
                _ => "exact",
            });
            csv.WriteField(reader.GetString(11));
            csv.WriteField(reader.GetString(12));
            csv.WriteField(reader.GetString(13));
            csv.WriteField(reader.IsDBNull(14) ? "" : reader.GetString(14));
            csv.WriteField(reader.IsDBNull(15) ? "" : reader.GetString(15));
            csv.WriteField(reader.IsDBNull(16) ? "" : reader.GetString(16));
            await csv.NextRecordAsync();
            rows++;
        }

        await csv.FlushAsync();
        await text.FlushAsync();
        return rows;
    }

    private async Task<ResultRow> ImportAsync()
    {
        var plan = new SyntheticPlan(settings.Seed, settings.Figures);
        var file = await ImportFile.CreateAsync(plan, settings.ImportRows, settings.Seed);
        var defaults = new ImportOptions();
        var importSettings = new Dictionary<string, string?>();
        var limits = "default import limits (MaxRows 200,000, MaxFileBytes 20 MB)";
        if (file.Length > defaults.MaxFileBytes || settings.ImportRows > defaults.MaxRows)
        {
            importSettings["Import:MaxFileBytes"] = (64L * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
            importSettings["Import:MaxRows"] = Math.Max(defaults.MaxRows, settings.ImportRows).ToString(CultureInfo.InvariantCulture);
            limits = $"limits raised for the harness: Import:MaxFileBytes 64 MB, Import:MaxRows {Math.Max(defaults.MaxRows, settings.ImportRows):N0} (the file is {HeapSampler.Mb(file.Length)})";
        }

        log.WriteLine($"csv import: file of {settings.ImportRows:N0} new figures, {file.Length:N0} bytes; {limits}");
        var directory = Path.GetDirectoryName(storePath)!;
        var round = 0;

        async Task<double> Measured()
        {
            var path = FreshCopy(directory, ++round);
            try
            {
                await using var services = Services(path, importSettings);
                await WarmAsync(services);
                var importer = services.GetRequiredService<ImportService>();
                var start = Stopwatch.GetTimestamp();
                var result = await importer.CommitAsync(new MemoryStream(file, writable: false), ImportFileName, Editor, warningReason: "benchmark file: measured, not checked");
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!result.Succeeded || result.Created != settings.ImportRows)
                {
                    var errors = string.Join("; ", result.Preview?.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Reason}") ?? []);
                    throw new InvalidOperationException($"The benchmark import was refused: {result.Outcome} {result.Message} {errors}");
                }

                await CheckImportedAsync(path);
                return ms;
            }
            finally
            {
                Delete(path);
            }
        }

        async Task<double> Baseline()
        {
            var path = FreshCopy(directory, ++round);
            try
            {
                var sql = new HandSql(path);
                var start = Stopwatch.GetTimestamp();
                var rows = await RawImportAsync(sql, file, ImportFileName, SyntheticStore.BenchEditor, DateTime.UtcNow);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (rows != settings.ImportRows)
                {
                    throw new InvalidOperationException($"The baseline import wrote {rows} rows, expected {settings.ImportRows}.");
                }

                await CheckImportedAsync(path);
                return ms;
            }
            finally
            {
                Delete(path);
            }
        }

        log.WriteLine($"csv import: {settings.CsvWarmup} warm-up + {settings.CsvRepeats} timed rounds of each side, each into a fresh copy of the store (copy not timed)");
        for (var i = 0; i < settings.CsvWarmup; i++)
        {
            await Measured();
            await Baseline();
        }

        var a = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < settings.CsvRepeats; i++)
        {
            if (i % 2 == 0)
            {
                a.Add(await Measured());
                b.Add(await Baseline());
            }
            else
            {
                b.Add(await Baseline());
                a.Add(await Measured());
            }

            log.WriteLine($"csv import round {i + 1}: measured {a[^1]:F0} ms, baseline {b[^1]:F0} ms");
        }

        var measured = Summary.Of(a);
        var baseline = Summary.Of(b);
        var profile = await ProfileImportAsync(directory, file, importSettings, ++round);
        var measuredRate = Rates(settings.ImportRows, measured);
        var baselineRate = Rates(settings.ImportRows, baseline);
        var ratio = measuredRate.Worst / baselineRate.Worst;
        var medianRatio = measuredRate.Median / baselineRate.Median;
        var met = measured.P95 <= GoalImportSeconds * 1000 && ratio >= GoalRatio;
        log.WriteLine($"csv import: {Seconds(measured)} vs {Seconds(baseline)}; ratio worst {ratio:F2}, median {medianRatio:F2}");
        return new ResultRow(
            $"CSV import of {settings.ImportRows:N0} new figures, validated, atomic (ImportService.CommitAsync, {settings.Figures:N0}-figure store)",
            $"<= {GoalImportSeconds:F0} s; rows/s >= {GoalRatio:F1} x baseline",
            "CsvHelper read + prepared INSERTs (figure + revision row each, file SHA-256) in one transaction, same pragmas",
            $"{Seconds(measured)}; {measuredRate}",
            $"{Seconds(baseline)}; {baselineRate}",
            ratio,
            met,
            $"ratio = worst rows/s over worst rows/s (median ratio {medianRatio.ToString("F2", CultureInfo.InvariantCulture)}); {settings.CsvRepeats} timed rounds after {settings.CsvWarmup} warm-up; " +
            $"file {HeapSampler.Mb(file.Length)}, {limits}; where the time goes (one untimed-order run): {profile}");
    }

    /// <summary>
    /// One more import on a fresh copy, in sections: the parse alone, the preview (parse, load of the stored figures the
    /// file can match, classification), the commit (role check, the same plan again inside the transaction, the writes),
    /// and the SQL commands EF sent (the import's prepared inserts bypass EF's interceptors and are not among them).
    /// </summary>
    private async Task<string> ProfileImportAsync(string directory, byte[] file, IReadOnlyDictionary<string, string?> importSettings, int round)
    {
        var path = FreshCopy(directory, round);
        try
        {
            var counter = new CommandCounter();
            await using var services = Services(path, importSettings, counter);
            await WarmAsync(services);
            var importer = services.GetRequiredService<ImportService>();
            var options = new ImportOptions();
            if (importSettings.TryGetValue("Import:MaxFileBytes", out var maxBytes))
            {
                options.MaxFileBytes = long.Parse(maxBytes!, CultureInfo.InvariantCulture);
                options.MaxRows = int.Parse(importSettings["Import:MaxRows"]!, CultureInfo.InvariantCulture);
            }

            CsvReferenceData reference;
            await using (var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
            {
                reference = await CsvReferenceData.LoadAsync(db);
            }

            var start = Stopwatch.GetTimestamp();
            var parsed = await new FigureCsvParser(options).ParseAsync(new MemoryStream(file, writable: false), reference, FigureFileKind.Import);
            var parseMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!parsed.IsValid)
            {
                throw new InvalidOperationException("The generated import file does not parse: " + string.Join("; ", parsed.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Reason}")));
            }

            counter.Reset();
            start = Stopwatch.GetTimestamp();
            await importer.PreviewAsync(new MemoryStream(file, writable: false), ImportFileName);
            var previewMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var previewCommands = counter.Count;

            counter.Reset();
            start = Stopwatch.GetTimestamp();
            var result = await importer.CommitAsync(new MemoryStream(file, writable: false), ImportFileName, Editor, warningReason: "benchmark file: measured, not checked");
            var commitMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var commitCommands = counter.Count;
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The profiled import was refused: " + result.Message);
            }

            var inserts = counter.Commands.Count(c => c.Sql.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
            var text = FormattableString.Invariant(
                $"parse and validate {parseMs:F0} ms; preview (parse + load the stored figures the file can match + classify) {previewMs:F0} ms, {previewCommands} commands; ") +
                FormattableString.Invariant($"commit {commitMs:F0} ms, {commitCommands} commands through EF ({inserts} with INSERT; the new figures and their revisions go through two prepared commands on the same transaction, outside EF's command pipeline, so they are not counted here), so the writes take about {commitMs - previewMs:F0} ms");
            log.WriteLine("csv import profile: " + text);
            return text;
        }
        finally
        {
            Delete(path);
        }
    }

    /// <summary>
    /// The baseline import: the file's SHA-256, CsvHelper reading its rows, codes resolved from four look-ups, and per row a
    /// prepared INSERT of the figure and of its Imported revision (the same snapshot JSON), in one transaction on a
    /// connection with the app's pragmas. No validation beyond what parsing the typed values needs.
    /// </summary>
    public static async Task<int> RawImportAsync(HandSql sql, byte[] file, string fileName, string userName, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(file);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        var stamp = nowUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        var reason = "Imported from " + fileName;
        await using var connection = await sql.OpenAsync();
        var metrics = await Codes(connection, "SELECT Code, Id FROM Metrics");
        var locations = await Codes(connection, "SELECT Code, Id FROM Locations");
        var sources = await Codes(connection, "SELECT Key, Id FROM Sources");
        var decimals = await Codes(connection, "SELECT Code, Decimals FROM Units");
        // The same page cache as the import's commit (ImportService.WritePageCacheKib), put back afterwards: the ratio
        // compares the writes, not the cache size.
        await ExecAsync(connection, "PRAGMA cache_size = -" + ImportService.WritePageCacheKib.ToString(CultureInfo.InvariantCulture) + ";");
        try
        {
            return await RawImportRowsAsync(connection, file, fileName, userName, nowUtc, sha256, stamp, reason, metrics, locations, sources, decimals);
        }
        finally
        {
            await ExecAsync(connection, "PRAGMA cache_size = -2000;");
        }
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> RawImportRowsAsync(
        SqliteConnection connection, byte[] file, string fileName, string userName, DateTime nowUtc, string sha256, string stamp, string reason,
        Dictionary<string, int> metrics, Dictionary<string, int> locations, Dictionary<string, int> sources, Dictionary<string, int> decimals)
    {
        await using var transaction = connection.BeginTransaction();
        await using var figure = Prepare(connection, transaction,
            "INSERT INTO Figures (ExternalId, MetricId, LocationId, ReferenceDate, LocalTime, Value, UnitCode, Qualifier, SourceId, Note, IsRetracted, Version, UpdatedAtUtc, UpdatedBy) " +
            "VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j, 0, 1, $k, $l) RETURNING Id", 12);
        await using var revision = Prepare(connection, transaction,
            "INSERT INTO Revisions (EntityType, EntityId, Number, Kind, AtUtc, UserName, Reason, OldValues, NewValues, ImportFile, ImportSha256) " +
            "VALUES ('figure', $a, 1, 'Imported', $b, $c, $d, NULL, $e, $f, $g)", 7);
        using var text = new StreamReader(new MemoryStream(file, writable: false), new UTF8Encoding(false));
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true });
        await csv.ReadAsync();
        csv.ReadHeader();
        var rows = 0;
        while (await csv.ReadAsync())
        {
            string? Optional(int i) => csv.GetField(i) is { Length: > 0 } v ? v : null;
            var externalId = Optional(2);
            var metric = csv.GetField(3)!;
            var location = csv.GetField(4)!;
            var date = DateOnly.ParseExact(csv.GetField(5)!, FigureCsv.DateFormat, CultureInfo.InvariantCulture);
            TimeOnly? time = Optional(6) is { } t ? TimeOnly.ParseExact(t, FigureCsv.TimeFormat, CultureInfo.InvariantCulture) : null;
            var unit = csv.GetField(8)!;
            if (!ScaledValue.TryParse(csv.GetField(7), decimals[unit], out var value, out var error))
            {
                throw new InvalidDataException(error);
            }

            var qualifier = FigureCsv.ParseQualifier(csv.GetField(9)!) ?? throw new InvalidDataException("qualifier");
            var source = csv.GetField(10)!;
            var note = Optional(15) is { } n ? FormulaGuard.Restore(n) : null;
            var id = Convert.ToInt32(await Run(figure,
                externalId, metrics[metric], locations[location], FigureCsv.FormatDate(date), time?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                value, unit, qualifier.ToString(), sources[source], note, stamp, userName).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            var snapshot = new FigureSnapshot(externalId, metric, location, FigureCsv.FormatDate(date), FigureCsv.FormatTime(time), value, unit,
                SeedReader.ToFileText(qualifier.ToString()), source, note, Retracted: false);
            var json = RevisionLog.Create(RevisionLog.FigureType, id, 1, RevisionKind.Imported, userName, nowUtc, null, snapshot).NewValues;
            await Run(revision, id, stamp, userName, reason, json, fileName, sha256).ExecuteNonQueryAsync();
            rows++;
        }

        await transaction.CommitAsync();
        return rows;
    }

    private static async Task<Dictionary<string, int>> Codes(SqliteConnection connection, string sql)
    {
        var list = await HandSql.ListAsync(connection, sql, r => (r.GetString(0), r.GetInt32(1)));
        return list.ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + (char)('a' + i), null));
        }

        command.Prepare();
        return command;
    }

    private static SqliteCommand Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>A running app has built its EF model and opened the store before anyone imports: not part of the timing.</summary>
    private static async Task WarmAsync(ServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        await db.Units.AsNoTracking().CountAsync();
    }

    private async Task CheckImportedAsync(string path)
    {
        await using var connection = await new HandSql(path).OpenAsync();
        var count = await HandSql.ScalarAsync<long>(connection,
            "SELECT COUNT(*) FROM Revisions WHERE EntityType = 'figure' AND ImportFile = $f AND Kind = 'Imported'", ("$f", ImportFileName));
        if (count != settings.ImportRows)
        {
            throw new InvalidOperationException($"Expected {settings.ImportRows} imported revisions in {path}, found {count}.");
        }
    }

    private string FreshCopy(string directory, int round)
    {
        SqliteConnection.ClearAllPools();
        var path = Path.Combine(directory, FormattableString.Invariant($"import-{round}.db"));
        Delete(path);
        File.Copy(cachedStore, path);
        return path;
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static RowRates Rates(int rows, Summary ms) => new(rows / (ms.Median / 1000), rows / (ms.P95 / 1000));

    private static string Seconds(Summary ms) =>
        FormattableString.Invariant($"median {ms.Median / 1000:F2} s, p95 {ms.P95 / 1000:F2} s");

    /// <summary>Rows per second at the median time and at the p95 time (the worst of a few repeats).</summary>
    private sealed record RowRates(double Median, double Worst)
    {
        public override string ToString() => FormattableString.Invariant($"median {Median:N0} rows/s, worst {Worst:N0} rows/s");
    }
}
