using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the web app. Each migrations project has a
/// factory of its own that calls <see cref="Create"/> with its provider (EF looks for the factory in the startup
/// project, which is the migrations project); this one, for a run with Core as the startup project, takes the provider
/// from the arguments after <c>--</c> (<c>--Database:Provider=postgres</c>; SQLite without one). Nothing connects: the
/// connection strings are placeholders.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) =>
        Create(DatabaseProviders.Parse(new ConfigurationBuilder().AddCommandLine(args).Build()[DatabaseProviders.SettingName]));

    /// <summary>A context with <paramref name="provider"/>'s model and migrations assembly.</summary>
    public static DashboardDbContext Create(DatabaseProvider provider) =>
        new(new DbContextOptionsBuilder<DashboardDbContext>()
            .UseDashboardStore(provider, provider == DatabaseProvider.Sqlite ? "Data Source=design-time.db" : "Host=localhost;Database=design_time")
            .Options);
}
