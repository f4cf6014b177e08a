using DisplacementDashboard.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>The real app over its own SQLite file in a temp folder (migrated and seeded at start-up).</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dd-it-").FullName;

    public string DatabasePath => Path.Combine(_directory, "dashboard.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={DatabasePath}");

        // Many tests sign in from the same address; the rate-limit test sets its own low limit.
        builder.UseSetting("Accounts:LoginAttemptsPerMinute", "1000");
    }

    /// <summary>A context on the same file, for checking what the app wrote.</summary>
    public DashboardDbContext CreateContext() => Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
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
