using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace DisplacementDashboard.Core.Storage;

/// <summary>
/// PostgreSQL's own client programs (<c>pg_dump</c>, <c>pg_restore</c>), found the way the tests find the server's:
/// the folder named by <c>DD_POSTGRES_BIN</c>, else the newest <c>/usr/lib/postgresql/N/bin</c> that has the tool
/// (Debian's layout; the newest reads dumps of every older server), else the <c>PATH</c>. They are given the
/// connection through libpq's environment variables (<c>PGHOST</c>, <c>PGPASSWORD</c>, ...), never on the command line,
/// where any user of the machine could read the password in the process list.
/// </summary>
public static class PostgresTools
{
    /// <summary>The variable that names the folder holding the PostgreSQL programs.</summary>
    public const string BinVariable = "DD_POSTGRES_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The full path of <paramref name="tool"/>, or null with <paramref name="missing"/> saying what to install.</summary>
    public static string? Find(string tool, out string missing)
    {
        missing = "";
        if (Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } configured)
        {
            var named = Path.Combine(configured, tool);
            if (File.Exists(named))
            {
                return named;
            }

            missing = $"{tool} is not in {configured} (the folder {BinVariable} names).";
            return null;
        }

        if (Directory.Exists(DebianRoot))
        {
            var newest = Directory.GetDirectories(DebianRoot)
                .Select(d => (Path: System.IO.Path.Combine(d, "bin", tool), Version: int.TryParse(System.IO.Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(d => File.Exists(d.Path))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, tool))
            .FirstOrDefault(File.Exists);
        if (onPath is null)
        {
            missing = $"{tool} was not found (in {DebianRoot}/*/bin or on the PATH). Install PostgreSQL's client programs " +
                $"(Debian: `apt-get install postgresql-client`), or set {BinVariable} to the folder that holds {tool}.";
        }

        return onPath;
    }

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/> against the server and database of
    /// <paramref name="connectionString"/> (database replaced by <paramref name="database"/> when given).
    /// Returns the exit code, standard output and standard error.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string tool, IReadOnlyList<string> arguments, string connectionString, string? database, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in LibpqEnvironment(connectionString, database))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new IOException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, (await error).Trim());
    }

    /// <summary>libpq's environment for the connection: null values remove a variable inherited from this process.</summary>
    private static IEnumerable<(string Name, string? Value)> LibpqEnvironment(string connectionString, string? database)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        yield return ("PGHOST", builder.Host);
        yield return ("PGPORT", builder.Port.ToString(CultureInfo.InvariantCulture));
        yield return ("PGDATABASE", database ?? builder.Database);
        yield return ("PGUSER", builder.Username);
        yield return ("PGPASSWORD", builder.Password);
        yield return ("PGPASSFILE", builder.Passfile);
        yield return ("PGSSLMODE", builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        yield return ("PGSSLROOTCERT", builder.RootCertificate);
        yield return ("PGCONNECT_TIMEOUT", builder.Timeout.ToString(CultureInfo.InvariantCulture));
        yield return ("PGAPPNAME", "DisplacementDashboard backup");
        // A service file or libpq options from this process's environment would override what the store is configured with.
        yield return ("PGSERVICE", null);
        yield return ("PGOPTIONS", null);
    }
}
