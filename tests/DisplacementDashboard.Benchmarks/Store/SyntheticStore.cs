using System.Diagnostics;
using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DisplacementDashboard.Benchmarks.Store;

/// <summary>
/// Builds the benchmark store: the real migrations and the real seed (so the exodus pages show the real record),
/// then the synthetic plan written with raw prepared INSERTs in one transaction. Files are cached by seed, size
/// and latest migration, so a second run reuses them; a run always works on a copy.
/// </summary>
public static class SyntheticStore
{
    public const string BenchEditor = "bench-editor@displacement-dashboard.invalid";

    /// <summary>The editor's security stamp; the harness' principal claims it, as a signed-in cookie would.</summary>
    public const string BenchEditorStamp = "stamp";

    private const string BenchUser = "synthetic-import";

    /// <summary>Returns the cached store for this seed and size, building it first when it is missing.</summary>
    public static async Task<string> EnsureAsync(int seed, int figures, TextWriter log)
    {
        var migration = LatestMigration();
        var path = Path.Combine(RepositoryPaths.CacheDirectory, $"store-s{seed}-f{figures}-{migration}-p{SyntheticPlan.Version}.db");
        if (File.Exists(path))
        {
            log.WriteLine($"store: reusing {path}");
            return path;
        }

        var building = path + ".building";
        foreach (var stale in new[] { building, building + "-wal", building + "-shm" })
        {
            File.Delete(stale);
        }

        var clock = Stopwatch.StartNew();
        await BuildAsync(building, seed, figures);
        File.Move(building, path);
        log.WriteLine($"store: built {path} ({figures:N0} synthetic figures) in {clock.Elapsed.TotalSeconds:F1} s");
        return path;
    }

    /// <summary>Copies the cached store to <paramref name="directory"/> so a run may write to it.</summary>
    public static string CopyForRun(string cached, string directory)
    {
        var target = Path.Combine(directory, "dashboard.db");
        File.Copy(cached, target, overwrite: true);
        return target;
    }

