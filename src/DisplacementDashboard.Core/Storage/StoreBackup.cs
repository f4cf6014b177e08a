using System.Globalization;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace DisplacementDashboard.Core.Storage;

/// <summary>
/// Backs the store up to a file and restores it from one (the <c>backup</c> and <c>restore</c> command verbs). The
/// store is the configured one (<c>ConnectionStrings:Dashboard</c>), found through the same context factory the app
/// uses. A refused operation changes nothing, and no operation leaves a half-written file: each file is written under
/// a temporary name beside its target and renamed into place.
/// <para>
/// On PostgreSQL the file is a <c>pg_dump</c> custom-format archive and a restore goes into a new database that
/// replaces the store by a rename (StoreBackup.Postgres.cs).
/// </para>
/// </summary>
public sealed partial class StoreBackup(IDbContextFactory<DashboardDbContext> contextFactory, TimeProvider time, ILogger<StoreBackup> logger)
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Copies the store to <paramref name="targetPath"/> with SQLite's online backup: it reads one consistent snapshot
    /// (committed transactions only) while the app goes on reading and writing. The copy is a single file (no
    /// write-ahead log beside it), passes <c>PRAGMA integrity_check</c> before it is renamed into place, and replaces
    /// an existing file only when <paramref name="overwrite"/> is set.
    /// </summary>
    public async Task<StoreOutcome<BackupSummary>> BackupAsync(string targetPath, bool overwrite, CancellationToken cancellationToken = default)
    {
        if (await LocatePostgresAsync(cancellationToken) is { } postgres)
        {
            return await BackupPostgresAsync(postgres, targetPath, overwrite, cancellationToken);
        }

        var (store, refusal) = await LocateAsync(cancellationToken);
        if (store is null)
        {
            return new(null, refusal!.Value.Kind, refusal.Value.Message);
        }

        var target = Path.GetFullPath(targetPath);
        var folder = Path.GetDirectoryName(target)!;
        if (string.Equals(target, store.Path, PathComparison))
        {
            return new(null, StoreRefusal.BadPath, "The backup cannot be written over the store itself; name another file.");
        }

        if (!File.Exists(store.Path))
        {
            return new(null, StoreRefusal.NoStore, $"There is no store at {store.Path} to back up.");
        }

        if (Directory.Exists(target))
        {
            return new(null, StoreRefusal.BadPath, $"{target} is a folder; name a file.");
        }

        if (!Directory.Exists(folder))
        {
            return new(null, StoreRefusal.BadPath, $"The folder {folder} does not exist.");
        }

        if (File.Exists(target) && !overwrite)
        {
            return new(null, StoreRefusal.TargetExists, $"{target} already exists.");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The copy holds password hashes: readable by this user only (SQLite opens the empty file as a new database).
            SqliteFile.CreatePrivate(temporary);
            StoreCounts counts;
            using (var source = SqliteFile.Open(store.Path, SqliteOpenMode.ReadWrite))
            using (var copy = SqliteFile.Open(temporary, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(copy);
                SqliteFile.Execute(copy, "PRAGMA journal_mode=DELETE;");
                var check = await CheckAsync(copy, store, $"The copy of {store.Path}", cancellationToken);
                if (check.Refusal is { } problem)
                {
                    return new(null, problem.Kind, problem.Message + " Nothing was written.");
                }

                counts = await CountAsync(copy, store, cancellationToken);
            }

            File.Move(temporary, target, overwrite);
            var bytes = new FileInfo(target).Length;
            logger.LogInformation("Backup of {Store} written to {Backup} ({Bytes} bytes)", store.Path, target, bytes);
            return new(new BackupSummary(store.Path, target, bytes, counts));
        }
        finally
        {
            SqliteFile.DeleteWithSidecars(temporary);
        }
    }

    /// <summary>
    /// Replaces the store with the backup at <paramref name="sourcePath"/>. The file must be a sound SQLite store of
    /// this app (integrity check, its own migrations history); one with migrations this version does not know is
    /// refused, an older one is migrated (on the copy, before it is put in place). A store that holds data is replaced
    /// only when <paramref name="overwrite"/> is set, never while another process has it open, and is first copied
    /// to <c>NAME.before-restore-YYYYMMDDTHHMMSSZ</c> beside it. The copy is renamed over the store in one step and
    /// the old store's -wal and -shm files are removed, so the store is wholly the old one or wholly the new one.
    /// </summary>
    public async Task<StoreOutcome<RestoreSummary>> RestoreAsync(string sourcePath, bool overwrite, CancellationToken cancellationToken = default)
    {
        if (await LocatePostgresAsync(cancellationToken) is { } postgres)
        {
            return await RestorePostgresAsync(postgres, sourcePath, overwrite, cancellationToken);
        }

        var (store, refusal) = await LocateAsync(cancellationToken);
        if (store is null)
        {
            return new(null, refusal!.Value.Kind, refusal.Value.Message);
        }

        var source = Path.GetFullPath(sourcePath);
        if (string.Equals(source, store.Path, PathComparison))
        {
            return new(null, StoreRefusal.BadPath, "The store cannot be restored from itself; name a backup file.");
        }

        if (!File.Exists(source))
        {
            return new(null, StoreRefusal.BadPath, $"There is no file {source}.");
        }

        if (!SqliteFile.HasSqliteHeader(source))
        {
            return new(null, StoreRefusal.NotADatabase, $"{source} is not a SQLite database. Nothing was changed.");
        }

        var temporary = $"{store.Path}.restore-{Guid.NewGuid():N}.tmp";
        try
        {
            // The backup itself is only read: every check and migration runs on a copy beside the store.
            File.Copy(source, temporary);
            IReadOnlyList<string> pending;
            using (var copy = SqliteFile.Open(temporary, SqliteOpenMode.ReadWrite))
            {
                var check = await CheckAsync(copy, store, source, cancellationToken);
                if (check.Refusal is { } problem)
                {
                    return new(null, problem.Kind, problem.Message + " Nothing was changed.");
                }

                if (check.Unknown.Count > 0)
                {
                    return new(null, StoreRefusal.NewerSchema,
                        $"{source} comes from a newer version of the app: its migrations {string.Join(", ", check.Unknown)} are unknown to this version. " +
                        "Restore it with that version or a later one. Nothing was changed.");
                }

                pending = check.Pending;
            }

            if (pending.Count > 0)
            {
                await MigrateAsync(temporary, cancellationToken);
                logger.LogInformation("Restored copy migrated from an older schema: {Migrations}", string.Join(", ", pending));
            }

            // One self-contained file to rename: the copy's write-ahead log is folded in and removed.
            using (var copy = SqliteFile.Open(temporary, SqliteOpenMode.ReadWrite))
            {
                SqliteFile.Execute(copy, "PRAGMA journal_mode=DELETE;");
            }

            if (File.Exists(store.Path))
            {
                var current = await ExamineCurrentAsync(store, cancellationToken);
                if (current.InUse)
                {
                    return new(null, StoreRefusal.StoreInUse,
                        $"The store at {store.Path} is open in another process (its -wal file stays after this one closes it). Stop the app, then restore. Nothing was changed.");
                }

                if (current.HoldsData && !overwrite)
                {
                    return new(null, StoreRefusal.StoreHoldsData,
                        $"The store at {store.Path} already holds data ({current.Counts?.Describe() ?? "not readable as a store"}). Nothing was changed.");
                }
            }

            var replaced = File.Exists(store.Path) ? KeepAside(store.Path) : null;
            // A -wal left beside the new file would be replayed into it; the old store's log is in its side copy.
            foreach (var sidecar in SqliteFile.Sidecars(store.Path))
            {
                File.Delete(sidecar);
            }

            File.Move(temporary, store.Path, overwrite: true);
            SqliteConnection.ClearPool(new SqliteConnection(store.ConnectionString));

            StoreCounts counts;
            using (var restored = SqliteFile.Open(store.Path, SqliteOpenMode.ReadWrite))
            {
                counts = await CountAsync(restored, store, cancellationToken);
            }

            logger.LogInformation("Store {Store} restored from {Backup}; the replaced store is kept as {SideCopy}", store.Path, source, replaced ?? "(none)");
            return new(new RestoreSummary(store.Path, source, pending, replaced, counts));
        }
        finally
        {
            SqliteFile.DeleteWithSidecars(temporary);
        }
    }

    /// <summary>The configured store as a SQLite file, or why there is none (PostgreSQL has branched off before).</summary>
    private async Task<(SqliteStore? Store, (StoreRefusal Kind, string Message)? Refusal)> LocateAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!context.Database.IsSqlite())
        {
            return (null, (StoreRefusal.UnsupportedStore,
                $"The store's provider is {context.Database.ProviderName}; backup and restore support SQLite and PostgreSQL stores only."));
        }

        var connectionString = context.Database.GetConnectionString() ?? "";
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            return (null, (StoreRefusal.UnsupportedStore, "The store is an in-memory database, not a file; there is nothing to back up or restore."));
        }

        return (new SqliteStore(
            Path.GetFullPath(builder.DataSource),
            connectionString,
            context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal),
            CountedTables.Of(context)), null);
    }

    /// <summary>Whether <paramref name="copy"/> is a sound store of this app, and how its migrations compare with this version's.</summary>
    private static async Task<StoreCheck> CheckAsync(SqliteConnection copy, SqliteStore store, string described, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems;
        IReadOnlyList<string>? applied;
        try
        {
            problems = await SqliteFile.IntegrityProblemsAsync(copy, cancellationToken);
            applied = problems.Count == 0 ? await SqliteFile.AppliedMigrationsAsync(copy, HistoryRepository.DefaultTableName, cancellationToken) : null;
        }
        catch (SqliteException e) when (SqliteFile.IsUnreadable(e))
        {
            return SqliteFile.IsCorrupt(e)
                ? StoreCheck.Refused(StoreRefusal.Damaged, $"{described} is damaged ({e.Message}).")
                : StoreCheck.Refused(StoreRefusal.NotADatabase, $"{described} is not a readable SQLite database ({e.Message}).");
        }

        if (problems.Count > 0)
        {
            return StoreCheck.Refused(StoreRefusal.Damaged, $"{described} fails SQLite's integrity check: {string.Join("; ", problems.Take(3))}.");
        }

        if (applied is null || !applied.Any(store.KnownMigrations.Contains))
        {
            return StoreCheck.Refused(StoreRefusal.NotThisApp, $"{described} is a SQLite database but not a store of this app (it has no migrations history of the app's).");
        }

        return new StoreCheck(
            null,
            applied.Where(m => !store.KnownMigrations.Contains(m)).ToList(),
            store.KnownMigrations.Where(m => !applied.Contains(m, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Whether the store about to be replaced holds data and whether another process has it open. This process's
    /// idle pooled connections are closed first; then, when this connection closes as the last one, SQLite folds the
    /// write-ahead log into the file and deletes it, so a -wal file that is still there means another process (the
    /// app) has the store open. A file SQLite cannot read counts as holding data.
    /// </summary>
    private static async Task<CurrentStore> ExamineCurrentAsync(SqliteStore store, CancellationToken cancellationToken)
    {
        SqliteConnection.ClearPool(new SqliteConnection(store.ConnectionString));
        bool holdsData;
        StoreCounts? counts = null;
        using (var current = SqliteFile.Open(store.Path, SqliteOpenMode.ReadWrite))
        {
            try
            {
                holdsData = await SqliteFile.HoldsDataAsync(current, cancellationToken);
                counts = await CountAsync(current, store, cancellationToken);
            }
            catch (SqliteException e) when (SqliteFile.IsUnreadable(e))
            {
                return new CurrentStore(HoldsData: true, InUse: false, null);
            }
        }

        return new CurrentStore(holdsData, File.Exists(store.Path + "-wal"), counts);
    }

    /// <summary>Copies the store (complete: its log was folded in when the last connection closed) to a dated name beside it.</summary>
    private string KeepAside(string storePath)
    {
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var side = $"{storePath}.before-restore-{stamp}";
        for (var n = 2; File.Exists(side); n++)
        {
            side = string.Create(CultureInfo.InvariantCulture, $"{storePath}.before-restore-{stamp}-{n}");
        }

        File.Copy(storePath, side);
        return side;
    }

    /// <summary>Applies this version's migrations to the copy, with the same EF options the app uses.</summary>
    private static async Task MigrateAsync(string path, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseDashboardSqlite(SqliteFile.ConnectionString(path, SqliteOpenMode.ReadWrite))
            .Options;
        await using var context = new DashboardDbContext(options);
        await context.Database.MigrateAsync(cancellationToken);
    }

    private static async Task<StoreCounts> CountAsync(SqliteConnection connection, SqliteStore store, CancellationToken cancellationToken) => new(
        await SqliteFile.CountAsync(connection, store.Tables.Figures, cancellationToken),
        await SqliteFile.CountAsync(connection, store.Tables.Revisions, cancellationToken),
        await SqliteFile.CountAsync(connection, store.Tables.Sources, cancellationToken),
        await SqliteFile.CountAsync(connection, store.Tables.Events, cancellationToken),
        await SqliteFile.CountAsync(connection, store.Tables.Accounts, cancellationToken));

    private sealed record SqliteStore(string Path, string ConnectionString, IReadOnlySet<string> KnownMigrations, CountedTables Tables);

    /// <summary>Table names from the EF model, so a renamed table is still counted.</summary>
    private sealed record CountedTables(string Figures, string Revisions, string Sources, string Events, string Accounts)
    {
        public static CountedTables Of(DashboardDbContext context)
        {
            string Table(Type entity) => context.Model.FindEntityType(entity)!.GetTableName()!;
            return new(Table(typeof(Figure)), Table(typeof(Revision)), Table(typeof(Source)), Table(typeof(TimelineEvent)), Table(typeof(StaffUser)));
        }
    }

    private sealed record StoreCheck((StoreRefusal Kind, string Message)? Refusal, IReadOnlyList<string> Unknown, IReadOnlyList<string> Pending)
    {
        public static StoreCheck Refused(StoreRefusal kind, string message) => new((kind, message), [], []);
    }

    private sealed record CurrentStore(bool HoldsData, bool InUse, StoreCounts? Counts);
}
