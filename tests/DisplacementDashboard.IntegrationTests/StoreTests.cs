using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

public sealed class StoreTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    /// <summary>Rows of each table the seed writes (also used by <see cref="PostgresStoreTests"/>).</summary>
    internal static async Task<Dictionary<string, int>> CountsAsync(DashboardDbContext db) => new()
    {
        ["units"] = await db.Units.CountAsync(),
        ["metrics"] = await db.Metrics.CountAsync(),
        ["locations"] = await db.Locations.CountAsync(),
        ["sources"] = await db.Sources.CountAsync(),
        ["figures"] = await db.Figures.CountAsync(),
        ["events"] = await db.Events.CountAsync(),
        ["revisions"] = await db.Revisions.CountAsync(),
    };

    [Fact]
    public async Task Seeding_Twice_AddsNothingTheSecondTime()
    {
        _ = factory.Services; // start-up has migrated and seeded once
        await using var before = factory.CreateContext();
        var first = await CountsAsync(before);

        var second = await factory.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        await using var after = factory.CreateContext();
        Assert.Equal(0, second.Total);
        Assert.Equal(first, await CountsAsync(after));
        Assert.True(first["figures"] > 100);
        Assert.Equal(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "seed", "figures.csv")).Length - 1, first["figures"]);
    }

    [Fact]
    public async Task Store_UsesWalAndFullSync()
    {
        await using var db = factory.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, (long?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Store_InRollbackJournalMode_StartsTheApp_AndIsSwitchedToWal()
    {
        // A store not made by the app (a restored backup, the sqlite3 shell) starts in rollback-journal mode. EF's
        // existence check opens it read-only, where switching to WAL fails: the app did not start on such a store.
        await using var app = new DashboardFactory();
        await using (var db = new DashboardDbContext(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={app.DatabasePath};Pooling=False", o => o.MigrationsAssembly(DashboardStore.SqliteMigrationsAssembly)).Options))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE;");
            Assert.Equal("delete", await JournalModeAsync(db));
        }

        _ = app.Services;

        await using var started = app.CreateContext();
        Assert.Equal("wal", await JournalModeAsync(started));
        Assert.True(await started.Figures.AnyAsync());
    }

    private static async Task<string?> JournalModeAsync(DashboardDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dd-empty-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={path}", o => o.MigrationsAssembly(DashboardStore.SqliteMigrationsAssembly)).Options;
            await using (var db = new DashboardDbContext(options))
            {
                Assert.NotEmpty(db.Database.GetMigrations());
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(0, await db.Figures.CountAsync());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task InvalidSeed_WritesNothing_AndSaysWhereTheProblemIs()
    {
        var directory = Directory.CreateTempSubdirectory("dd-badseed-").FullName;
        var path = Path.Combine(directory, "store.db");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seed"), "*.csv"))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }

            File.AppendAllText(Path.Combine(directory, "figures.csv"), ",,FBAD,cumulative_arrivals_in_armenia,AM,2023-09-30,,12.5,people,exact,S001,,,,,\n");
            var services = new ServiceCollection()
                .AddDbContextFactory<DashboardDbContext>(o => o.UseSqlite($"Data Source={path}", s => s.MigrationsAssembly(DashboardStore.SqliteMigrationsAssembly)))
                .BuildServiceProvider();
            var contexts = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
            var initializer = new DatabaseInitializer(
                contexts,
                new SeedReader(),
                Options.Create(new DashboardDataOptions { ConnectionString = $"Data Source={path}", SeedDirectory = directory }),
                Options.Create(new EditingOptions()),
                TimeProvider.System,
                NullLogger<DatabaseInitializer>.Instance);

            var ex = await Assert.ThrowsAsync<SeedValidationException>(() => initializer.InitializeAsync());

            var error = Assert.Single(ex.Errors);
            Assert.Equal("figures.csv", error.File);
            Assert.Equal("value", error.Column);
            await using var db = await contexts.CreateDbContextAsync();
            Assert.Equal(0, await db.Sources.CountAsync());
            Assert.Equal(0, await db.Figures.CountAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
