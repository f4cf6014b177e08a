using DisplacementDashboard.Core.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace DisplacementDashboard.Migrations.Postgres;

/// <summary>The model <c>dotnet ef migrations add ... --project/--startup-project</c> this project compares against: Postgres's.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) => DesignTimeDbContextFactory.Create(DatabaseProvider.Postgres);
}
