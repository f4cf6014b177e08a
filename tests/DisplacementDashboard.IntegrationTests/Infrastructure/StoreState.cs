using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DisplacementDashboard.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DisplacementDashboard.IntegrationTests.Infrastructure;

/// <summary>What a test compares before and after a write that must change nothing, and raw rows as SQLite holds them.</summary>
public static class StoreState
{
    /// <summary>(Either provider: identifiers quoted.) Row counts of the edited tables and a SHA-256 over every column of every figure and revision, in id order.</summary>
    public static async Task<string> HashAsync(DashboardDbContext db)
    {
        var text = new StringBuilder();
        foreach (var row in await RowsAsync(db,
            "SELECT (SELECT COUNT(*) FROM \"Figures\"), (SELECT COUNT(*) FROM \"Revisions\"), (SELECT COUNT(*) FROM \"Sources\"), (SELECT COUNT(*) FROM \"Events\");" +
            "SELECT * FROM \"Figures\" ORDER BY \"Id\";" +
            "SELECT * FROM \"Revisions\" ORDER BY \"Id\";"))
        {
            text.AppendJoin('\u001f', row).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// A table's rows (those <paramref name="where"/> selects) exactly as stored, in rowid order, one line per row: each column as <c>Name=quote(value)</c>. SQLite's
    /// <c>quote()</c> keeps the storage class (an integer 1, a text '1' and a real 1.0 differ) and every character of a text.
    /// </summary>
    public static async Task<List<string>> RawRowsAsync(DashboardDbContext db, string table, string where = "1")
    {
        var columns = (await RowsAsync(db, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")).Select(r => r[0]).ToList();
        Assert.NotEmpty(columns);
        var select = string.Join(" || '\u001f' || ", columns.Select(c => $"'{c}=' || quote(\"{c}\")"));
        return (await RowsAsync(db, $"SELECT {select} FROM \"{table}\" WHERE {where} ORDER BY rowid")).Select(r => r[0]).ToList();
    }

    private static async Task<List<string[]>> RowsAsync(DashboardDbContext db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        do
        {
            while (await reader.ReadAsync())
            {
                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }
}
