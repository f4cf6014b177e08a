using System.Data.Common;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// The shown-figures-per-source counts are kept by triggers; they must equal a fresh count of the figures after
/// every kind of write, and the pages that read them (sources list, source page, grid total) must agree.
/// </summary>
public abstract class SourceFigureCountTestsBase(DashboardFactory factory)
{
    // Quoted identifiers and TRUE/FALSE: the same SQL on SQLite and PostgreSQL.
    private const string TrueCounts = """SELECT "SourceId", COUNT(*) FROM "Figures" WHERE NOT "IsRetracted" GROUP BY "SourceId" """;
    private const string KeptCounts = """SELECT "SourceId", "Shown" FROM "SourceFigureCounts" WHERE "Shown" <> 0""";

    [Fact]
    public async Task AfterSeeding_KeptCounts_EqualFreshCounts()
    {
        var (expected, kept) = await BothAsync();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, kept);
    }

    [Fact]
    public async Task EditorWrites_CreateMoveRetractRestore_KeepCountsExact()
    {
        var editor = await Staff.CreateAsync(factory.Services, "counts@example.org", StaffRoles.Editor);
        var figures = factory.Services.GetRequiredService<FigureEditor>();
        int sourceA, sourceB;
        await using (var db = factory.CreateContext())
        {
            var two = await db.Sources.OrderBy(s => s.Id).Select(s => s.Id).Take(2).ToListAsync();
            (sourceA, sourceB) = (two[0], two[1]);
        }

        var input = new FigureInput
        {
            MetricCode = WellKnown.ArrivalsOnDay,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = new DateOnly(2023, 10, 3),
            Time = new TimeOnly(9, 15),
            ValueText = "321",
            SourceId = sourceA,
            // Saved past any plausibility warning against the seed: this test is not about them (PlausibilityTests).
            WarningReason = "test figure",
        };
        var created = await figures.CreateAsync(editor, input, confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, created.Status);
        await AssertExactAsync();

        input.SourceId = sourceB;
        var moved = await figures.CorrectAsync(editor, created.Id!.Value, created.Version!.Value, input, "test: cited the wrong source", confirmDuplicate: true);
        Assert.Equal(EditStatus.Saved, moved.Status);
        await AssertExactAsync();

        var retracted = await figures.RetractAsync(editor, created.Id.Value, moved.Version!.Value, "test: withdrawn");
        Assert.Equal(EditStatus.Saved, retracted.Status);
        await AssertExactAsync();

        var restored = await figures.RestoreAsync(editor, created.Id.Value, retracted.Version!.Value, "test: reinstated");
        Assert.Equal(EditStatus.Saved, restored.Status);
        await AssertExactAsync();
    }

    [Fact]
    public async Task RawSqlWrites_KeepCountsExact()
    {
        await using var db = factory.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Copy three shown figures as new rows (insert), retract one of the copies and move another (update), delete the third.
        command.CommandText =
            """INSERT INTO "Figures" ("ExternalId", "MetricId", "LocationId", "ReferenceDate", "LocalTime", "Value", "UnitCode", "Qualifier", "SourceId", "Note", "IsRetracted", "Version", "UpdatedAtUtc", "UpdatedBy") """ +
            """SELECT NULL, "MetricId", "LocationId", "ReferenceDate", "LocalTime", "Value", "UnitCode", "Qualifier", "SourceId", 'raw copy', FALSE, 1, "UpdatedAtUtc", 'raw' FROM "Figures" WHERE NOT "IsRetracted" ORDER BY "Id" LIMIT 3; """ +
            """UPDATE "Figures" SET "IsRetracted" = TRUE WHERE "Id" = (SELECT MIN("Id") FROM "Figures" WHERE "Note" = 'raw copy'); """ +
            """UPDATE "Figures" SET "SourceId" = (SELECT MAX("Id") FROM "Sources") WHERE "Id" = (SELECT MIN("Id") + 1 FROM "Figures" WHERE "Note" = 'raw copy'); """ +
            """DELETE FROM "Figures" WHERE "Id" = (SELECT MAX("Id") FROM "Figures" WHERE "Note" = 'raw copy');""";
        await command.ExecuteNonQueryAsync();

        await AssertExactAsync();
    }

    [Fact]
    public async Task Pages_ReadTheKeptCounts()
    {
        var queries = new FigureQueries(factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>());
        var (expected, _) = await BothAsync();

        var sources = await queries.GetSourcesAsync();
        var page = await queries.GetPageAsync(new FigureFilter(), 0, 25, FigureSort.Date, false);
        var busiest = expected.OrderByDescending(e => e.Value).First();
        var oneSource = await queries.GetPageAsync(new FigureFilter(SourceId: busiest.Key), 0, 25, FigureSort.Date, false);
        var sourcePage = await queries.GetSourceAsync(busiest.Key);

        Assert.Equal(expected, sources.Where(s => s.FigureCount != 0).ToDictionary(s => s.Id, s => (long)s.FigureCount));
        Assert.Equal(expected.Values.Sum(), page.Total);
        Assert.Equal(busiest.Value, oneSource.Total);
        Assert.Equal(busiest.Value, sourcePage!.FigureCount);
    }

    private async Task AssertExactAsync()
    {
        var (expected, kept) = await BothAsync();
        Assert.Equal(expected, kept);
    }

    /// <summary>The fresh and the kept counts of the app's store, once the app has started (migrated and seeded it).</summary>
    private async Task<(Dictionary<int, long> Expected, Dictionary<int, long> Kept)> BothAsync()
    {
        await using var db = factory.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        return await BothAsync(connection);
    }

    protected static async Task<(Dictionary<int, long> Expected, Dictionary<int, long> Kept)> BothAsync(DbConnection connection) =>
        (await ReadAsync(connection, TrueCounts), await ReadAsync(connection, KeptCounts));

    private static async Task<Dictionary<int, long>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<int, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}

