using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Storage;
using DisplacementDashboard.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>
/// The store's services as the app builds them on PostgreSQL (<c>Database:Provider=postgres</c>), over a database of
/// its own on the tests' server: what the backup and restore verbs run on there.
/// </summary>
public sealed class ConfiguredPostgresStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly PostgresServer _server;

    private ConfiguredPostgresStore(PostgresServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [DatabaseProviders.SettingName] = "postgres",
                ["ConnectionStrings:Dashboard"] = connectionString,
            })
            .Build();
        _services = new ServiceCollection().AddLogging().AddDashboardData(configuration, Path.GetTempPath()).BuildServiceProvider();
    }

    public string ConnectionString { get; }

    public string Database => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    public StoreBackup Backup => _services.GetRequiredService<StoreBackup>();

    /// <summary>A store whose database does not exist yet.</summary>
    public static async Task<ConfiguredPostgresStore> WithoutDatabaseAsync()
    {
        var server = await PostgresServer.GetAsync();
        return new(server, server.ConnectionString("dd_" + Guid.NewGuid().ToString("N")));
    }

    /// <summary>A new database, migrated and seeded the way the app does at start-up.</summary>
    public static async Task<ConfiguredPostgresStore> SeededAsync()
    {
        var server = await PostgresServer.GetAsync();
        var store = new ConfiguredPostgresStore(server, await server.CreateDatabaseAsync());
        await store._services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        store.Close();
        return store;
    }

    /// <summary>Closes this process's idle pooled connections to the store, as a stopped app would have.</summary>
    public void Close() => NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));

    /// <summary>Runs <paramref name="sql"/> on <paramref name="database"/> (the store's by default), outside the pool.</summary>
    public async Task<object?> ScalarAsync(string sql, string? database = null)
    {
        await using var connection = Open(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>An unpooled connection to <paramref name="database"/> (the store's by default), not yet open.</summary>
    public NpgsqlConnection Open(string? database = null) =>
        new(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database ?? Database, Pooling = false }.ToString());

    /// <summary>The databases on the server whose names start with the store's (the store and what a restore leaves beside it).</summary>
    public async Task<IReadOnlyList<string>> DatabasesAsync()
    {
        await using var connection = Open("postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @stem) ORDER BY datname", connection);
        command.Parameters.AddWithValue("stem", Database[..Math.Min(Database.Length, 20)]);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// Every table of <paramref name="database"/> (the store's by default) as its row count and a digest of every row
    /// in order, plus the user-defined triggers: what a restore must bring back exactly.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ContentAsync(string? database = null)
    {
        await using var connection = Open(database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var content = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*)::text || ' rows, ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM \"{table}\" t", connection);
            content[table] = (string)(await command.ExecuteScalarAsync())!;
        }

        await using (var command = new NpgsqlCommand("SELECT string_agg(tgrelid::regclass::text || '.' || tgname, ', ' ORDER BY tgrelid::regclass::text, tgname) FROM pg_trigger WHERE NOT tgisinternal", connection))
        {
            content["(triggers)"] = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? "";
        }

        return content;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        foreach (var name in await DatabasesAsync())
        {
            await _server.DropDatabaseAsync(_server.ConnectionString(name));
        }
    }
}