    public static async Task BuildAsync(string path, int seed, int figures)
    {
        await using (var services = Services(path))
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await ExecAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA foreign_keys=ON;");
        await using (var transaction = connection.BeginTransaction())
        {
            await WriteAsync(connection, transaction, new SyntheticPlan(seed, figures));
            await transaction.CommitAsync();
        }

        await ExecAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>The app's own data services over <paramref name="path"/> (pragmas, migrations, seed, queries, editor).</summary>
    public static ServiceProvider Services(string path, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Dashboard"] = $"Data Source={path}",
            ["Data:SeedDirectory"] = RepositoryPaths.SeedDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddDashboardData(configuration, Path.GetDirectoryName(path)!);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static string LatestMigration()
    {
        using var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Database.GetMigrations().Last();
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, SyntheticPlan plan)
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var stamp = now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await WriteEditorAsync(connection, transaction, stamp);

        var metricIds = new List<int>();
        await using (var insert = Prepare(connection, transaction, "INSERT INTO Metrics (Code, Name, Kind, Units, Description) VALUES ($a, $b, $c, '[\"people\"]', NULL) RETURNING Id", 3))
        {
            foreach (var m in plan.Metrics)
            {
                metricIds.Add(Convert.ToInt32(await Run(insert, m.Code, m.Name, m.Kind.ToString()).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }
        }

        var locationIds = new List<int>();
        await using (var insert = Prepare(connection, transaction, "INSERT INTO Locations (Code, Name, Level, ParentId) VALUES ($a, $b, 'Place', NULL) RETURNING Id", 2))
        {
            foreach (var l in plan.Locations)
            {
                locationIds.Add(Convert.ToInt32(await Run(insert, l.Code, l.Name).ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }
        }

        var sourceIds = new List<int>();
        await using (var insert = Prepare(connection, transaction,
            "INSERT INTO Sources (Key, Title, Publisher, Published, Url, Kind, Version, UpdatedAtUtc, UpdatedBy) VALUES ($a, $b, $c, $d, NULL, $e, 1, $f, $g) RETURNING Id", 7))
        {
            foreach (var s in plan.Sources)
            {
                sourceIds.Add(Convert.ToInt32(await Run(insert, s.Key, s.Title, s.Publisher, s.Published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.Kind.ToString(), stamp, BenchUser)
                    .ExecuteScalarAsync(), CultureInfo.InvariantCulture));
            }
        }

        await using var figure = Prepare(connection, transaction,
            "INSERT INTO Figures (ExternalId, MetricId, LocationId, ReferenceDate, LocalTime, Value, UnitCode, Qualifier, SourceId, Note, IsRetracted, Version, UpdatedAtUtc, UpdatedBy) " +
            "VALUES (NULL, $a, $b, $c, $d, $e, 'people', $f, $g, $h, $i, $j, $k, $l) RETURNING Id", 12);
        await using var revision = Prepare(connection, transaction,
            "INSERT INTO Revisions (EntityType, EntityId, Number, Kind, AtUtc, UserName, Reason, OldValues, NewValues, ImportFile, ImportSha256) " +
            "VALUES ('figure', $a, $b, $c, $d, $e, $f, $g, $h, NULL, NULL)", 8);
        foreach (var f in plan.Figures())
        {
            var version = f.Corrected ? 2 : 1;
            var id = Convert.ToInt32(await Run(figure,
                metricIds[f.Metric], locationIds[f.Location], f.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                f.Time?.ToString("HH:mm:ss", CultureInfo.InvariantCulture), f.Value, f.Qualifier.ToString(), sourceIds[f.Source], f.Note,
                f.Retracted, version, stamp, BenchUser).ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            var snapshot = new Figure
            {
                MetricId = 0, LocationId = 0, ReferenceDate = f.Date, LocalTime = f.Time, Value = f.Value, UnitCode = "people",
                Qualifier = f.Qualifier, Note = f.Note, IsRetracted = f.Retracted,
            };
            var created = RevisionLog.Create(RevisionLog.FigureType, id, 1, RevisionKind.Imported, BenchUser, now, null,
                FigureSnapshot.Of(snapshot, plan.Metrics[f.Metric].Code, plan.Locations[f.Location].Code, plan.Sources[f.Source].Key));
            await Run(revision, id, 1, created.Kind.ToString(), stamp, BenchUser, null, null, created.NewValues).ExecuteNonQueryAsync();
            if (f.Corrected)
            {
                await Run(revision, id, 2, nameof(RevisionKind.Corrected), stamp, BenchUser, "The source revised its count (synthetic).", created.NewValues, created.NewValues)
                    .ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>An enabled Editor account (no password: the harness calls the services with its principal).</summary>
    private static async Task WriteEditorAsync(SqliteConnection connection, SqliteTransaction transaction, string stamp)
    {
        await ExecAsync(connection,
            $"INSERT OR IGNORE INTO AspNetRoles (Id, Name, NormalizedName, ConcurrencyStamp) VALUES ('role-editor', '{StaffRoles.Editor}', '{StaffRoles.Editor.ToUpperInvariant()}', 'x');", transaction);
        await using var user = Prepare(connection, transaction,
            "INSERT INTO AspNetUsers (Id, IsDisabled, CreatedAtUtc, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, SecurityStamp, ConcurrencyStamp, " +
            $"PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount) VALUES ('bench-editor', 0, $a, $b, $c, $b, $c, 1, '{BenchEditorStamp}', 'stamp', 0, 0, 1, 0)", 3);
        await Run(user, stamp, BenchEditor, BenchEditor.ToUpperInvariant()).ExecuteNonQueryAsync();
        await ExecAsync(connection,
            $"INSERT INTO AspNetUserRoles (UserId, RoleId) SELECT 'bench-editor', Id FROM AspNetRoles WHERE Name = '{StaffRoles.Editor}';", transaction);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? transaction, string sql, int parameters)
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

    private static async Task ExecAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
