using System.Globalization;
using System.Security.Claims;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.Core.Series;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// Issue 13's goals on PostgreSQL (<c>--only postgres</c>), on a throwaway server the harness starts
/// (<see cref="PostgresStore"/>): the dashboard pages' queries through the real services beside hand-written SQL on the
/// same server (<see cref="PgHandSql"/>), and one figure saved with its revision through <see cref="FigureEditor"/>
/// beside a raw single-row INSERT.
/// </summary>
public sealed class PostgresSuite(RunSettings settings, TextWriter log)
{
    public const double GoalP95Ms = 50;
    public const double GoalRatio = 1.3;
    public const double GoalSaveP95Ms = 5;

    private static readonly string[] OverviewMetrics =
    [
        WellKnown.CumulativeArrivals, WellKnown.PrePopulation, WellKnown.PlannedCapacity, WellKnown.Accommodation,
        WellKnown.DepotDeaths, WellKnown.DepotInjured, WellKnown.DepotMissing,
    ];

    private static readonly string[] TimelineMetrics = [WellKnown.CumulativeArrivals, WellKnown.ArrivalsOnDay, WellKnown.PlannedCapacity];

    private static readonly string[] ShelterMetrics = [WellKnown.CumulativeArrivals, WellKnown.Accommodation, WellKnown.AccommodationByMarz, WellKnown.PlannedCapacity];

    private const string AidWhere =
        "WHERE NOT f.\"IsRetracted\" AND f.\"MetricId\" IN (SELECT \"Id\" FROM \"Metrics\" WHERE \"Kind\" = 'Money' OR \"Code\" LIKE 'wfp\\_%' " +
        "OR \"Code\" LIKE 'rrp\\_%' OR \"Code\" LIKE 'planning\\_%' OR \"Code\" LIKE '%payment\\_recipients%')";

    private const string NotRetracted = "WHERE NOT f.\"IsRetracted\" AND ";

