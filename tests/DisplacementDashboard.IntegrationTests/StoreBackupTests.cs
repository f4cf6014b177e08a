using System.Globalization;
using System.Net;
using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Storage;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Backup and restore of the SQLite store on real files: the drill, and every refusal changing nothing.</summary>
public sealed class StoreBackupTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static async Task<string> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }

    /// <summary>A store with history in every table people care about, written through the app's own services.</summary>
    private async Task WriteHistoryAsync()
    {
        var admin = await Staff.CreateAsync(factory.Services, "drill-admin@example.org", StaffRoles.Editor, StaffRoles.Admin);
        var editor = await Staff.CreateAsync(factory.Services, "drill-editor@example.org", StaffRoles.Editor);
        await Staff.CreateAsync(factory.Services, "drill-leaver@example.org", StaffRoles.Editor);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var leaver = await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("drill-leaver@example.org");
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<StaffDirectory>().SetDisabledAsync(admin, leaver!.Id, disabled: true));
        }

        var sources = factory.Services.GetRequiredService<SourceEditor>();
        var source = await sources.CreateAsync(editor, new SourceInput { Title = "Drill briefing", Publisher = "Armenpress", Url = "https://example.org/drill", Kind = SourceKind.Government });
        var (sourceInput, sourceVersion) = (await sources.LoadAsync(source.Id!.Value))!.Value;
        sourceInput.Title = "Drill briefing (corrected)";
        Assert.Equal(EditStatus.Saved, (await sources.CorrectAsync(editor, source.Id.Value, sourceVersion, sourceInput, "title as published")).Status);

        var events = factory.Services.GetRequiredService<EventEditor>();
        var evt = await events.CreateAsync(editor, new EventInput { Date = new DateOnly(2023, 10, 3), Title = "Drill event", SourceId = source.Id });
        var (eventInput, eventVersion) = (await events.LoadAsync(evt.Id!.Value))!.Value;
        eventInput.Description = "corrected in the drill";
        Assert.Equal(EditStatus.Saved, (await events.CorrectAsync(editor, evt.Id.Value, eventVersion, eventInput, "description added")).Status);

        var figures = factory.Services.GetRequiredService<FigureEditor>();
        var input = new FigureInput
        {
            MetricCode = WellKnown.CumulativeArrivals,
            LocationCode = WellKnown.Armenia,
            UnitCode = WellKnown.People,
            Date = new DateOnly(2023, 10, 7),
            Time = new TimeOnly(10, 0),
            ValueText = "100800",
            SourceId = source.Id,
            // Saved past any plausibility warning against the seed: this test is not about them (PlausibilityTests).
            WarningReason = "test figure",
            Note = "entered in the drill",
        };
        var figure = await figures.CreateAsync(editor, input, confirmDuplicate: false);
        Assert.Equal(EditStatus.Saved, figure.Status);
        input.ValueText = "100810";
        Assert.Equal(EditStatus.Saved, (await figures.CorrectAsync(editor, figure.Id!.Value, 1, input, "source revised", confirmDuplicate: false)).Status);
        Assert.Equal(EditStatus.Saved, (await figures.RetractAsync(editor, figure.Id.Value, 2, "duplicate")).Status);
        Assert.Equal(EditStatus.Saved, (await figures.RestoreAsync(admin, figure.Id.Value, 3, "not a duplicate")).Status);
        Assert.Equal(EditStatus.Saved, (await figures.RetractAsync(admin, figure.Id.Value, 4, "withdrawn by the source")).Status);
    }

    [Fact]
    public async Task Drill_BackupOfTheRunningApp_RestoredIntoANewStore_HasEveryTableRowForRow_AccountsAndRevisionsIncluded()
    {
        await WriteHistoryAsync();
        using var files = new TempFolder();

        // The app is running: its pooled connections hold the store open while the backup is taken.
        var backup = await factory.Services.GetRequiredService<StoreBackup>().BackupAsync(files.File("drill.db"), overwrite: false);
        var original = await StoreContent.ReadAsync(factory.DatabasePath);
        await using var fresh = ConfiguredStore.InNewFolder();
        Assert.False(File.Exists(fresh.DatabasePath));
        var restore = await fresh.Backup.RestoreAsync(files.File("drill.db"), overwrite: false);

        Assert.True(backup.Succeeded, backup.Message);
        Assert.True(restore.Succeeded, restore.Message);
        var restored = await StoreContent.ReadAsync(fresh.DatabasePath);
        Assert.Equal(original.Keys, restored.Keys);
        foreach (var table in original.Keys)
        {
            Assert.True(original[table] == restored[table], $"{table}: {original[table]} before, {restored[table]} after the restore");
        }

        // The comparison covers real content, not empty tables.
        string[] covered = ["Figures", "Revisions", "Sources", "Events", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "SourceFigureCounts", "__EFMigrationsHistory", StoreContent.Schema];
        Assert.All(covered, t => Assert.True(original[t].Rows > 0, t));
        var summary = restore.Summary!;
        Assert.Null(summary.ReplacedStoreCopy);
        Assert.Empty(summary.MigrationsApplied);
        Assert.Equal(fresh.DatabasePath, summary.StorePath);
        Assert.Equal(backup.Summary!.Counts, summary.Counts);
        Assert.Equal(new StoreCounts(original["Figures"].Rows, original["Revisions"].Rows, original["Sources"].Rows, original["Events"].Rows, original["AspNetUsers"].Rows), summary.Counts);
        Assert.Equal(new FileInfo(files.File("drill.db")).Length, backup.Summary.Bytes);
        Assert.Equal(["drill.db"], files.Files()); // no temporary file left beside it

        // The app runs on the restored store: the accounts sign in, the disabled one stays disabled.
        await using var onRestored = factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Dashboard", $"Data Source={fresh.DatabasePath}"));
        Assert.Contains(fresh.DatabasePath, onRestored.Services.GetRequiredService<IOptions<DashboardDataOptions>>().Value.ConnectionString, StringComparison.Ordinal);
        using var client = Staff.Client(onRestored);
        Assert.Equal(HttpStatusCode.Redirect, (await Staff.PostLoginAsync(client, "drill-editor@example.org", Staff.Password)).StatusCode);
        using var other = Staff.Client(onRestored);
        var refused = await (await Staff.PostLoginAsync(other, "drill-leaver@example.org", Staff.Password)).Content.ReadAsStringAsync();
        Assert.Contains("This account is disabled", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_WhileAnotherConnectionIsWriting_CopiesOnlyWhatIsCommitted_AndTheWriterCarriesOn()
    {
        await using var store = await ConfiguredStore.SeededAsync();
        using var files = new TempFolder();
        const string FirstSource = "(SELECT MIN(Id) FROM Sources)";
        var title = await ScalarAsync(store.DatabasePath, $"SELECT Title FROM Sources WHERE Id = {FirstSource}");

        await using var writer = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await writer.OpenAsync();
        await using var transaction = writer.BeginTransaction();
        await using (var update = writer.CreateCommand())
        {
            update.CommandText = $"UPDATE Sources SET Title = 'written during the backup' WHERE Id = {FirstSource}";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var during = await store.Backup.BackupAsync(files.File("during.db"), overwrite: false);
        await using (var more = writer.CreateCommand())
        {
            more.CommandText = "UPDATE Sources SET Publisher = 'after the backup' WHERE Id = (SELECT MAX(Id) FROM Sources)";
            Assert.Equal(1, await more.ExecuteNonQueryAsync());
        }

        await transaction.CommitAsync();
        var after = await store.Backup.BackupAsync(files.File("after.db"), overwrite: false);

        Assert.True(during.Succeeded, during.Message);
        Assert.True(after.Succeeded, after.Message);
        Assert.Equal(title, await ScalarAsync(files.File("during.db"), $"SELECT Title FROM Sources WHERE Id = {FirstSource}"));
        Assert.Equal("written during the backup", await ScalarAsync(files.File("after.db"), $"SELECT Title FROM Sources WHERE Id = {FirstSource}"));
        Assert.Equal("after the backup", await ScalarAsync(files.File("after.db"), "SELECT Publisher FROM Sources WHERE Id = (SELECT MAX(Id) FROM Sources)"));
        // Each backup is one self-contained, sound file.
        Assert.Equal(["after.db", "during.db"], files.Files());
        Assert.Equal("ok", await ScalarAsync(files.File("during.db"), "PRAGMA integrity_check"));
        Assert.Equal("delete", await ScalarAsync(files.File("during.db"), "PRAGMA journal_mode"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.File("during.db")));
        }
    }

    [Fact]
    public async Task Backup_ToAnExistingFile_IsRefusedWithoutOverwrite_AndTheFileIsKept()
    {
        await using var store = await ConfiguredStore.SeededAsync();
        using var files = new TempFolder();
        await File.WriteAllTextAsync(files.File("backup.db"), "an older backup, kept");

        var refused = await store.Backup.BackupAsync(files.File("backup.db"), overwrite: false);

        Assert.Equal(StoreRefusal.TargetExists, refused.Refusal);
        Assert.Contains(files.File("backup.db"), refused.Message, StringComparison.Ordinal);
        Assert.Equal("an older backup, kept", await File.ReadAllTextAsync(files.File("backup.db")));
        Assert.Equal(["backup.db"], files.Files());

        var replaced = await store.Backup.BackupAsync(files.File("backup.db"), overwrite: true);

        Assert.True(replaced.Succeeded, replaced.Message);
        Assert.Equal(await StoreContent.ReadAsync(store.DatabasePath), await StoreContent.ReadAsync(files.File("backup.db")));
        Assert.Equal(["backup.db"], files.Files());
    }

    [Fact]
    public async Task Backup_WithoutAStoreFile_OrIntoAMissingFolder_IsRefused_AndCreatesNothing()
    {
        await using var empty = ConfiguredStore.InNewFolder();
        await using var store = await ConfiguredStore.SeededAsync();
        using var files = new TempFolder();

        var noStore = await empty.Backup.BackupAsync(files.File("backup.db"), overwrite: false);
        var noFolder = await store.Backup.BackupAsync(Path.Combine(files.Path, "missing", "backup.db"), overwrite: false);
        var overItself = await store.Backup.BackupAsync(store.DatabasePath, overwrite: true);

        Assert.Equal(StoreRefusal.NoStore, noStore.Refusal);
        Assert.Equal(StoreRefusal.BadPath, noFolder.Refusal);
        Assert.Equal(StoreRefusal.BadPath, overItself.Refusal);
        Assert.Empty(files.Files());
        Assert.False(Directory.Exists(Path.Combine(files.Path, "missing")));
        Assert.Empty(empty.Files()); // the backup did not create an empty store
    }

    public static TheoryData<string, StoreRefusal> UnusableFiles => new()
    {
        { "text", StoreRefusal.NotADatabase },
        { "short", StoreRefusal.NotADatabase },
        { "truncated", StoreRefusal.Damaged },
        { "another app", StoreRefusal.NotThisApp },
        { "newer schema", StoreRefusal.NewerSchema },
    };

    [Theory]
    [MemberData(nameof(UnusableFiles))]
    public async Task Restore_FromAFileThatIsNotAUsableStore_IsRefusedWithAClearMessage_AndChangesNothing(string kind, StoreRefusal expected)
    {
        await using var store = await ConfiguredStore.SeededAsync();
        using var files = new TempFolder();
        var file = files.File("candidate.db");
        var newer = "29990101000000_FromANewerVersion";
        switch (kind)
        {
            case "text":
                await File.WriteAllTextAsync(file, "date,value\n2023-09-30,100617\n");
                break;
            case "short":
                await File.WriteAllTextAsync(file, "SQLite");
                break;
            case "truncated":
                Assert.True((await store.Backup.BackupAsync(file, overwrite: false)).Succeeded);
                await using (var stream = new FileStream(file, FileMode.Open))
                {
                    stream.SetLength(stream.Length / 2);
                }

                break;
            case "another app":
                await using (var other = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    await other.OpenAsync();
                    await using var create = other.CreateCommand();
                    create.CommandText = "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT); INSERT INTO Notes (Text) VALUES ('not ours');";
                    await create.ExecuteNonQueryAsync();
                }

                break;
            case "newer schema":
                Assert.True((await store.Backup.BackupAsync(file, overwrite: false)).Succeeded);
                await using (var later = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    await later.OpenAsync();
                    await using var insert = later.CreateCommand();
                    insert.CommandText = $"INSERT INTO \"{HistoryRepository.DefaultTableName}\" (MigrationId, ProductVersion) VALUES ('{newer}', '99.0.0')";
                    await insert.ExecuteNonQueryAsync();
                }

                break;
        }

        store.Close();
        var before = await StoreContent.ReadAsync(store.DatabasePath);
        var filesBefore = store.Files();
        var candidate = await File.ReadAllBytesAsync(file);

        var refused = await store.Backup.RestoreAsync(file, overwrite: true);

        Assert.False(refused.Succeeded);
        Assert.Equal(expected, refused.Refusal);
        Assert.Contains(file, refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was changed.", refused.Message, StringComparison.Ordinal);
        if (expected == StoreRefusal.NewerSchema)
        {
            Assert.Contains(newer, refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(filesBefore, store.Files()); // no temporary copy, no side copy
        Assert.Equal(before, await StoreContent.ReadAsync(store.DatabasePath));
        Assert.Equal(candidate, await File.ReadAllBytesAsync(file)); // the backup is only read
    }

    [Fact]
    public async Task Restore_OverAStoreThatHoldsData_IsRefusedWithoutOverwrite_AndChangesNothing()
    {
        await using var source = await ConfiguredStore.SeededAsync();
        await using var target = await ConfiguredStore.SeededAsync();
        using var files = new TempFolder();
        Assert.True((await source.Backup.BackupAsync(files.File("backup.db"), overwrite: false)).Succeeded);
        target.Close();
        var before = await StoreContent.ReadAsync(target.DatabasePath);
        var filesBefore = target.Files();

        var refused = await target.Backup.RestoreAsync(files.File("backup.db"), overwrite: false);

        Assert.Equal(StoreRefusal.StoreHoldsData, refused.Refusal);
        Assert.Contains(target.DatabasePath, refused.Message, StringComparison.Ordinal);
        Assert.Equal(filesBefore, target.Files());
        Assert.Equal(before, await StoreContent.ReadAsync(target.DatabasePath));
    }

    [Fact]
    public async Task Restore_OverAStoreWithCommitsOnlyInItsLog_KeepsThatStoreWholeAsSideCopy_AndRemovesTheStaleLog()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 1, 12, 30, 45, TimeSpan.Zero));
        await using var source = await ConfiguredStore.SeededAsync();
        await source.ExecuteAsync("UPDATE Sources SET Title = 'from the backup' WHERE Id = (SELECT MIN(Id) FROM Sources)");
        using var files = new TempFolder();
        Assert.True((await source.Backup.BackupAsync(files.File("backup.db"), overwrite: false)).Succeeded);

        // The store as a crash leaves it: the last commit is only in its write-ahead log.
        await using var live = await ConfiguredStore.SeededAsync();
        live.Close();
        await using var crashed = ConfiguredStore.InNewFolder(clock);
        await using (var connection = new SqliteConnection($"Data Source={live.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var write = connection.CreateCommand();
            write.CommandText = "PRAGMA wal_autocheckpoint=0; UPDATE Sources SET Title = 'only in the log' WHERE Id = (SELECT MIN(Id) FROM Sources);";
            await write.ExecuteNonQueryAsync();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Copy(live.DatabasePath + suffix, crashed.DatabasePath + suffix);
            }
        }

        File.Copy(crashed.DatabasePath, files.File("main-file-alone.db"));
        Assert.NotEqual("only in the log", await ScalarAsync(files.File("main-file-alone.db"), "SELECT Title FROM Sources WHERE Id = (SELECT MIN(Id) FROM Sources)"));
        var expectedSide = crashed.DatabasePath + ".before-restore-" + clock.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        var restore = await crashed.Backup.RestoreAsync(files.File("backup.db"), overwrite: true);

        Assert.True(restore.Succeeded, restore.Message);
        Assert.Equal(expectedSide, restore.Summary!.ReplacedStoreCopy);
        Assert.Equal(["dashboard.db", Path.GetFileName(expectedSide)], crashed.Files()); // no -wal, -shm or temporary file
        Assert.Equal("only in the log", await ScalarAsync(expectedSide, "SELECT Title FROM Sources WHERE Id = (SELECT MIN(Id) FROM Sources)"));
        Assert.Equal("ok", await ScalarAsync(expectedSide, "PRAGMA integrity_check"));
        Assert.Equal(await StoreContent.ReadAsync(files.File("backup.db")), await StoreContent.ReadAsync(crashed.DatabasePath));
        Assert.Equal("from the backup", await ScalarAsync(crashed.DatabasePath, "SELECT Title FROM Sources WHERE Id = (SELECT MIN(Id) FROM Sources)"));
    }

    [Fact]
    public async Task Restore_WhileAnotherConnectionHasTheStoreOpen_IsRefused_AndSucceedsOnceItIsClosed()
    {
        await using var store = await ConfiguredStore.SeededAsync();
        using var files = new TempFolder();
        Assert.True((await store.Backup.BackupAsync(files.File("backup.db"), overwrite: false)).Succeeded);
        await store.ExecuteAsync("UPDATE Sources SET Title = 'after the backup' WHERE Id = (SELECT MIN(Id) FROM Sources)");
        store.Close();
        var before = await StoreContent.ReadAsync(store.DatabasePath);

        StoreOutcome<RestoreSummary> refused;
        await using (var app = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            await app.OpenAsync();
            await using var read = app.CreateCommand();
            read.CommandText = "SELECT COUNT(*) FROM Figures";
            await read.ExecuteScalarAsync();
            refused = await store.Backup.RestoreAsync(files.File("backup.db"), overwrite: true);
            Assert.Equal(before, await StoreContent.ReadAsync(store.DatabasePath));
        }

        Assert.Equal(StoreRefusal.StoreInUse, refused.Refusal);
        Assert.Contains("Stop the app", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(store.Files(), f => f.Contains(".before-restore-", StringComparison.Ordinal));

        var restored = await store.Backup.RestoreAsync(files.File("backup.db"), overwrite: true);

        Assert.True(restored.Succeeded, restored.Message);
        Assert.Equal(await StoreContent.ReadAsync(files.File("backup.db")), await StoreContent.ReadAsync(store.DatabasePath));
        Assert.Equal(before, await StoreContent.ReadAsync(restored.Summary!.ReplacedStoreCopy!));
    }

    [Fact]
    public async Task Restore_OfAStoreFromAnOlderVersion_MigratesIt_AndKeepsItsRows()
    {
        using var files = new TempFolder();
        var old = files.File("old.db");
        List<string> all;
        var options = new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={old};Pooling=False", o => o.MigrationsAssembly(DashboardStore.SqliteMigrationsAssembly)).Options;
        await using (var db = new DashboardDbContext(options))
        {
            all = db.Database.GetMigrations().ToList();
            Assert.True(all.Count >= 3);
            await db.GetService<IMigrator>().MigrateAsync(all[1]);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO Units (Code, Name, Kind, Decimals) VALUES ('drill_units', 'drill units', 'Count', 0)");
        }

        await using var store = ConfiguredStore.InNewFolder();

        var restore = await store.Backup.RestoreAsync(old, overwrite: false);

        Assert.True(restore.Succeeded, restore.Message);
        Assert.Equal(all.Skip(2), restore.Summary!.MigrationsApplied);
        var applied = await ScalarAsync(store.DatabasePath, $"SELECT group_concat(MigrationId, ',') FROM (SELECT MigrationId FROM \"{HistoryRepository.DefaultTableName}\" ORDER BY MigrationId)");
        Assert.Equal(string.Join(',', all), applied);
        Assert.Equal("drill units", await ScalarAsync(store.DatabasePath, "SELECT Name FROM Units WHERE Code = 'drill_units'"));
        Assert.Equal(["dashboard.db"], store.Files());
    }
}
