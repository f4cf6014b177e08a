using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DisplacementDashboard.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL server for the tests, started from the installed server binaries (Debian's
/// <c>postgresql</c> package): <c>initdb</c> on a temporary folder, trust authentication, listening on a free loopback
/// port with its socket in that folder. One server per test process, started on first use and stopped when the process
/// exits; each test store is a database of its own (<see cref="CreateDatabaseAsync"/>). As root (CI) the server runs as
/// the <c>postgres</c> user through <c>runuser</c>, since initdb refuses root. Without the binaries this throws with
/// what to install: the PostgreSQL tests fail, they are never skipped.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _root;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresServer(string root, string bin, bool asPostgresUser, int port)
    {
        _root = root;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The process's server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ToString();

    /// <summary>Creates an empty database with a new name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "dd_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever still uses it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The newest <c>/usr/lib/postgresql/N/bin</c> that has initdb, or <c>DD_POSTGRES_BIN</c>.</summary>
    public static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("DD_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "The PostgreSQL tests need the PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb), which are not installed. " +
            "Install them with `apt-get install postgresql` (Debian; .ci/run does this), or set DD_POSTGRES_BIN to the folder that holds initdb and pg_ctl.");
        var asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("dd-pg-").FullName;
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:", root], asPostgresUser: false);
        }

        var port = FreePort();
        var server = new PostgresServer(root, bin, asPostgresUser, port);
        await server.RunServerToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        await server.RunServerToolAsync("pg_ctl", [
            "-D", server.DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port.ToString(CultureInfo.InvariantCulture)} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private string DataDirectory => Path.Combine(_root, "data");

    private void Stop()
    {
        try
        {
            RunServerToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The folder is in the temp directory; the results stand.
        }
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments], asPostgresUser: true)
            : RunAsync(Path.Combine(_bin, tool), arguments, asPostgresUser: false);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // runuser keeps the working directory; the postgres user may not be allowed into the test's.
            WorkingDirectory = asPostgresUser ? "/" : Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
