using System.Data;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DisplacementDashboard.Core.Storage;

/// <summary>
/// Backup and restore of a PostgreSQL store with PostgreSQL's own programs (<see cref="PostgresTools"/>). A backup is
/// a <c>pg_dump</c> archive in the custom format; a restore never writes into the store: it restores the archive into
/// a new database beside it in one transaction, checks and migrates that, and only then swaps the names in one
/// transaction, so the store is wholly the old database or wholly the restored one, and the old one is kept.
/// </summary>
public sealed partial class StoreBackup
{
    /// <summary>PostgreSQL's limit on a name, in bytes; longer names are cut short without an error.</summary>
    private const int MaxNameBytes = 63;

    private static readonly byte[] DumpHeader = "PGDMP"u8.ToArray();

    /// <summary>
    /// Backs a PostgreSQL store up with <c>pg_dump --format=custom</c> from a snapshot that this connection exports:
    /// the counts reported are read in the same snapshot, so they describe exactly what the file holds. The file is
    /// written under a temporary name, read back with <c>pg_restore --list</c>, and renamed into place.
    /// </summary>
    private async Task<StoreOutcome<BackupSummary>> BackupPostgresAsync(PostgresStore store, string targetPath, bool overwrite, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(targetPath);
        var folder = Path.GetDirectoryName(target)!;
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

        if (PostgresTools.Find("pg_dump", out var missing) is not { } pgDump || PostgresTools.Find("pg_restore", out missing) is not { } pgRestore)
        {
            return new(null, StoreRefusal.ToolMissing, missing + " Nothing was written.");
        }

        await using var connection = new NpgsqlConnection(Unpooled(store.ConnectionString, store.Database));
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return new(null, StoreRefusal.NoStore, $"There is no {store.Described} to back up.");
        }

        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        if (!await IsAppStoreAsync(connection, cancellationToken))
        {
            return new(null, StoreRefusal.NotThisApp, $"The {store.Described} is not a store of this app (it has no migrations history of the app's). Nothing was written.");
        }

        var snapshotId = (string)(await ScalarAsync(connection, "SELECT pg_export_snapshot()", cancellationToken))!;
        var counts = await CountAsync(connection, store.Tables, cancellationToken);

        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // The dump holds password hashes and the Data Protection keys: readable by this user only.
            SqliteFile.CreatePrivate(temporary);
            var dump = await PostgresTools.RunAsync(pgDump, ["--format=custom", "--no-password", $"--snapshot={snapshotId}", $"--file={temporary}"], store.ConnectionString, store.Database, cancellationToken);
            if (dump.ExitCode != 0)
            {
                return new(null, StoreRefusal.ToolFailed, $"pg_dump failed ({dump.Error}). Nothing was written.");
            }

            var list = await PostgresTools.RunAsync(pgRestore, ["--list", temporary], store.ConnectionString, store.Database, cancellationToken);
            if (list.ExitCode != 0 || !ListsMigrationsHistory(list.Output))
            {
                return new(null, StoreRefusal.Damaged, $"The dump of the {store.Described} does not read back with pg_restore --list ({list.Error}). Nothing was written.");
            }

            File.Move(temporary, target, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }

