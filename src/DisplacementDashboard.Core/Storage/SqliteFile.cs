using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.Core.Storage;

/// <summary>
/// Raw SQLite operations on a database file, below EF: the backup and restore work on files that are not the
/// configured store yet (a copy, a temporary file), and must be able to tell when a connection is really closed.
/// </summary>
internal static class SqliteFile
{
    /// <summary>SQLite result codes for "this is not a database" and "the database is damaged".</summary>
    private const int NotADatabaseCode = 26;
    private const int CorruptCode = 11;

    /// <summary>The 16 bytes every SQLite 3 database file starts with.</summary>
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    /// <summary>True when the file starts like a SQLite 3 database (checked before SQLite is let near it).</summary>
    public static bool HasSqliteHeader(string path)
    {
        Span<byte> start = stackalloc byte[16];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(Header);
    }

    /// <summary>
    /// A connection outside the pool, so that closing it really closes the file: only then does SQLite, as the last
    /// connection, fold the write-ahead log into the file and delete it, and can the file be renamed.
    /// </summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(ConnectionString(path, mode));
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=5000;");
        return connection;
    }

    /// <summary>Creates an empty file readable and writable by this user only (Unix mode 600; Windows keeps its ACLs).</summary>
    public static void CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
    }

    public static string ConnectionString(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The rows <c>PRAGMA integrity_check</c> reports other than "ok" (none for a sound file).</summary>
    public static async Task<IReadOnlyList<string>> IntegrityProblemsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var rows = await ColumnAsync(connection, "PRAGMA integrity_check;", cancellationToken);
        return rows.Where(r => r != "ok").ToList();
    }

    /// <summary>The ordinary tables (not SQLite's own), by name.</summary>
    public static async Task<IReadOnlyList<string>> TablesAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name;", cancellationToken);

    /// <summary>The migration ids in EF's history table, or null when the file has no such table.</summary>
    public static async Task<IReadOnlyList<string>?> AppliedMigrationsAsync(SqliteConnection connection, string historyTable, CancellationToken cancellationToken) =>
        (await TablesAsync(connection, cancellationToken)).Contains(historyTable, StringComparer.Ordinal)
            ? await ColumnAsync(connection, $"SELECT MigrationId FROM {Quote(historyTable)} ORDER BY MigrationId;", cancellationToken)
            : null;

    /// <summary>Rows in <paramref name="table"/>, 0 when the file has no such table (an older schema).</summary>
    public static async Task<long> CountAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        if (!(await TablesAsync(connection, cancellationToken)).Contains(table, StringComparer.Ordinal))
        {
            return 0;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Quote(table)};";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>True when any table other than EF's bookkeeping (<c>__EF...</c>) has a row.</summary>
    public static async Task<bool> HoldsDataAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var table in await TablesAsync(connection, cancellationToken))
        {
            if (table.StartsWith("__EF", StringComparison.Ordinal))
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {Quote(table)});";
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the errors SQLite gives for a file that is not a database or is damaged beyond reading.</summary>
    public static bool IsUnreadable(SqliteException exception) =>
        exception.SqliteErrorCode is NotADatabaseCode or CorruptCode;

    /// <summary>True when SQLite found the file damaged (as opposed to not a database at all).</summary>
    public static bool IsCorrupt(SqliteException exception) => exception.SqliteErrorCode == CorruptCode;

    /// <summary>The files SQLite may keep beside a database: write-ahead log, its index, rollback journal.</summary>
    public static IEnumerable<string> Sidecars(string path) => [path + "-wal", path + "-shm", path + "-journal"];

    /// <summary>Deletes the file and whatever SQLite kept beside it; missing files are fine.</summary>
    public static void DeleteWithSidecars(string path)
    {
        foreach (var file in Sidecars(path).Prepend(path))
        {
            File.Delete(file);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
