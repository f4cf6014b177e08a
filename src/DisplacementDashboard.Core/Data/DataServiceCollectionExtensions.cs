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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Core.Data;

/// <summary>Registers the store, its start-up initialisation and the read services.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Adds the store (SQLite or PostgreSQL, <c>Database:Provider</c>; one context per operation via <see cref="IDbContextFactory{TContext}"/>),
    /// the seeder and the figure queries. <paramref name="contentRoot"/> anchors a relative database path.
    /// </summary>
    public static IServiceCollection AddDashboardData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        // Read now, not lazily: an unknown provider stops the start with its value named.
        var provider = DatabaseProviders.Parse(configuration[DatabaseProviders.SettingName]);
        services.AddOptions<DashboardDataOptions>()
            .Bind(configuration.GetSection(DashboardDataOptions.SectionName))
            .Configure(o =>
            {
                o.Provider = provider;
                o.ConnectionString = provider == DatabaseProvider.Sqlite
                    ? ResolveConnectionString(configuration.GetConnectionString("Dashboard"), contentRoot)
                    : configuration.GetConnectionString("Dashboard") ?? "";
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Pooled: a context's internal services are kept and reset between operations, which takes EF's fixed
        // cost of creating and opening a context from about 150 to about 50 microseconds (docs/performance.md).
        services.AddPooledDbContextFactory<DashboardDbContext>((sp, options) =>
        {
            var data = sp.GetRequiredService<IOptions<DashboardDataOptions>>().Value;
            options.UseDashboardStore(data.Provider, data.ConnectionString);
        });
        // ASP.NET Core Identity's stores take the context from the request or circuit scope; it is rented from the same pool.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SeedReader>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<IFigureQueries, FigureQueries>();
        services.AddSingleton<HistoryQueries>();
        services.AddSingleton<ChangeQueries>();
        services.AddSingleton<RetractedFigureQueries>();
        services.AddSingleton<FigureChangeNotifier>();
        if (provider == DatabaseProvider.Postgres)
        {
            // Several nodes may share the store: change notices go between them through LISTEN/NOTIFY. The notifier
            // takes the broadcast through its second constructor.
            services.AddSingleton<PostgresChangeChannel>();
            services.AddSingleton<IChangeBroadcast>(sp => sp.GetRequiredService<PostgresChangeChannel>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeChannel>());
        }

        services.AddSingleton<Plausibility>();
        services.AddSingleton<FigureEditor>();
        services.AddSingleton<FigureVerifier>();
        services.AddSingleton<FormLookupQueries>();
        services.AddSingleton<SourceEditor>();
        services.AddSingleton<ReferenceEditor>();
        services.AddSingleton<ReportImport>();
        services.AddSingleton<EventEditor>();
        services.AddSingleton<StoreBackup>();
        services.AddOptions<EditingOptions>()
            .Bind(configuration.GetSection(EditingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Dashboard models are cached until the next committed change (FigureChangeNotifier); the uncached
        // DashboardService stays resolvable for measurements (tests/DisplacementDashboard.Benchmarks).
        services.TryAddSingleton<Csv.FigureRecordReader>();
        services.AddSingleton<History.HistoricalFigures>();
        services.AddSingleton<DashboardService>();
        services.AddSingleton<IDashboardService, CachedDashboardService>();
        return services;
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
