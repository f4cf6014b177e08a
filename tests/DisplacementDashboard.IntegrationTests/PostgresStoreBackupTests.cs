using System.Data.Common;
using DisplacementDashboard.Core.Storage;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Npgsql;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>
/// Backup and restore of a PostgreSQL store on the tests' real server, with pg_dump and pg_restore: the round trip
/// with the revision guards, and every refusal changing nothing (no database left behind, the store as it was).
/// </summary>
public sealed class PostgresStoreBackupTests
{
    private const string ChangeAfterBackup = """
        UPDATE "Sources" SET "Title" = 'changed after the backup';
        INSERT INTO "AspNetRoles" ("Id", "Name", "NormalizedName") VALUES ('after-backup', 'After', 'AFTER');
        """;

    [Fact]
    public async Task Backup_ThenChanges_ThenRestore_BringsEveryRowBack_KeepsTheChangedStoreAside_AndTheRevisionGuardsStillRefuse()
    {
        await using var store = await ConfiguredPostgresStore.SeededAsync();
        using var files = new TempFolder();
        var original = await store.ContentAsync();

        var backup = await store.Backup.BackupAsync(files.File("store.dump"), overwrite: false);
        Assert.True(backup.Succeeded, backup.Message);
        await store.ScalarAsync(ChangeAfterBackup);
        var changed = await store.ContentAsync();
        store.Close();
        var refused = await store.Backup.RestoreAsync(files.File("store.dump"), overwrite: false);
        var restore = await store.Backup.RestoreAsync(files.File("store.dump"), overwrite: true);

        Assert.Equal(StoreRefusal.StoreHoldsData, refused.Refusal);
        Assert.True(restore.Succeeded, restore.Message);
        Assert.Equal(["store.dump"], files.Files()); // no temporary file beside it
        Assert.Equal(original, await store.ContentAsync());
        Assert.NotEqual(original["Sources"], changed["Sources"]);
        string[] covered = ["Figures", "Revisions", "Sources", "Events", "SourceFigureCounts", "__EFMigrationsHistory"];
        Assert.All(covered, t => Assert.False(original[t].StartsWith("0 rows", StringComparison.Ordinal), $"{t}: {original[t]}"));
        Assert.Contains("Revisions", original["(triggers)"], StringComparison.Ordinal);

        var summary = restore.Summary!;
        Assert.Equal(backup.Summary!.Counts, summary.Counts);
        Assert.Empty(summary.MigrationsApplied);
        Assert.Equal($"database \"{store.Database}\" on 127.0.0.1:{(await Tests.Shared.PostgresServer.GetAsync()).Port}", summary.StorePath);
        var side = Assert.Single(await store.DatabasesAsync(), d => d != store.Database);
        Assert.Equal($"database \"{side}\"", summary.ReplacedStoreCopy);
        Assert.StartsWith(store.Database[..20], side, StringComparison.Ordinal);
        Assert.Contains("_before_restore_", side, StringComparison.Ordinal);
        Assert.Equal(changed, await store.ContentAsync(side));

        // The restored revisions are still guarded: the triggers came back with the rows.
        await using var connection = store.Open();
        await connection.OpenAsync();
        foreach (var sql in new[] { """UPDATE "Revisions" SET "Reason" = 'rewritten'""", """DELETE FROM "Revisions" """ })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
        }

