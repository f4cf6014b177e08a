using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Core.Seeding;
using DisplacementDashboard.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Data;

/// <summary>Registers the store, its start-up initialisation and the read services.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SQLite store (one context per operation via <see cref="IDbContextFactory{TContext}"/>),
    /// the seeder and the figure queries. <paramref name="contentRoot"/> anchors a relative database path.
    /// </summary>
    public static IServiceCollection AddDashboardData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<DashboardDataOptions>()
            .Bind(configuration.GetSection(DashboardDataOptions.SectionName))
            .Configure(o => o.ConnectionString = ResolveConnectionString(configuration.GetConnectionString("Dashboard"), contentRoot))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Pooled: a context's internal services are kept and reset between operations, which takes EF's fixed
        // cost of creating and opening a context from about 150 to about 50 microseconds (docs/performance.md).
        services.AddPooledDbContextFactory<DashboardDbContext>((sp, options) =>
        {
            var data = sp.GetRequiredService<IOptions<DashboardDataOptions>>().Value;
            options.UseDashboardSqlite(data.ConnectionString);
        });
        // ASP.NET Core Identity's stores take the context from the request or circuit scope; it is rented from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SeedReader>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<IFigureQueries, FigureQueries>();
        services.AddSingleton<HistoryQueries>();
        services.AddSingleton<RetractedFigureQueries>();
        services.AddSingleton<FigureChangeNotifier>();
        services.AddSingleton<FigureEditor>();
        services.AddSingleton<FormLookupQueries>();
        services.AddSingleton<SourceEditor>();
        services.AddSingleton<ReportImport>();
        services.AddSingleton<EventEditor>();
        services.AddSingleton<StoreBackup>();
        services.AddOptions<EditingOptions>()
            .Bind(configuration.GetSection(EditingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Dashboard models are cached until the next committed change (FigureChangeNotifier); the uncached
        // DashboardService stays resolvable for measurements (tests/DisplacementDashboard.Benchmarks).
        services.AddSingleton<DashboardService>();
        services.AddSingleton<IDashboardService, CachedDashboardService>();
        return services;
    }

    /// <summary>
    /// The store's EF options on <paramref name="connectionString"/>: SQLite with the pragmas every connection needs
    /// (<see cref="SqlitePragmaInterceptor"/>). Also used for a store that is not the configured one yet (a restore
    /// migrates its copy before putting it in place).
    /// </summary>
    internal static TBuilder UseDashboardSqlite<TBuilder>(this TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmaInterceptor());
        return options;
    }

    /// <summary>Makes a relative SQLite file path absolute under the content root and creates its folder.</summary>
    public static string ResolveConnectionString(string? configured, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return "";
        }

        var builder = new SqliteConnectionStringBuilder(configured);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }
}
