using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The real app over its own store, migrated and seeded at start-up: a SQLite file in a temp folder, or (the
/// <see cref="PostgresDashboardFactory"/>) a new database on the tests' throwaway PostgreSQL server.
/// </summary>
public class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dd-it-").FullName;
    private string? _postgres;

    public DashboardFactory()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected DashboardFactory(DatabaseProvider provider) => Provider = provider;

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string DatabasePath => Provider == DatabaseProvider.Sqlite
        ? Path.Combine(_directory, "dashboard.db")
        : throw new InvalidOperationException("This test store is on PostgreSQL: it has no file.");

    /// <summary>The store's connection string.</summary>
    public string ConnectionString => Provider == DatabaseProvider.Sqlite
        ? $"Data Source={DatabasePath}"
        : _postgres ??= PostgresServer.GetAsync().GetAwaiter().GetResult().CreateDatabaseAsync().GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(DatabaseProviders.SettingName, Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres");
        builder.UseSetting("ConnectionStrings:Dashboard", ConnectionString);

        // Many tests sign in from the same address; the rate-limit test sets its own low limit.
        builder.UseSetting("Accounts:LoginAttemptsPerMinute", "1000");
    }

    /// <summary>Another app over a new store of the same provider (for a test that needs a store of its own).</summary>
    public DashboardFactory Fresh() => Provider == DatabaseProvider.Sqlite ? new DashboardFactory() : new PostgresDashboardFactory();

    /// <summary>A context on the same store, for checking what the app wrote.</summary>
    public DashboardDbContext CreateContext() => Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            PostgresServer.GetAsync().GetAwaiter().GetResult().DropDatabaseAsync(_postgres).GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS is removed with the temp folder later; the test result stands.
        }
    }
}

/// <summary>The real app over a new database on the tests' PostgreSQL server (<see cref="PostgresServer"/>).</summary>
public sealed class PostgresDashboardFactory() : DashboardFactory(DatabaseProvider.Postgres);
