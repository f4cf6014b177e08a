using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The store's services as the app builds them (<c>AddDashboardData</c> with <c>ConnectionStrings:Dashboard</c> set to a
/// relative <c>dashboard.db</c>, resolved against a temp folder as the content root), without the web app: what the
/// backup and restore verbs run on.
/// </summary>
public sealed class ConfiguredStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ConfiguredStore(string directory, TimeProvider? clock)
    {
        Directory = directory;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Dashboard"] = "Data Source=dashboard.db" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddDashboardData(configuration, directory);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        _services = services.BuildServiceProvider();
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "dashboard.db");

    public StoreBackup Backup => _services.GetRequiredService<StoreBackup>();

    /// <summary>A store in a new temp folder, with no file yet; <paramref name="clock"/> stamps side copies.</summary>
    public static ConfiguredStore InNewFolder(TimeProvider? clock = null) =>
        new(System.IO.Directory.CreateTempSubdirectory("dd-store-").FullName, clock);

    /// <summary>A new store, migrated and seeded the way the app does at start-up.</summary>
    public static async Task<ConfiguredStore> SeededAsync(TimeProvider? clock = null)
    {
        var store = InNewFolder(clock);
        await store._services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return store;
    }

    /// <summary>Closes this process's idle pooled connections to the store, as a stopped app would have.</summary>
    public void Close()
    {
        var connectionString = _services.GetRequiredService<IOptions<DashboardDataOptions>>().Value.ConnectionString;
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
    }

    /// <summary>Runs <paramref name="sql"/> on the store and closes the connection (outside the pool).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The names of the files in the store's folder (what a refused operation must leave as it was).</summary>
    public IReadOnlyList<string> Files() =>
        System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; the results stand.
        }
    }
}