    private static readonly ClaimsPrincipal Editor = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, SyntheticStore.BenchEditor), new Claim(ClaimTypes.Role, StaffRoles.Editor),
         new Claim(StaffAuthorization.SecurityStampClaimType, SyntheticStore.BenchEditorStamp)], "benchmark"));

    private sealed record Case(string Name, int Widgets, Func<Task> Measured, Func<Task> Baseline, string Why = "");

    /// <summary>The store this suite built; the import and two-node parts reuse it.</summary>
    public string? ConnectionString { get; private set; }

    public async Task<List<ResultRow>> RunAsync()
    {
        var plan = new SyntheticPlan(settings.Seed, settings.Figures);
        ConnectionString = await PostgresStore.BuildAsync(plan, log, settings.PgRandomPageCost);
        var rows = new List<ResultRow>();
        rows.AddRange(await QueriesAsync(plan, ConnectionString));
        rows.Add(await SaveAsync(plan, ConnectionString));
        rows.Add(await ImportAsync(plan, ConnectionString));
        return rows;
    }

    private async Task<List<ResultRow>> QueriesAsync(SyntheticPlan plan, string connectionString)
    {
        var counter = new CommandCounter();
        await using var services = PostgresStore.Services(connectionString, s => s.ConfigureDbContext<DashboardDbContext>(o => o.AddInterceptors(counter)));
        var dashboard = QuerySuite.Uncached(services);
        var queries = new FigureQueries(services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        await using var sql = new PgHandSql(connectionString);
        await using var lookup = await sql.OpenAsync();

        var metric = plan.Metrics[0].Code;
        var from = plan.CrisisStarts[0];
        var to = from.AddDays(90);
        var sourceId = await PgHandSql.ScalarAsync<int>(lookup, "SELECT \"Id\" FROM \"Sources\" WHERE \"Key\" = @k", ("k", plan.Sources[0].Key));
        var (overviewIn, overviewPs) = PgHandSql.CodesIn(OverviewMetrics);
        var (timelineIn, timelinePs) = PgHandSql.CodesIn(TimelineMetrics);
        var (shelterIn, shelterPs) = PgHandSql.CodesIn(ShelterMetrics);
        const string GridWhereFiltered = "WHERE NOT f.\"IsRetracted\" AND f.\"MetricId\" = (SELECT \"Id\" FROM \"Metrics\" WHERE \"Code\" = @m) AND f.\"ReferenceDate\" >= @from AND f.\"ReferenceDate\" <= @to";
        var gridPs = new (string, object)[] { ("m", metric), ("from", from), ("to", to) };

        var cases = new List<Case>
        {
            new("Overview cards (/)", 1,
                () => dashboard.GetOverviewAsync(),
                async () => OverviewCalculator.Calculate(await sql.FiguresAsync(NotRetracted + overviewIn + PgHandSql.ByDate, overviewPs))),
            new("Timeline, exodus weeks (/timeline)", 2,
                () => dashboard.GetTimelineAsync(TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo),
                async () =>
                {
                    await using var c = await sql.OpenAsync();
                    var rows = await PgHandSql.FiguresAsync(c, NotRetracted + timelineIn + PgHandSql.ByDate, timelinePs);
                    TimelineBuilder.Build(rows, await EventsAsync(c), TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);
                },
                "two widgets: the charts and tables (figures) and the events list"),
            new("Shelter (/shelter)", 1,
                () => dashboard.GetShelterAsync(null),
                async () => ShelterBuilder.Build(await sql.FiguresAsync(NotRetracted + shelterIn + PgHandSql.ByDate, shelterPs), null)),
            new("Aid (/aid)", 1,
                () => dashboard.GetAidAsync(),
                async () => AidGrouping.Build(await sql.FiguresAsync(AidWhere + PgHandSql.ByDate))),
            new("Figures grid, page 1 (/figures)", 3,
                () => queries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, false),
                () => GridAsync(sql, "WHERE NOT f.\"IsRetracted\"", [], "SELECT COALESCE(SUM(\"Shown\"), 0) FROM \"SourceFigureCounts\""),
                "one grid: total for the pager, the page, and the same-day peers its disagreement badges need"),
            new("Figures grid, filtered page 1 (/figures?metric=&from=&to=)", 3,
                () => queries.GetPageAsync(new FigureFilter([metric], null, null, from, to), 0, 25, FigureSort.Date, false),
                () => GridAsync(sql, GridWhereFiltered, gridPs, "SELECT COUNT(*) FROM \"Figures\" f " + GridWhereFiltered),
                "as above"),
            new("Figures filter lists (/figures)", 3,
                () => queries.GetFilterOptionsAsync(),
                () => FilterListsAsync(sql),
                "three drop-downs: metric, place, source"),
            new("Source page (/sources/{id})", 2,
                async () =>
                {
                    await queries.GetSourceAsync(sourceId);
                    await queries.GetFiguresAsync(new FigureFilter(SourceId: sourceId));
                },
                async () =>
                {
                    await using var c = await sql.OpenAsync();
                    await SourcesAsync(c, "WHERE s.\"Id\" = @id", ("id", sourceId));
                    await PgHandSql.FiguresAsync(c, "WHERE NOT f.\"IsRetracted\" AND f.\"SourceId\" = @id" + PgHandSql.ByDate, ("id", sourceId));
                },
                "two widgets: the source's facts and its figures"),
            new("Sources list (/sources)", 1,
                () => queries.GetSourcesAsync(),
                async () =>
                {
                    await using var c = await sql.OpenAsync();
                    await SourcesAsync(c, "");
                }),
        };

        var results = new List<ResultRow>();
        foreach (var c in cases)
        {
            await c.Measured();
            counter.Reset();
            await c.Measured();
            var commands = counter.Count;
            foreach (var (text, parameters) in counter.Commands)
            {
                log.WriteLine($"  EF ({c.Name}): {text.ReplaceLineEndings(" ")}\n  plan: {await ExplainOrWhyAsync(lookup, text, parameters)}");
            }

            var r = await SideBySide.RunAsync(c.Measured, c.Baseline, settings.Warmup, settings.Repeats);
            results.Add(new ResultRow(
                "PostgreSQL query: " + c.Name,
                $"p95 <= {GoalP95Ms} ms, ratio <= {GoalRatio}, {c.Widgets} command(s)",
                "hand-written SQL + Npgsql data reader, same server",
                $"median {QuerySuite.Ms(r.Measured.Median)}, p95 {QuerySuite.Ms(r.Measured.P95)}; {commands} command(s)",
                $"median {QuerySuite.Ms(r.Baseline.Median)}, p95 {QuerySuite.Ms(r.Baseline.P95)}",
                r.P95Ratio,
                r.Measured.P95 <= GoalP95Ms && r.P95Ratio <= GoalRatio && commands <= c.Widgets,
                Join(c.Why, $"median ratio {r.MedianRatio.ToString("F2", CultureInfo.InvariantCulture)}; {LoadNote()}")));
            log.WriteLine($"{c.Name}: {results[^1].Measured} vs {results[^1].BaselineValue}, ratio {r.P95Ratio:F2}");
        }

        return results;
    }

    private async Task<ResultRow> SaveAsync(SyntheticPlan plan, string connectionString)
    {
        var timer = new CommandTimer();
        await using var services = PostgresStore.Services(connectionString, s => s.ConfigureDbContext<DashboardDbContext>(o => o.AddInterceptors(timer)));
        var editor = services.GetRequiredService<FigureEditor>();
        await using var sql = new PgHandSql(connectionString);
        await using var connection = await sql.OpenAsync();
        var sourceId = await PgHandSql.ScalarAsync<int>(connection, "SELECT \"Id\" FROM \"Sources\" WHERE \"Key\" = @k", ("k", plan.Sources[0].Key));
        var metricId = await PgHandSql.ScalarAsync<int>(connection, "SELECT \"Id\" FROM \"Metrics\" WHERE \"Code\" = @c", ("c", plan.Metrics[2].Code));
        var locationId = await PgHandSql.ScalarAsync<int>(connection, "SELECT \"Id\" FROM \"Locations\" WHERE \"Code\" = @c", ("c", plan.Locations[0].Code));
        // The saves' day: inside the crisis' year, so on or before its sources' publication (the date rule).
        var day = plan.CrisisStarts[0].AddDays(10);

        await using var insert = new NpgsqlCommand(
            "INSERT INTO \"Figures\" (\"MetricId\", \"LocationId\", \"ReferenceDate\", \"LocalTime\", \"Value\", \"UnitCode\", \"Qualifier\", \"SourceId\", \"Note\", \"IsRetracted\", \"Version\", \"UpdatedAtUtc\", \"UpdatedBy\") " +
            "VALUES (@m, @l, @d, '10:00:00', @v, 'people', 'Exact', @s, NULL, false, 1, now(), 'bench')", connection);
        insert.Parameters.AddWithValue("m", metricId);
        insert.Parameters.AddWithValue("l", locationId);
        insert.Parameters.AddWithValue("d", day);
        insert.Parameters.AddWithValue("s", sourceId);
        var value = insert.Parameters.AddWithValue("v", 0L);
        await insert.PrepareAsync();

        // A flow metric (plan.Metrics[2]): no running-total check between the saves' values.
        var n = 0L;
        async Task Measured()
        {
            var result = await editor.CreateAsync(Editor, new FigureInput
            {
                MetricCode = plan.Metrics[2].Code,
                LocationCode = plan.Locations[0].Code,
                Date = day,
                Time = new TimeOnly(10, 0),
                ValueText = (++n).ToString(CultureInfo.InvariantCulture),
                UnitCode = ImportFile.Unit,
                SourceId = sourceId,
                WarningReason = "benchmark figure: measured, not checked",
            }, confirmDuplicate: false);
            if (result.Status != EditStatus.Saved)
            {
                throw new InvalidOperationException($"The benchmark save was refused: {result.Status} {string.Join("; ", result.Errors?.Select(e => e.Message) ?? [])}");
            }
        }

        async Task Baseline()
        {
            value.Value = ++n;
            await insert.ExecuteNonQueryAsync();
        }

        var r = await SideBySide.RunAsync(Measured, Baseline, settings.Warmup, settings.SaveRepeats);
        log.WriteLine($"postgres save: {QuerySuite.Ms(r.Measured.P95)} vs {QuerySuite.Ms(r.Baseline.P95)}");

        // Where one save's time goes: each command EF sends, timed from executing to its reader's close.
        var total = System.Diagnostics.Stopwatch.StartNew();
        timer.Recording = true;
        await Measured();
        timer.Recording = false;
        total.Stop();
        var commands = timer.Commands;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  one save: {total.Elapsed.TotalMilliseconds:F2} ms, {commands.Count} EF command(s) taking {commands.Sum(c => c.Ms):F2} ms:"));
        foreach (var (text, ms) in commands)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {ms,7:F2} ms  {text.ReplaceLineEndings(" ")[..Math.Min(140, text.ReplaceLineEndings(" ").Length)]}"));
        }

        // The rest: the commit, the change notice to the other nodes (pg_notify on a pooled connection) and EF's own work.
        var notifier = services.GetRequiredService<FigureChangeNotifier>();
        var notices = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var one = System.Diagnostics.Stopwatch.StartNew();
            await notifier.NotifyAsync();
            notices.Add(one.Elapsed.TotalMilliseconds);
        }

        notices.Sort();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the change notice alone (FigureChangeNotifier.NotifyAsync, 20 times): median {notices[10]:F2} ms"));

        return new ResultRow(
            "PostgreSQL: save one figure with its revision (FigureEditor)",
            $"p95 <= {GoalSaveP95Ms} ms",
            "raw single-row INSERT (prepared), same server",
            $"median {QuerySuite.Ms(r.Measured.Median)}, p95 {QuerySuite.Ms(r.Measured.P95)}",
            $"median {QuerySuite.Ms(r.Baseline.Median)}, p95 {QuerySuite.Ms(r.Baseline.P95)}",
            r.P95Ratio,
            r.Measured.P95 <= GoalSaveP95Ms,
            $"{settings.SaveRepeats} saves each side; server as tests/Shared/PostgresServer.cs starts it (fsync=off, synchronous_commit=off); {LoadNote()}");
    }

    /// <summary>
    /// <see cref="ImportService.CommitAsync"/> of a file of new figures (validated, planned against the store, written
    /// with binary COPY in one transaction) beside the raw baseline: CsvHelper reading a file of the same shape and two
    /// binary COPYs (figures with reserved keys, their Imported revisions with the same snapshot JSON) in one transaction.
    /// Every round imports a file of its own (another seed: new external ids) into the same store, which grows by
    /// the file each round; the sides alternate so both see the same growth.
    /// </summary>
    private async Task<ResultRow> ImportAsync(SyntheticPlan plan, string connectionString)
    {
        var importSettings = new Dictionary<string, string?>
        {
            ["Import:MaxFileBytes"] = (64L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Import:MaxRows"] = Math.Max(new ImportOptions().MaxRows, settings.ImportRows).ToString(CultureInfo.InvariantCulture),
        };
        await using var services = PostgresStore.Services(connectionString, s => s.AddDashboardImportExport(), importSettings);
        var importer = services.GetRequiredService<ImportService>();
        await using (var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            await db.Units.AsNoTracking().CountAsync();
        }

        await using var sql = new PgHandSql(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ToString());
        var round = 0;
        long bytes = 0;

        async Task<double> Measured()
        {
            var file = await ImportFile.CreateAsync(plan, settings.ImportRows, settings.Seed + 1000 + ++round);
            bytes = file.Length;
            var name = FormattableString.Invariant($"pg-import-{round}.csv");
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await importer.CommitAsync(new MemoryStream(file, writable: false), name, Editor, warningReason: "benchmark file: measured, not checked");
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!result.Succeeded || result.Created != settings.ImportRows)
            {
                var errors = string.Join("; ", result.Preview?.Errors.Take(5).Select(e => $"row {e.Row} {e.Column}: {e.Reason}") ?? []);
                throw new InvalidOperationException($"The PostgreSQL benchmark import was refused: {result.Outcome} {result.Message} {errors}");
            }

            await CheckImportedAsync(sql, name);
            return ms;
        }

        async Task<double> Baseline()
        {
            var file = await ImportFile.CreateAsync(plan, settings.ImportRows, settings.Seed + 1000 + ++round);
            var name = FormattableString.Invariant($"pg-import-{round}.csv");
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var rows = await RawCopyAsync(sql, file, name, SyntheticStore.BenchEditor, DateTime.UtcNow);
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (rows != settings.ImportRows)
            {
                throw new InvalidOperationException($"The baseline copy wrote {rows} rows, expected {settings.ImportRows}.");
            }

            await CheckImportedAsync(sql, name);
            return ms;
        }

        log.WriteLine($"postgres import: {settings.CsvWarmup} warm-up + {settings.CsvRepeats} timed rounds of each side, {settings.ImportRows:N0} rows each");
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

            log.WriteLine($"postgres import round {i + 1}: measured {a[^1]:F0} ms, baseline {b[^1]:F0} ms ({LoadNote()})");
        }

        var measured = Summary.Of(a);
        var baseline = Summary.Of(b);
        // Rows per second at the worst round over the baseline's worst (the SQLite CSV row's rule).
        var ratio = measured.P95 > 0 ? baseline.P95 / measured.P95 : double.NaN;
        var medianRatio = measured.Median > 0 ? baseline.Median / measured.Median : double.NaN;
        var inv = CultureInfo.InvariantCulture;
        return new ResultRow(
            $"PostgreSQL: CSV import of {settings.ImportRows:N0} new figures, validated, atomic (ImportService.CommitAsync, binary COPY)",
            "<= 1 s; rows/s >= 0.5 x baseline",
            "CsvHelper read + raw binary COPY of the same rows (figures, revisions) in one transaction, same server",
            string.Create(inv, $"median {measured.Median / 1000:F2} s, p95 {measured.P95 / 1000:F2} s; {settings.ImportRows / (measured.P95 / 1000):N0} rows/s worst"),
            string.Create(inv, $"median {baseline.Median / 1000:F2} s, p95 {baseline.P95 / 1000:F2} s; {settings.ImportRows / (baseline.P95 / 1000):N0} rows/s worst"),
            ratio,
            measured.P95 <= 1000 && ratio >= 0.5,
            string.Create(inv, $"ratio = worst rows/s over the baseline's worst (median ratio {medianRatio:F2}); {settings.CsvRepeats} timed rounds after {settings.CsvWarmup} warm-up; file {bytes / 1024.0 / 1024.0:F1} MB; store grows by each round's rows; {LoadNote()}"));
    }

    /// <summary>The raw baseline: SHA-256, CsvHelper, four code look-ups, reserved keys, two binary COPYs, one transaction.</summary>
    public static async Task<int> RawCopyAsync(PgHandSql sql, byte[] file, string fileName, string userName, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(file);
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        var reason = "Imported from " + fileName;
        await using var connection = await sql.OpenAsync();
        async Task<Dictionary<string, int>> Codes(string q) =>
            (await PgHandSql.ListAsync(connection, q, r => (r.GetString(0), r.GetInt32(1)))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        var metrics = await Codes("SELECT \"Code\", \"Id\" FROM \"Metrics\"");
        var locations = await Codes("SELECT \"Code\", \"Id\" FROM \"Locations\"");
        var sources = await Codes("SELECT \"Key\", \"Id\" FROM \"Sources\"");
        var decimals = await Codes("SELECT \"Code\", \"Decimals\" FROM \"Units\"");

        var rows = new List<(string? ExternalId, string Metric, string Location, DateOnly Date, TimeOnly? Time, long Value, string Unit, Qualifier Qualifier, string Source, string? Note)>();
        using (var text = new StreamReader(new MemoryStream(file, writable: false), new System.Text.UTF8Encoding(false)))
        using (var csv = new CsvHelper.CsvReader(text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = true }))
        {
            await csv.ReadAsync();
            csv.ReadHeader();
            while (await csv.ReadAsync())
            {
                string? Optional(int i) => csv.GetField(i) is { Length: > 0 } v ? v : null;
                var unit = csv.GetField(8)!;
                if (!ScaledValue.TryParse(csv.GetField(7), decimals[unit], out var value, out var error))
                {
                    throw new InvalidDataException(error);
                }

                rows.Add((Optional(2), csv.GetField(3)!, csv.GetField(4)!,
                    DateOnly.ParseExact(csv.GetField(5)!, FigureCsv.DateFormat, CultureInfo.InvariantCulture),
                    Optional(6) is { } t ? TimeOnly.ParseExact(t, FigureCsv.TimeFormat, CultureInfo.InvariantCulture) : null,
                    value, unit, FigureCsv.ParseQualifier(csv.GetField(9)!) ?? throw new InvalidDataException("qualifier"), csv.GetField(10)!,
                    Optional(15) is { } n ? FormulaGuard.Restore(n) : null));
            }
        }

        await using var transaction = await connection.BeginTransactionAsync();
        var keys = await PgHandSql.ListAsync(connection, "SELECT nextval(pg_get_serial_sequence('\"Figures\"', 'Id'))::int FROM generate_series(1, @n)", r => r.GetInt32(0), ("n", rows.Count));
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY \"Figures\" (\"Id\", \"ExternalId\", \"MetricId\", \"LocationId\", \"ReferenceDate\", \"LocalTime\", \"Value\", \"UnitCode\", \"Qualifier\", \"SourceId\", \"Note\", \"IsRetracted\", \"Version\", \"UpdatedAtUtc\", \"UpdatedBy\") FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = TimeSpan.FromMinutes(10);
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(keys[i], NpgsqlTypes.NpgsqlDbType.Integer);
                await WriteAsync(copy, r.ExternalId, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(metrics[r.Metric], NpgsqlTypes.NpgsqlDbType.Integer);
                await copy.WriteAsync(locations[r.Location], NpgsqlTypes.NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Date, NpgsqlTypes.NpgsqlDbType.Date);
                if (r.Time is { } time)
                {
                    await copy.WriteAsync(time, NpgsqlTypes.NpgsqlDbType.Time);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(r.Value, NpgsqlTypes.NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Unit, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Qualifier.ToString(), NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(sources[r.Source], NpgsqlTypes.NpgsqlDbType.Integer);
                await WriteAsync(copy, r.Note, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
                await copy.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer);
                await copy.WriteAsync(nowUtc, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(userName, NpgsqlTypes.NpgsqlDbType.Varchar);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY \"Revisions\" (\"EntityType\", \"EntityId\", \"Number\", \"Kind\", \"AtUtc\", \"UserName\", \"Reason\", \"OldValues\", \"NewValues\", \"ImportFile\", \"ImportSha256\") FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = TimeSpan.FromMinutes(10);
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                var snapshot = new FigureSnapshot(r.ExternalId, r.Metric, r.Location, FigureCsv.FormatDate(r.Date), FigureCsv.FormatTime(r.Time), r.Value, r.Unit,
                    SeedReader.ToFileText(r.Qualifier.ToString()), r.Source, r.Note, Retracted: false);
                var json = RevisionLog.Create(RevisionLog.FigureType, keys[i], 1, RevisionKind.Imported, userName, nowUtc, null, snapshot).NewValues;
                await copy.StartRowAsync();
                await copy.WriteAsync(RevisionLog.FigureType, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(keys[i], NpgsqlTypes.NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer);
                await copy.WriteAsync(nameof(RevisionKind.Imported), NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(nowUtc, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(userName, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(reason, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteNullAsync();
                await copy.WriteAsync(json, NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync(fileName, NpgsqlTypes.NpgsqlDbType.Varchar);
                await copy.WriteAsync(sha256, NpgsqlTypes.NpgsqlDbType.Varchar);
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
        return rows.Count;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlTypes.NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    private async Task CheckImportedAsync(PgHandSql sql, string fileName)
    {
        await using var connection = await sql.OpenAsync();
        var count = await PgHandSql.ScalarAsync<long>(connection,
            "SELECT COUNT(*) FROM \"Revisions\" WHERE \"EntityType\" = 'figure' AND \"ImportFile\" = @f AND \"Kind\" = 'Imported'", ("f", fileName));
        if (count != settings.ImportRows)
        {
            throw new InvalidOperationException($"Expected {settings.ImportRows} imported revisions from {fileName}, found {count}.");
        }
    }

    /// <summary>The load average when the row was measured: the machine is shared, so every number carries it.</summary>
    public static string LoadNote() => LoadNote(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null);

    /// <summary>"load average 1, 5, 15" from the text of /proc/loadavg ("0.62 5.13 9.67 1/200 123").</summary>
    public static string LoadNote(string? loadavg)
    {
        var load = loadavg?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return load.Length >= 3 && load.Take(3).All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? $"load average {load[0]}, {load[1]}, {load[2]}"
            : "load average unknown";
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : a + "; " + b;

    private static async Task<string> ExplainOrWhyAsync(NpgsqlConnection connection, string sql, (string, object)[] parameters)
    {
        try
        {
            return await PgHandSql.ExplainAsync(connection, sql, parameters);
        }
        catch (PostgresException e)
        {
            return "(no plan: " + e.MessageText + ")";
        }
    }

    private static async Task GridAsync(PgHandSql sql, string where, (string, object)[] parameters, string totalSql)
    {
        await using var c = await sql.OpenAsync();
        await PgHandSql.ScalarAsync<long>(c, totalSql, parameters);
        var page = await PgHandSql.ListAsync(c, "SELECT f.\"Id\" FROM \"Figures\" f " + where + PgHandSql.ByDate + " LIMIT 25", r => r.GetInt32(0), parameters);
        var rows = page.Count == 0 ? [] : await PgHandSql.FiguresAsync(c, "WHERE f.\"Id\" = ANY(@ids)" + PgHandSql.ByDate, ("ids", page.ToArray()));
        var metrics = rows.Select(r => r.MetricCode).Distinct().ToArray();
        var days = rows.Select(r => r.Date).Distinct().ToArray();
        var peers = rows.Count == 0 ? [] : await PgHandSql.FiguresAsync(c, "WHERE NOT f.\"IsRetracted\" AND m.\"Code\" = ANY(@ms) AND f.\"ReferenceDate\" = ANY(@ds)", ("ms", metrics), ("ds", days));
        var ids = rows.Select(r => r.Id).ToHashSet();
        _ = ConflictDetector.Find(peers).Where(d => ids.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value);
    }

    private static async Task FilterListsAsync(PgHandSql sql)
    {
        await using var c = await sql.OpenAsync();
        await PgHandSql.ListAsync(c, "SELECT \"Code\", \"Name\" FROM \"Metrics\" ORDER BY \"Name\"", r => new Option(r.GetString(0), r.GetString(1)));
        await PgHandSql.ListAsync(c, "SELECT \"Code\", \"Name\" FROM \"Locations\" ORDER BY \"Code\"", r => new Option(r.GetString(0), r.GetString(1)));
        await PgHandSql.ListAsync(c, "SELECT \"Id\", \"Title\" FROM \"Sources\" ORDER BY \"Key\"", r => new Option(r.GetInt32(0).ToString(CultureInfo.InvariantCulture), r.GetString(1)));
    }

    private static Task<List<SourceSummary>> SourcesAsync(NpgsqlConnection c, string where, params (string, object)[] parameters) =>
        PgHandSql.ListAsync(c,
            "SELECT s.\"Id\", s.\"Key\", s.\"Title\", s.\"Publisher\", s.\"Published\", s.\"Url\", s.\"Kind\", " +
            "COALESCE((SELECT c.\"Shown\" FROM \"SourceFigureCounts\" c WHERE c.\"SourceId\" = s.\"Id\"), 0) FROM \"Sources\" s " + where + " ORDER BY s.\"Key\"",
            r => new SourceSummary(
                r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4),
                r.IsDBNull(5) ? null : r.GetString(5), Enum.Parse<SourceKind>(r.GetString(6)), r.GetInt32(7)), parameters);

    private static Task<List<EventRow>> EventsAsync(NpgsqlConnection c) =>
        PgHandSql.ListAsync(c,
            "SELECT e.\"Id\", e.\"Date\", e.\"Precision\", e.\"Title\", e.\"Description\", e.\"SourceId\", s.\"Title\", s.\"Url\" FROM \"Events\" e JOIN \"Sources\" s ON s.\"Id\" = e.\"SourceId\" ORDER BY e.\"Date\"",
            r => new EventRow(r.GetInt32(0), r.GetFieldValue<DateOnly>(1), Enum.Parse<DatePrecision>(r.GetString(2)),
                r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));
}
