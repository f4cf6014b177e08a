using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// The store's EF options for each provider: the provider, its migrations assembly (one per provider; SQLite migrations
/// cannot run on PostgreSQL) and, on SQLite, the pragmas every connection needs (<see cref="SqlitePragmaInterceptor"/>).
/// </summary>
public static class DashboardStore
{
    /// <summary>The SQLite migrations (ids and namespace as they were in Core, so existing stores see them as applied).</summary>
    public const string SqliteMigrationsAssembly = "DisplacementDashboard.Migrations.Sqlite";

    /// <summary>The PostgreSQL migrations.</summary>
    public const string PostgresMigrationsAssembly = "DisplacementDashboard.Migrations.Postgres";

    /// <summary>Configures <paramref name="options"/> for <paramref name="provider"/> on <paramref name="connectionString"/>.</summary>
    public static TBuilder UseDashboardStore<TBuilder>(this TBuilder options, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder =>
        provider switch
        {
            DatabaseProvider.Sqlite => options.UseDashboardSqlite(connectionString),
            DatabaseProvider.Postgres => options.UseDashboardPostgres(connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown store provider."),
        };

    /// <summary>
    /// SQLite with its migrations and pragmas. Also used for a store that is not the configured one yet (a restore
    /// migrates its copy before putting it in place).
    /// </summary>
    public static TBuilder UseDashboardSqlite<TBuilder>(this TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)).AddInterceptors(new SqlitePragmaInterceptor());
        return options;
    }

    /// <summary>PostgreSQL with its migrations.</summary>
    public static TBuilder UseDashboardPostgres<TBuilder>(this TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        return options;
    }
}
