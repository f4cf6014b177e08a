using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// <c>backup --to FILE [--force]</c> and <c>restore --from FILE [--force]</c>: the store named by
/// <c>ConnectionStrings:Dashboard</c> to a file and back (<see cref="StoreBackup"/> does the work). A backup may run
/// while the app serves; a restore refuses while the app has the store open. Exit codes: 0 done, 1 refused or failed
/// (nothing changed), 2 wrong usage. The result line alone goes to standard output; reasons, notes and logs to
/// standard error.
/// </summary>
public static class BackupCommand
{
    public const string BackupName = "backup";
    public const string RestoreName = "restore";

    private const string Force = "--force";

    /// <summary>True when <paramref name="args"/> name one of these commands.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is BackupName or RestoreName;

    /// <summary>Runs <c>backup</c> or <c>restore</c> and returns the exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output, TextWriter error)
    {
        var restoring = args[0] == RestoreName;
        if (!TryParse(args, restoring ? "--from" : "--to", out var path, out var force))
        {
            await error.WriteLineAsync(restoring
                ? $"Usage: {RestoreName} --from FILE [{Force}]   (stop the app first; {Force} replaces a store that holds data, kept beside it as a side copy)"
                : $"Usage: {BackupName} --to FILE [{Force}]   (safe while the app runs; {Force} replaces an existing FILE)");
            return 2;
        }

        // On PostgreSQL the keys are rows of the store (DataProtectionHosting), so they are in the dump.
        var keys = app.Services.GetRequiredService<IOptions<DashboardDataOptions>>().Value.Provider == DatabaseProvider.Postgres
            ? null
            : DataProtectionHosting.KeysDirectory(app.Configuration, app.Environment.ContentRootPath);
        var stores = app.Services.GetRequiredService<StoreBackup>();
        try
        {
            return restoring
                ? await RestoreAsync(stores, path, force, keys, output, error, app.Lifetime.ApplicationStopping)
                : await BackupAsync(stores, path, force, keys, output, error, app.Lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or NpgsqlException or OptionsValidationException)
        {
            await error.WriteLineAsync($"{(restoring ? "Restore" : "Backup")} failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(StoreBackup stores, string path, bool force, string? keys, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var outcome = await stores.BackupAsync(path, force, cancellationToken);
        if (outcome.Summary is not { } backup)
        {
            var hint = outcome.Refusal == StoreRefusal.TargetExists ? $" Pass {Force} to replace it." : "";
            await error.WriteLineAsync($"Not backed up: {outcome.Message}{hint}");
            return 1;
        }

        await error.WriteLineAsync(keys is null
            ? "The Data Protection keys are in this file (the DataProtectionKeys table): keep it as private as the database."
            : $"The Data Protection keys are not in this file: back up {keys} as well (without it, sign-in cookies and any password-reset links issued before stop working; nothing else is lost).");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Backup written to {backup.BackupPath}: {backup.Bytes} bytes; {backup.Counts.Describe()}."));
        return 0;
    }

    private static async Task<int> RestoreAsync(StoreBackup stores, string path, bool force, string? keys, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var outcome = await stores.RestoreAsync(path, force, cancellationToken);
        if (outcome.Summary is not { } restore)
        {
            var hint = outcome.Refusal == StoreRefusal.StoreHoldsData ? $" Pass {Force} to replace it (it is kept beside it as a side copy)." : "";
            await error.WriteLineAsync($"Not restored: {outcome.Message}{hint}");
            return 1;
        }

        if (keys is not null)
        {
            await error.WriteLineAsync($"The Data Protection keys are not part of the store: on a new server, put the keys folder from the same backup into {keys} (without it, sign-in cookies and any password-reset links issued before stop working; nothing else is lost).");
        }

        var migrated = restore.MigrationsApplied.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {restore.MigrationsApplied.Count} migrations applied");
        var replaced = restore.ReplacedStoreCopy is { } side ? $"the replaced store is kept as {side}" : "there was no store to replace";
        await output.WriteLineAsync($"Store {restore.StorePath} restored from {restore.SourcePath}: {restore.Counts.Describe()}{migrated}; {replaced}.");
        return 0;
    }

    /// <summary>Exactly one <paramref name="pathOption"/> with a value, <c>--force</c> at most once, nothing else.</summary>
    private static bool TryParse(string[] args, string pathOption, out string path, out bool force)
    {
        path = "";
        force = false;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == Force && !force)
            {
                force = true;
            }
            else if (args[i] == pathOption && path.Length == 0 && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Trim().Length > 0)
            {
                path = args[++i];
            }
            else
            {
                return false;
            }
        }

        return path.Length > 0;
    }
}
