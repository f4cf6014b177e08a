using System.Diagnostics;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace DisplacementDashboard.Benchmarks.Store;

/// <summary>
/// The benchmark store on PostgreSQL: a throwaway server (tests/Shared/PostgresServer.cs: initdb on a temporary folder,
/// a free loopback port), the real PostgreSQL migrations and the real seed through the app's
/// <see cref="DatabaseInitializer"/>, then the same synthetic plan as the SQLite store, written with binary COPY in one
/// transaction (the insert trigger that keeps the per-source counts fires once for the whole copy). Not cached between
/// runs: the server lives as long as the harness process.
/// </summary>
public static class PostgresStore
{
    private const string BenchUser = "synthetic-import";

    /// <summary>A new database on the process's throwaway server, migrated, seeded and filled with <paramref name="plan"/>.</summary>
    public static async Task<string> BuildAsync(SyntheticPlan plan, TextWriter log, double? randomPageCost = null)
    {
        var clock = Stopwatch.StartNew();
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        log.WriteLine($"postgres: server on 127.0.0.1:{server.Port} (started in {clock.Elapsed.TotalSeconds:F1} s)");
        await using (var services = Services(connectionString))
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        // No command timeout: completing the copy of a million figures runs the count trigger over all of them.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ToString());
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await WriteAsync(connection, plan);
            await transaction.CommitAsync();
        }