        await snapshot.CommitAsync(cancellationToken);
        var bytes = new FileInfo(target).Length;
        logger.LogInformation("Backup of {Store} written to {Backup} ({Bytes} bytes)", store.Described, target, bytes);
        return new(new BackupSummary(store.Described, target, bytes, counts));
    }

    /// <summary>
    /// Restores a PostgreSQL store from a custom-format dump. The file must be a pg_dump archive that pg_restore reads
    /// and that holds the app's migrations history. It is restored into a new database on the same server
    /// (<c>pg_restore --single-transaction</c>: all of it or none), whose migrations are then checked (a newer
    /// version's dump is refused) and brought up to date. Then, in one transaction, the store's database is renamed
    /// to <c>NAME_before_restore_YYYYMMDD_HHMMSS</c> (UTC) and the new one to NAME. A store that holds data is
    /// replaced only when <paramref name="overwrite"/> is set, and never while a session is connected to it. Anything
    /// refused or failed drops the new database: nothing is changed.
    /// </summary>
    private async Task<StoreOutcome<RestoreSummary>> RestorePostgresAsync(PostgresStore store, string sourcePath, bool overwrite, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(sourcePath);
        if (!File.Exists(source))
        {
            return new(null, StoreRefusal.BadPath, $"There is no file {source}.");
        }

        if (!HasDumpHeader(source))
        {
            return new(null, StoreRefusal.NotADatabase, $"{source} is not a PostgreSQL dump in pg_dump's custom format (what backup writes on PostgreSQL). Nothing was changed.");
        }

        if (PostgresTools.Find("pg_restore", out var missing) is not { } pgRestore)
        {
            return new(null, StoreRefusal.ToolMissing, missing + " Nothing was changed.");
        }

        var list = await PostgresTools.RunAsync(pgRestore, ["--list", source], store.ConnectionString, store.Database, cancellationToken);
        if (list.ExitCode != 0)
        {
            return new(null, StoreRefusal.Damaged, $"{source} is damaged: pg_restore cannot read it ({list.Error}). Nothing was changed.");
        }

        if (!ListsMigrationsHistory(list.Output))
        {
            return new(null, StoreRefusal.NotThisApp, $"{source} is a PostgreSQL dump but not of a store of this app (it has no migrations history of the app's). Nothing was changed.");
        }

        // Creating and renaming databases is done from the server's maintenance database, never from the store.
        await using var server = new NpgsqlConnection(Unpooled(store.ConnectionString, store.Database == "postgres" ? "template1" : "postgres"));
        await server.OpenAsync(cancellationToken);
        NpgsqlConnection.ClearPool(new NpgsqlConnection(store.ConnectionString));
        var current = await ExamineCurrentAsync(server, store, cancellationToken);
        if (current is { InUse: true })
        {
            return new(null, StoreRefusal.StoreInUse, $"The {store.Described} has other sessions connected (the app is running). Stop the app, then restore. Nothing was changed.");
        }

        if (current is { HoldsData: true } && !overwrite)
        {
            return new(null, StoreRefusal.StoreHoldsData, $"The {store.Described} already holds data ({current.Counts?.Describe() ?? "not readable as a store"}). Nothing was changed.");
        }

        var scratch = Name(store.Database, "_restoring_" + Guid.NewGuid().ToString("N")[..8]);
        var locale = current is null ? "" : $" ENCODING {Literal(current.Encoding)} LC_COLLATE {Literal(current.Collate)} LC_CTYPE {Literal(current.CharacterType)}";
        await ExecuteAsync(server, $"CREATE DATABASE {Quote(scratch)} TEMPLATE template0{locale}", cancellationToken);
        var swapped = false;
        try
        {
            var restored = await PostgresTools.RunAsync(
                pgRestore,
                ["--no-password", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl", $"--dbname=dbname='{scratch.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal)}'", source],
                store.ConnectionString,
                scratch,
                cancellationToken);
            if (restored.ExitCode != 0)
            {
                return new(null, StoreRefusal.Damaged, $"pg_restore could not restore {source} ({restored.Error}). Nothing was changed.");
            }

            IReadOnlyList<string> applied;
            await using (var copy = new NpgsqlConnection(Unpooled(store.ConnectionString, scratch)))
            {
                await copy.OpenAsync(cancellationToken);
                applied = await AppliedMigrationsAsync(copy, cancellationToken);
            }

            var unknown = applied.Where(m => !store.KnownMigrations.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                return new(null, StoreRefusal.NewerSchema,
                    $"{source} comes from a newer version of the app: its migrations {string.Join(", ", unknown)} are unknown to this version. " +
                    "Restore it with that version or a later one. Nothing was changed.");
            }

            var pending = store.KnownMigrations.Where(m => !applied.Contains(m, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (pending.Count > 0)
            {
                var options = new DbContextOptionsBuilder<DashboardDbContext>().UseDashboardPostgres(Unpooled(store.ConnectionString, scratch)).Options;
                await using var context = new DashboardDbContext(options);
                await context.Database.MigrateAsync(cancellationToken);
                logger.LogInformation("Restored copy migrated from an older schema: {Migrations}", string.Join(", ", pending));
            }

            StoreCounts counts;
            await using (var copy = new NpgsqlConnection(Unpooled(store.ConnectionString, scratch)))
            {
                await copy.OpenAsync(cancellationToken);
                counts = await CountAsync(copy, store.Tables, cancellationToken);
            }

            var side = current is null ? null : await SideNameAsync(server, store.Database, cancellationToken);
            NpgsqlConnection.ClearPool(new NpgsqlConnection(store.ConnectionString));
            try
            {
                await using var swap = await server.BeginTransactionAsync(cancellationToken);
                if (side is not null)
                {
                    await ExecuteAsync(server, $"ALTER DATABASE {Quote(store.Database)} RENAME TO {Quote(side)}", cancellationToken);
                }

                await ExecuteAsync(server, $"ALTER DATABASE {Quote(scratch)} RENAME TO {Quote(store.Database)}", cancellationToken);
                await swap.CommitAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                return new(null, StoreRefusal.StoreInUse, $"The {store.Described} has other sessions connected (the app is running). Stop the app, then restore. Nothing was changed.");
            }

            swapped = true;
            var replaced = side is null ? null : $"database \"{side}\"";
            logger.LogInformation("Store {Store} restored from {Backup}; the replaced store is kept as {SideCopy}", store.Described, source, replaced ?? "(none)");
            return new(new RestoreSummary(store.Described, source, pending, replaced, counts));
        }
        finally
        {
            if (!swapped)
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {Quote(scratch)} WITH (FORCE)", CancellationToken.None);
            }
        }
    }

    /// <summary>The configured store when it is on PostgreSQL; null for any other provider.</summary>
    private async Task<PostgresStore?> LocatePostgresAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!context.Database.IsNpgsql())
        {
            return null;
        }

        var connectionString = context.Database.GetConnectionString() ?? "";
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? builder.Username ?? Environment.UserName;
        return new PostgresStore(
            connectionString,
            database,
            string.Create(CultureInfo.InvariantCulture, $"database \"{database}\" on {builder.Host}:{builder.Port}"),
            context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal),
            CountedTables.Of(context));
    }

    /// <summary>
    /// The store's database as it is now (null when there is none): its encoding and locale (the restored database gets
    /// the same), whether another session is connected, whether any table other than EF's own holds a row. A database
    /// that cannot be read counts as holding data.
    /// </summary>
    private static async Task<CurrentDatabase?> ExamineCurrentAsync(NpgsqlConnection server, PostgresStore store, CancellationToken cancellationToken)
    {
        string encoding, collate, characterType;
        await using (var command = new NpgsqlCommand("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = @name", server))
        {
            command.Parameters.AddWithValue("name", store.Database);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (encoding, collate, characterType) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
        }

        bool inUse;
        await using (var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid())", server))
        {
            command.Parameters.AddWithValue("name", store.Database);
            inUse = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var holdsData = true;
        StoreCounts? counts = null;
        try
        {
            await using var connection = new NpgsqlConnection(Unpooled(store.ConnectionString, store.Database));
            await connection.OpenAsync(cancellationToken);
            holdsData = await HoldsDataAsync(connection, cancellationToken);
            counts = await IsAppStoreAsync(connection, cancellationToken) ? await CountAsync(connection, store.Tables, cancellationToken) : null;
        }
        catch (PostgresException)
        {
            // Not readable as a store: it counts as holding data, so it is replaced only when asked.
        }

        return new CurrentDatabase(encoding, collate, characterType, inUse, holdsData, counts);
    }

    private static async Task<bool> HoldsDataAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name NOT LIKE '\\_\\_EF%'", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            if ((bool)(await ScalarAsync(connection, $"SELECT EXISTS (SELECT 1 FROM {table})", cancellationToken))!)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> IsAppStoreAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (bool)(await ScalarAsync(connection, $"SELECT to_regclass({Literal(Quote(HistoryRepository.DefaultTableName))}) IS NOT NULL", cancellationToken))!;

    private static async Task<IReadOnlyList<string>> AppliedMigrationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        await using var command = new NpgsqlCommand($"SELECT \"MigrationId\" FROM {Quote(HistoryRepository.DefaultTableName)}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task<StoreCounts> CountAsync(NpgsqlConnection connection, CountedTables tables, CancellationToken cancellationToken)
    {
        async Task<long> Count(string table) => (long)(await ScalarAsync(connection, $"SELECT count(*) FROM {Quote(table)}", cancellationToken))!;
        return new(await Count(tables.Figures), await Count(tables.Revisions), await Count(tables.Sources), await Count(tables.Events), await Count(tables.Accounts));
    }

    /// <summary><c>NAME_before_restore_YYYYMMDD_HHMMSS</c> (UTC), with <c>_2</c>, <c>_3</c>... when taken.</summary>
    private async Task<string> SideNameAsync(NpgsqlConnection server, string database, CancellationToken cancellationToken)
    {
        var stamp = "_before_restore_" + time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'_'HHmmss", CultureInfo.InvariantCulture);
        var side = Name(database, stamp);
        for (var n = 2; await DatabaseExistsAsync(server, side, cancellationToken); n++)
        {
            side = Name(database, string.Create(CultureInfo.InvariantCulture, $"{stamp}_{n}"));
        }

        return side;
    }

    private static async Task<bool> DatabaseExistsAsync(NpgsqlConnection server, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", server);
        command.Parameters.AddWithValue("name", name);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary><paramref name="database"/> with <paramref name="suffix"/>, the database part shortened to keep within PostgreSQL's 63 bytes.</summary>
    private static string Name(string database, string suffix)
    {
        var stem = database;
        while (stem.Length > 0 && Encoding.UTF8.GetByteCount(stem) + Encoding.UTF8.GetByteCount(suffix) > MaxNameBytes)
        {
            stem = stem[..^1];
        }

        return stem + suffix;
    }

    private static bool HasDumpHeader(string path)
    {
        Span<byte> header = stackalloc byte[5];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual(DumpHeader);
    }

    /// <summary>Whether a <c>pg_restore --list</c> table of contents has the app's migrations history table.</summary>
    private static bool ListsMigrationsHistory(string list) => MigrationsHistoryEntry().IsMatch(list);

    [GeneratedRegex(@"^\d+; \d+ \d+ TABLE \S+ __EFMigrationsHistory ", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MigrationsHistoryEntry();

    private static string Unpooled(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = false }.ToString();

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record PostgresStore(string ConnectionString, string Database, string Described, IReadOnlySet<string> KnownMigrations, CountedTables Tables);

    private sealed record CurrentDatabase(string Encoding, string Collate, string CharacterType, bool InUse, bool HoldsData, StoreCounts? Counts);
}
