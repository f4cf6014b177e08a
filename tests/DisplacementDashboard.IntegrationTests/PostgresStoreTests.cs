using System.Data.Common;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>What the PostgreSQL store must enforce itself, proved with raw SQL below the app (issue 13).</summary>
public sealed class PostgresStoreTests(PostgresDashboardFactory factory) : IClassFixture<PostgresDashboardFactory>
{
    [Fact]
    public async Task App_StartsOnPostgres_AppliesItsOwnMigrations_AndSeeds()
    {
        await using var db = factory.CreateContext();

        Assert.True(db.Database.IsNpgsql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Contains(applied, m => m.EndsWith("_InitialPostgresStore", StringComparison.Ordinal));
        Assert.Contains(applied, m => m.EndsWith("_GuardRevisionsAndCountShownFigures", StringComparison.Ordinal));
        Assert.DoesNotContain(applied, m => m.EndsWith("_InitialSourcedFiguresStore", StringComparison.Ordinal));
        Assert.True(await db.Figures.CountAsync() > 50);
        Assert.True(await db.Revisions.AnyAsync());
    }

    [Fact]
    public async Task Seeding_Twice_AddsNothingTheSecondTime()
    {
        await using var before = factory.CreateContext();
        var first = await StoreTests.CountsAsync(before);

        var second = await factory.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        await using var after = factory.CreateContext();
        Assert.Equal(0, second.Total);
        Assert.Equal(first, await StoreTests.CountsAsync(after));
        Assert.True(first["figures"] > 100);
    }

    [Fact]
    public async Task Model_HasNoChangesMissingFromEitherProvidersMigrations()
    {
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            await using var db = DesignTimeDbContextFactory.Create(provider);
            Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes that no migration in its assembly has");
            Assert.NotEmpty(db.Database.GetMigrations());
        }
    }

    [Fact]
    public async Task Truncate_OfRevisions_IsRefused()
    {
        await using var db = factory.CreateContext();
        var before = await db.Revisions.LongCountAsync();

        var error = await Assert.ThrowsAnyAsync<DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"Revisions\""));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.Revisions.LongCountAsync());
    }

    [Fact]
    public async Task RawSqlWrites_KeepSourceCountsExact()
    {
        await using var db = factory.CreateContext();
        await AssertCountsExactAsync(db);

        // Copy three shown figures as new rows (insert), retract one copy and move another to the last source (update),
        // delete the third, each in one statement of its own, as psql would.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Figures" ("ExternalId", "MetricId", "LocationId", "ReferenceDate", "LocalTime", "Value", "UnitCode", "Qualifier", "SourceId", "Note", "IsRetracted", "Version", "UpdatedAtUtc", "UpdatedBy")
            SELECT NULL, "MetricId", "LocationId", "ReferenceDate", "LocalTime", "Value", "UnitCode", "Qualifier", "SourceId", 'raw copy', FALSE, 1, "UpdatedAtUtc", 'raw'
            FROM "Figures" WHERE NOT "IsRetracted" ORDER BY "Id" LIMIT 3;
            """);
        await AssertCountsExactAsync(db);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Figures" SET "IsRetracted" = TRUE WHERE "Id" = (SELECT MIN("Id") FROM "Figures" WHERE "Note" = 'raw copy');""");
        await AssertCountsExactAsync(db);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Figures" SET "SourceId" = (SELECT MAX("Id") FROM "Sources") WHERE "Id" = (SELECT MIN("Id") + 1 FROM "Figures" WHERE "Note" = 'raw copy');""");
        await AssertCountsExactAsync(db);
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "Figures" WHERE "Id" = (SELECT MAX("Id") FROM "Figures" WHERE "Note" = 'raw copy');""");
        await AssertCountsExactAsync(db);

        // Many rows in one statement: every figure retracted, then every figure restored.
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Figures" SET "IsRetracted" = NOT "IsRetracted" WHERE "Note" IS DISTINCT FROM 'raw copy';""");
        await AssertCountsExactAsync(db);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Figures" SET "IsRetracted" = NOT "IsRetracted" WHERE "Note" IS DISTINCT FROM 'raw copy';""");
        await AssertCountsExactAsync(db);
    }

    [Fact]
    public async Task DataProtectionKeys_AreKeptInTheDatabase_AndAnotherAppOnTheSameDatabaseReadsWhatThisOneProtected()
    {
        var protectedText = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("signed in");

        await using var db = factory.CreateContext();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());

        // A second node: its own process state, the same database.
        await using var other = new SecondNodeFactory(factory.ConnectionString);
        var read = other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText);
        Assert.Equal("signed in", read);
    }

    private static async Task AssertCountsExactAsync(DashboardDbContext db)
    {
        var expected = await db.Figures.Where(f => !f.IsRetracted).GroupBy(f => f.SourceId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var kept = await db.SourceFigureCounts.AsNoTracking().Where(c => c.Shown != 0).ToDictionaryAsync(c => c.SourceId, c => c.Shown);
        Assert.Equal(expected.OrderBy(e => e.Key), kept.OrderBy(e => e.Key));
    }
}
