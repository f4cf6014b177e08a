using System.Globalization;
using DisplacementDashboard.EndToEndTests.Infrastructure;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The command-line verbs are for scripts: the result alone on standard output, everything else on standard error.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task CreateAdmin_PrintsOnlyItsResultOnStandardOutput_AndLogsOnStandardError()
    {
        var directory = AppProcess.NewDirectory();

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(
            directory, "a long enough password", null, "create-admin", "--email", "script@example.org");

        Assert.Equal(0, exitCode);
        Assert.Equal("Admin account created for script@example.org. Sign in at /account/login.", output.Trim());
        Assert.Contains("Password for script@example.org", errors, StringComparison.Ordinal);
        Assert.Contains("Store ready", errors, StringComparison.Ordinal); // the start-up log line
    }

    [Fact]
    public async Task CreateAdmin_Refused_PrintsNothingOnStandardOutput_AndExitsOne()
    {
        var directory = AppProcess.NewDirectory();

        var (exitCode, output, errors) = await AppProcess.RunCommandSeparatelyAsync(
            directory, "short", null, "create-admin", "--email", "weak@example.org");

        Assert.Equal(1, exitCode);
        Assert.Equal("", output.Trim());
        Assert.Contains("Not created:", errors, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunAsync(string directory, params string[] args) =>
        AppProcess.RunCommandSeparatelyAsync(directory, "", null, args);

    private static async Task<string> StoreWithAnAdminAsync()
    {
        var directory = AppProcess.NewDirectory();
        var (exitCode, _, errors) = await AppProcess.RunCommandSeparatelyAsync(directory, "a long enough password", null, "create-admin", "--email", "backup@example.org");
        Assert.True(exitCode == 0, errors);
        return directory;
    }

    private static string OnlyLine(string output) =>
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [Fact]
    public async Task Backup_PrintsOneResultLine_RefusesAnExistingFileWithoutForce_AndRejectsWrongUsage()
    {
        var directory = await StoreWithAnAdminAsync();
        var file = Path.Combine(AppProcess.NewDirectory(), "dashboard-backup.db");

        var written = await RunAsync(directory, "backup", "--to", file);
        var bytes = new FileInfo(file).Length;
        var again = await RunAsync(directory, "backup", "--to", file);
        var forced = await RunAsync(directory, "backup", "--to", file, "--force");
        var noFile = await RunAsync(directory, "backup");
        var unknownOption = await RunAsync(directory, "backup", "--to", file, "--compress");

        Assert.Equal(0, written.ExitCode);
        var line = OnlyLine(written.Output);
        Assert.StartsWith($"Backup written to {file}: {bytes.ToString(CultureInfo.InvariantCulture)} bytes; figures ", line, StringComparison.Ordinal);
        Assert.EndsWith(", accounts 1.", line, StringComparison.Ordinal);
        Assert.Contains($"Backup of {Path.Combine(directory, "dashboard.db")} written to {file}", written.Errors, StringComparison.Ordinal); // the log line
        Assert.Contains($"back up {Path.Combine(directory, "keys")} as well", written.Errors, StringComparison.Ordinal);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("", again.Output.Trim());
        Assert.Contains($"Not backed up: {file} already exists. Pass --force to replace it.", again.Errors, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.StartsWith($"Backup written to {file}: ", OnlyLine(forced.Output), StringComparison.Ordinal);

        foreach (var usage in new[] { noFile, unknownOption })
        {
            Assert.Equal(2, usage.ExitCode);
            Assert.Equal("", usage.Output.Trim());
            Assert.Contains("Usage: backup --to FILE [--force]", usage.Errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Restore_IntoANewStore_PrintsOneResultLine_RefusesOverDataWithoutForce_AndKeepsTheReplacedStore()
    {
        var source = await StoreWithAnAdminAsync();
        var files = AppProcess.NewDirectory();
        var file = Path.Combine(files, "dashboard-backup.db");
        var notADatabase = Path.Combine(files, "figures.csv");
        await File.WriteAllTextAsync(notADatabase, "date,value\n2023-09-30,100617\n");
        var backedUp = await RunAsync(source, "backup", "--to", file);
        Assert.True(backedUp.ExitCode == 0, backedUp.Errors);
        var target = AppProcess.NewDirectory();
        var store = Path.Combine(target, "dashboard.db");

        var first = await RunAsync(target, "restore", "--from", file);
        var again = await RunAsync(target, "restore", "--from", file);
        var forced = await RunAsync(target, "restore", "--from", file, "--force");
        var refused = await RunAsync(target, "restore", "--from", notADatabase, "--force");
        var usage = await RunAsync(target, "restore", "--to", file);

        Assert.Equal(0, first.ExitCode);
        var counts = OnlyLine(backedUp.Output)[(OnlyLine(backedUp.Output).IndexOf("figures ", StringComparison.Ordinal))..].TrimEnd('.');
        Assert.Equal($"Store {store} restored from {file}: {counts}; there was no store to replace.", OnlyLine(first.Output));

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("", again.Output.Trim());
        Assert.Contains($"The store at {store} already holds data", again.Errors, StringComparison.Ordinal);
        Assert.Contains("Pass --force", again.Errors, StringComparison.Ordinal);

        Assert.Equal(0, forced.ExitCode);
        var side = Assert.Single(Directory.GetFiles(target, "dashboard.db.before-restore-*"));
        Assert.Equal($"Store {store} restored from {file}: {counts}; the replaced store is kept as {side}.", OnlyLine(forced.Output));

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Output.Trim());
        Assert.Contains($"Not restored: {notADatabase} is not a SQLite database. Nothing was changed.", refused.Errors, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Equal("", usage.Output.Trim());
        Assert.Contains("Usage: restore --from FILE [--force]", usage.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileTheAppRuns_BackupSucceeds_AndRestoreIsRefused()
    {
        await using var app = await AppProcess.StartAsync();
        var file = Path.Combine(AppProcess.NewDirectory(), "live.db");

        var backup = await RunAsync(app.Directory, "backup", "--to", file);
        var restore = await RunAsync(app.Directory, "restore", "--from", file, "--force");

        Assert.True(backup.ExitCode == 0, backup.Errors);
        Assert.StartsWith($"Backup written to {file}: ", OnlyLine(backup.Output), StringComparison.Ordinal);
        Assert.Equal(1, restore.ExitCode);
        Assert.Equal("", restore.Output.Trim());
        Assert.Contains("is open in another process", restore.Errors, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(app.Directory, "*.before-restore-*"));
    }
}
