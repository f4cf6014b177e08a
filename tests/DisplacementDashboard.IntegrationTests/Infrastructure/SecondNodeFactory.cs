using DisplacementDashboard.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>Another app host on an existing PostgreSQL database: a second node, with its own caches and key ring copy.</summary>
public sealed class SecondNodeFactory(string connectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(DatabaseProviders.SettingName, "postgres");
        builder.UseSetting("ConnectionStrings:Dashboard", connectionString);
        builder.UseSetting("Accounts:LoginAttemptsPerMinute", "1000");
    }
}