/// <summary>The counts on SQLite, and the SQLite migration that fills them for figures already stored.</summary>
public sealed class SourceFigureCountTests(DashboardFactory factory) : SourceFigureCountTestsBase(factory), IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Migration_FillsCountsForFiguresAlreadyStored()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dd-counts-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={path}", o => o.MigrationsAssembly(DashboardStore.SqliteMigrationsAssembly)).Options;
            await using (var db = new DashboardDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261122015443_CoverSourceCountsWithRetractedFlag");
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO Units (Code, Name, Kind, Decimals) VALUES ('people', 'people', 'Count', 0); " +
                    "INSERT INTO Metrics (Id, Code, Name, Kind, Units) VALUES (1, 'm', 'm', 'Count', '[\"people\"]'); " +
                    "INSERT INTO Locations (Id, Code, Name, Level) VALUES (1, 'AM', 'Armenia', 'Country'); " +
                    "INSERT INTO Sources (Id, Key, Title, Publisher, Kind, Version, UpdatedAtUtc, UpdatedBy) VALUES " +
                    "(1, 'S1', 't', 'p', 'Government', 1, '2026-01-01 00:00:00', 'x'), (2, 'S2', 't', 'p', 'Government', 1, '2026-01-01 00:00:00', 'x'); " +
                    "INSERT INTO Figures (MetricId, LocationId, ReferenceDate, Value, UnitCode, Qualifier, SourceId, IsRetracted, Version, UpdatedAtUtc, UpdatedBy) VALUES " +
                    "(1, 1, '2023-09-24', 1, 'people', 'Exact', 1, 0, 1, '2026-01-01 00:00:00', 'x'), " +
                    "(1, 1, '2023-09-25', 2, 'people', 'Exact', 1, 0, 1, '2026-01-01 00:00:00', 'x'), " +
                    "(1, 1, '2023-09-26', 3, 'people', 'Exact', 1, 1, 1, '2026-01-01 00:00:00', 'x'), " +
                    "(1, 1, '2023-09-27', 4, 'people', 'Exact', 2, 1, 1, '2026-01-01 00:00:00', 'x');");

                await db.Database.MigrateAsync();
            }

            Dictionary<int, long> expected, kept;
            await using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                await connection.OpenAsync();
                (expected, kept) = await BothAsync(connection);
            }

            Assert.Equal(new Dictionary<int, long> { [1] = 2 }, expected);
            Assert.Equal(expected, kept);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}

/// <summary>
/// The counts on PostgreSQL, kept there by statement triggers. Its migrations never had figures without counts, so the
/// SQLite migration test has no counterpart.
/// </summary>
public sealed class SourceFigureCountTestsOnPostgres(PostgresDashboardFactory factory) : SourceFigureCountTestsBase(factory), IClassFixture<PostgresDashboardFactory>;