        await ExecAsync(connection, "VACUUM ANALYZE");
        if (randomPageCost is { } cost)
        {
            // For every later connection to this database (the pools are new): the planner's cost of a random page read.
            await ExecAsync(connection, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ALTER DATABASE \"{connection.Database}\" SET random_page_cost = {cost}"));
            log.WriteLine($"postgres: random_page_cost = {cost} for this database");
        }

        log.WriteLine($"postgres: store built ({plan.FigureCount:N0} synthetic figures) in {clock.Elapsed.TotalSeconds:F1} s");
        return connectionString;
    }

    /// <summary>The app's own data services on PostgreSQL (Database:Provider=postgres), as the app registers them.</summary>
    public static ServiceProvider Services(string connectionString, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [DatabaseProviders.SettingName] = "postgres",
            ["ConnectionStrings:Dashboard"] = connectionString,
            ["Data:SeedDirectory"] = RepositoryPaths.SeedDirectory,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDashboardData(configuration, Path.GetTempPath());
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task WriteAsync(NpgsqlConnection connection, SyntheticPlan plan)
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await ExecAsync(connection,
            $"INSERT INTO \"AspNetRoles\" (\"Id\", \"Name\", \"NormalizedName\", \"ConcurrencyStamp\") VALUES ('role-editor', '{StaffRoles.Editor}', '{StaffRoles.Editor.ToUpperInvariant()}', 'x') ON CONFLICT DO NOTHING");
        await using (var user = new NpgsqlCommand(
            "INSERT INTO \"AspNetUsers\" (\"Id\", \"IsDisabled\", \"CreatedAtUtc\", \"UserName\", \"NormalizedUserName\", \"Email\", \"NormalizedEmail\", \"EmailConfirmed\", \"SecurityStamp\", \"ConcurrencyStamp\", " +
            "\"PhoneNumberConfirmed\", \"TwoFactorEnabled\", \"LockoutEnabled\", \"AccessFailedCount\") VALUES ('bench-editor', false, @at, @n, @nn, @n, @nn, true, @stamp, 'stamp', false, false, true, 0)", connection))
        {
            user.Parameters.AddWithValue("at", now);
            user.Parameters.AddWithValue("n", SyntheticStore.BenchEditor);
            user.Parameters.AddWithValue("nn", SyntheticStore.BenchEditor.ToUpperInvariant());
            user.Parameters.AddWithValue("stamp", SyntheticStore.BenchEditorStamp);
            await user.ExecuteNonQueryAsync();
        }

        await ExecAsync(connection, $"INSERT INTO \"AspNetUserRoles\" (\"UserId\", \"RoleId\") SELECT 'bench-editor', \"Id\" FROM \"AspNetRoles\" WHERE \"Name\" = '{StaffRoles.Editor}'");

        var metricIds = await InsertReturningIdsAsync(connection, "COPY \"Metrics\" (\"Code\", \"Name\", \"Kind\", \"Units\") FROM STDIN (FORMAT BINARY)", "Metrics",
            plan.Metrics, async (w, m) =>
            {
                await w.WriteAsync(m.Code, NpgsqlDbType.Varchar);
                await w.WriteAsync(m.Name, NpgsqlDbType.Varchar);
                await w.WriteAsync(m.Kind.ToString(), NpgsqlDbType.Varchar);
                await w.WriteAsync(new[] { ImportFile.Unit }, NpgsqlDbType.Array | NpgsqlDbType.Text);
            });
        var locationIds = await InsertReturningIdsAsync(connection, "COPY \"Locations\" (\"Code\", \"Name\", \"Level\") FROM STDIN (FORMAT BINARY)", "Locations",
            plan.Locations, async (w, l) =>
            {
                await w.WriteAsync(l.Code, NpgsqlDbType.Varchar);
                await w.WriteAsync(l.Name, NpgsqlDbType.Varchar);
                await w.WriteAsync("Place", NpgsqlDbType.Varchar);
            });
        var sourceIds = await InsertReturningIdsAsync(connection,
            "COPY \"Sources\" (\"Key\", \"Title\", \"Publisher\", \"Published\", \"Kind\", \"Version\", \"UpdatedAtUtc\", \"UpdatedBy\") FROM STDIN (FORMAT BINARY)", "Sources",
            plan.Sources, async (w, s) =>
            {
                await w.WriteAsync(s.Key, NpgsqlDbType.Varchar);
                await w.WriteAsync(s.Title, NpgsqlDbType.Varchar);
                await w.WriteAsync(s.Publisher, NpgsqlDbType.Varchar);
                await w.WriteAsync(s.Published, NpgsqlDbType.Date);
                await w.WriteAsync(s.Kind.ToString(), NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(BenchUser, NpgsqlDbType.Varchar);
            });

        // Figure ids are given (after the seed's), so the revisions can name them; the identity is moved past them after.
        var firstId = await ScalarAsync<int>(connection, "SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"Figures\"");
        var id = firstId;
        await using (var figures = await connection.BeginBinaryImportAsync(
            "COPY \"Figures\" (\"Id\", \"ExternalId\", \"MetricId\", \"LocationId\", \"ReferenceDate\", \"LocalTime\", \"Value\", \"UnitCode\", \"Qualifier\", \"SourceId\", \"Note\", \"IsRetracted\", \"Version\", \"UpdatedAtUtc\", \"UpdatedBy\") FROM STDIN (FORMAT BINARY)"))
        {
            figures.Timeout = TimeSpan.FromMinutes(30);
            foreach (var f in plan.Figures())
            {
                await figures.StartRowAsync();
                await figures.WriteAsync(id++, NpgsqlDbType.Integer);
                await figures.WriteNullAsync();
                await figures.WriteAsync(metricIds[f.Metric], NpgsqlDbType.Integer);
                await figures.WriteAsync(locationIds[f.Location], NpgsqlDbType.Integer);
                await figures.WriteAsync(f.Date, NpgsqlDbType.Date);
                await WriteOrNullAsync(figures, f.Time, NpgsqlDbType.Time);
                await figures.WriteAsync(f.Value, NpgsqlDbType.Bigint);
                await figures.WriteAsync(ImportFile.Unit, NpgsqlDbType.Varchar);
                await figures.WriteAsync(f.Qualifier.ToString(), NpgsqlDbType.Varchar);
                await figures.WriteAsync(sourceIds[f.Source], NpgsqlDbType.Integer);
                await WriteOrNullAsync(figures, f.Note, NpgsqlDbType.Varchar);
                await figures.WriteAsync(f.Retracted, NpgsqlDbType.Boolean);
                await figures.WriteAsync(f.Corrected ? 2 : 1, NpgsqlDbType.Integer);
                await figures.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await figures.WriteAsync(BenchUser, NpgsqlDbType.Varchar);
            }

            await figures.CompleteAsync();
        }

        await ExecAsync(connection, "SELECT setval(pg_get_serial_sequence('\"Figures\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Figures\"))");

        id = firstId;
        await using (var revisions = await connection.BeginBinaryImportAsync(
            "COPY \"Revisions\" (\"EntityType\", \"EntityId\", \"Number\", \"Kind\", \"AtUtc\", \"UserName\", \"Reason\", \"OldValues\", \"NewValues\") FROM STDIN (FORMAT BINARY)"))
        {
            revisions.Timeout = TimeSpan.FromMinutes(30);
            foreach (var f in plan.Figures())
            {
                var figureId = id++;
                var snapshot = new Figure
                {
                    MetricId = 0, LocationId = 0, ReferenceDate = f.Date, LocalTime = f.Time, Value = f.Value, UnitCode = ImportFile.Unit,
                    Qualifier = f.Qualifier, Note = f.Note, IsRetracted = f.Retracted,
                };
                var created = RevisionLog.Create(RevisionLog.FigureType, figureId, 1, RevisionKind.Imported, BenchUser, now, null,
                    FigureSnapshot.Of(snapshot, plan.Metrics[f.Metric].Code, plan.Locations[f.Location].Code, plan.Sources[f.Source].Key));
                await WriteRevisionAsync(revisions, figureId, 1, created.Kind.ToString(), now, null, null, created.NewValues);
                if (f.Corrected)
                {
                    await WriteRevisionAsync(revisions, figureId, 2, nameof(RevisionKind.Corrected), now, "The source revised its count (synthetic).", created.NewValues, created.NewValues);
                }
            }

            await revisions.CompleteAsync();
        }
    }

    private static async Task WriteRevisionAsync(NpgsqlBinaryImporter w, int entityId, int number, string kind, DateTime at, string? reason, string? oldValues, string newValues)
    {
        await w.StartRowAsync();
        await w.WriteAsync(RevisionLog.FigureType, NpgsqlDbType.Varchar);
        await w.WriteAsync(entityId, NpgsqlDbType.Integer);
        await w.WriteAsync(number, NpgsqlDbType.Integer);
        await w.WriteAsync(kind, NpgsqlDbType.Varchar);
        await w.WriteAsync(at, NpgsqlDbType.TimestampTz);
        await w.WriteAsync(BenchUser, NpgsqlDbType.Varchar);
        await WriteOrNullAsync(w, reason, NpgsqlDbType.Varchar);
        await WriteOrNullAsync(w, oldValues, NpgsqlDbType.Text);
        await w.WriteAsync(newValues, NpgsqlDbType.Text);
    }

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) =>
        value is null ? w.WriteNullAsync() : w.WriteAsync(value, type);

    private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type)
        where T : struct =>
        value is { } v ? w.WriteAsync(v, type) : w.WriteNullAsync();

    /// <summary>Copies the rows, then reads their new ids back in the plan's order (by their unique code, key).</summary>
    private static async Task<List<int>> InsertReturningIdsAsync<T>(NpgsqlConnection connection, string copy, string table, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, Task> write)
    {
        var before = await ScalarAsync<int>(connection, $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"");
        await using (var importer = await connection.BeginBinaryImportAsync(copy))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await write(importer, row);
            }

            await importer.CompleteAsync();
        }

        var ids = new List<int>(rows.Count);
        await using var command = new NpgsqlCommand($"SELECT \"Id\" FROM \"{table}\" WHERE \"Id\" > @before ORDER BY \"Id\"", connection);
        command.Parameters.AddWithValue("before", before);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids.Count == rows.Count ? ids : throw new InvalidOperationException($"Copied {rows.Count} rows into {table}, read back {ids.Count} new ids.");
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