        Assert.Equal(original["Revisions"], (await store.ContentAsync())["Revisions"]);
    }

    [Fact]
    public async Task Restore_IntoADatabaseThatDoesNotExist_CreatesIt_WithNothingToReplace()
    {
        await using var source = await ConfiguredPostgresStore.SeededAsync();
        await using var target = await ConfiguredPostgresStore.WithoutDatabaseAsync();
        using var files = new TempFolder();

        var backup = await source.Backup.BackupAsync(files.File("store.dump"), overwrite: false);
        var restore = await target.Backup.RestoreAsync(files.File("store.dump"), overwrite: false);

        Assert.True(backup.Succeeded, backup.Message);
        Assert.True(restore.Succeeded, restore.Message);
        Assert.Null(restore.Summary!.ReplacedStoreCopy);
        Assert.Equal([target.Database], await target.DatabasesAsync());
        Assert.Equal(await source.ContentAsync(), await target.ContentAsync());
    }

    public static TheoryData<string, StoreRefusal> UnusableFiles => new()
    {
        { "csv", StoreRefusal.NotADatabase },
        { "sqlite", StoreRefusal.NotADatabase },
        { "truncated dump", StoreRefusal.Damaged },
        { "dump of another database", StoreRefusal.NotThisApp },
    };

    [Theory]
    [MemberData(nameof(UnusableFiles))]
    public async Task Restore_FromAFileThatIsNotADumpOfTheStore_IsRefused_AndChangesNothing(string kind, StoreRefusal expected)
    {
        await using var store = await ConfiguredPostgresStore.SeededAsync();
        using var files = new TempFolder();
        var file = files.File("bad");
        switch (kind)
        {
            case "csv":
                await File.WriteAllTextAsync(file, "date,value\n2023-09-30,100617\n");
                break;
            case "sqlite":
                await File.WriteAllBytesAsync(file, [.. "SQLite format 3\0"u8, .. new byte[4080]]);
                break;
            case "truncated dump":
                Assert.True((await store.Backup.BackupAsync(files.File("whole.dump"), overwrite: false)).Succeeded);
                var whole = await File.ReadAllBytesAsync(files.File("whole.dump"));
                await File.WriteAllBytesAsync(file, whole[..(whole.Length / 2)]);
                break;
            default:
                await using (var other = await ConfiguredPostgresStore.WithoutDatabaseAsync())
                {
                    await store.ScalarAsync($"CREATE DATABASE \"{other.Database}\"", "postgres");
                    await other.ScalarAsync("CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'not a store')");
                    var dumped = await PostgresTools.RunAsync(PostgresTools.Find("pg_dump", out _)!, ["--format=custom", $"--file={file}"], other.ConnectionString, other.Database, CancellationToken.None);
                    Assert.True(dumped.ExitCode == 0, dumped.Error);
                }

                break;
        }

        var before = await store.ContentAsync();
        store.Close();

        var restore = await store.Backup.RestoreAsync(file, overwrite: true);

        Assert.False(restore.Succeeded);
        Assert.Equal(expected, restore.Refusal);
        Assert.EndsWith("Nothing was changed.", restore.Message, StringComparison.Ordinal);
        Assert.Equal([store.Database], await store.DatabasesAsync());
        Assert.Equal(before, await store.ContentAsync());
    }

    [Fact]
    public async Task Restore_WhileAnotherSessionIsConnected_IsRefused_AndSucceedsOnceItIsClosed()
    {
        await using var store = await ConfiguredPostgresStore.SeededAsync();
        using var files = new TempFolder();
        Assert.True((await store.Backup.BackupAsync(files.File("store.dump"), overwrite: false)).Succeeded);
        await store.ScalarAsync(ChangeAfterBackup);
        var changed = await store.ContentAsync();

        StoreOutcome<RestoreSummary> whileOpen;
        await using (var app = store.Open())
        {
            await app.OpenAsync();
            whileOpen = await store.Backup.RestoreAsync(files.File("store.dump"), overwrite: true);
        }

        var databases = await store.DatabasesAsync();
        var content = await store.ContentAsync();
        var afterClose = await store.Backup.RestoreAsync(files.File("store.dump"), overwrite: true);

        Assert.Equal(StoreRefusal.StoreInUse, whileOpen.Refusal);
        Assert.Contains("Stop the app", whileOpen.Message, StringComparison.Ordinal);
        Assert.Equal([store.Database], databases);
        Assert.Equal(changed, content);
        Assert.True(afterClose.Succeeded, afterClose.Message);
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_IsRefusedWithoutOverwrite_AndTheFileIsKept()
    {
        await using var store = await ConfiguredPostgresStore.SeededAsync();
        using var files = new TempFolder();
        await File.WriteAllTextAsync(files.File("kept.dump"), "precious");

        var refused = await store.Backup.BackupAsync(files.File("kept.dump"), overwrite: false);
        var forced = await store.Backup.BackupAsync(files.File("kept.dump"), overwrite: true);

        Assert.Equal(StoreRefusal.TargetExists, refused.Refusal);
        Assert.True(forced.Succeeded, forced.Message);
        Assert.Equal(["kept.dump"], files.Files());
        Assert.Equal(new FileInfo(files.File("kept.dump")).Length, forced.Summary!.Bytes);
        Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(files.File("kept.dump")))[..5]));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.File("kept.dump")));
        }
    }
}
