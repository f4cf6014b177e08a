using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>One table's row count and a SHA-256 over its full content.</summary>
public sealed record TableDigest(long Rows, string Sha256);

/// <summary>
/// What a SQLite file holds, table by table: every table in <c>sqlite_master</c> (SQLite's own included), so a table
/// added by a later migration is covered without touching the tests, plus the schema itself (tables, indexes,
/// triggers) under <see cref="Schema"/>. Each row is every column through SQLite's <c>quote()</c>, which keeps the
/// storage class and every character; rows are sorted, so the digest does not depend on the order pages were copied.
/// </summary>
public static class StoreContent
{
    public const string Schema = "(schema)";

    public static async Task<SortedDictionary<string, TableDigest>> ReadAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        var content = new SortedDictionary<string, TableDigest>(StringComparer.Ordinal)
        {
            [Schema] = Digest(await ColumnAsync(connection, "SELECT type || char(31) || name || char(31) || tbl_name || char(31) || quote(sql) FROM sqlite_master")),
        };
        foreach (var table in await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            var columns = await ColumnAsync(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
            var row = string.Join(" || char(31) || ", columns.Select(c => $"quote(\"{c}\")"));
            var rows = await ColumnAsync(connection, $"SELECT {row} FROM \"{table}\"");
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            Assert.Equal((long)(await count.ExecuteScalarAsync())!, rows.Count);
            content[table] = Digest(rows);
        }

        return content;
    }

    private static TableDigest Digest(List<string> rows)
    {
        rows.Sort(StringComparer.Ordinal);
        var text = string.Join('\n', rows);
        return new TableDigest(rows.Count, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
