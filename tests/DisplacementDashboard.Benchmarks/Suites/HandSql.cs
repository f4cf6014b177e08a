using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The baselines: the pages' queries written by hand against Microsoft.Data.Sqlite, materialising the same rows
/// with a data reader, on a pooled connection with the app's pragmas.
/// </summary>
public sealed class HandSql(string path)
{
    public const string FigureColumns =
        "SELECT f.Id, m.Code, m.Name, m.Kind, l.Code, l.Name, f.ReferenceDate, f.LocalTime, f.Value, f.UnitCode, u.Name, u.Kind, u.Decimals, " +
        "f.Qualifier, f.SourceId, s.Title, s.Publisher, s.Url, f.Note " +
        "FROM Figures f JOIN Metrics m ON m.Id = f.MetricId JOIN Locations l ON l.Id = f.LocationId " +
        "JOIN Units u ON u.Code = f.UnitCode JOIN Sources s ON s.Id = f.SourceId ";

    public const string ByDate = " ORDER BY f.ReferenceDate, f.LocalTime, f.Id";

    private readonly string _connectionString = $"Data Source={path}";

    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    }

    public async Task<List<FigureRow>> FiguresAsync(string where, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        return await FiguresAsync(connection, where, parameters);
    }

    public static async Task<List<FigureRow>> FiguresAsync(SqliteConnection connection, string sqlAfterFrom, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = FigureColumns + sqlAfterFrom;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<FigureRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new FigureRow(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetString(2),
                Enum.Parse<MetricKind>(reader.GetString(3)),
                reader.GetString(4),
                reader.GetString(5),
                DateOnly.ParseExact(reader.GetString(6), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.IsDBNull(7) ? null : TimeOnly.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
                reader.GetInt64(8),
                reader.GetString(9),
                reader.GetString(10),
                Enum.Parse<UnitKind>(reader.GetString(11)),
                reader.GetInt32(12),
                Enum.Parse<Qualifier>(reader.GetString(13)),
                reader.GetInt32(14),
                reader.GetString(15),
                reader.GetString(16),
                reader.IsDBNull(17) ? null : reader.GetString(17),
                reader.IsDBNull(18) ? null : reader.GetString(18)));
        }

        return rows;
    }

    /// <summary>"m.Code IN ($c0, $c1, ...)" and its parameters.</summary>
    public static (string Sql, (string, object)[] Parameters) CodesIn(IReadOnlyList<string> codes) =>
        ("m.Code IN (" + string.Join(", ", codes.Select((_, i) => "$c" + i.ToString(CultureInfo.InvariantCulture))) + ")",
         codes.Select((c, i) => ("$c" + i.ToString(CultureInfo.InvariantCulture), (object)c)).ToArray());

    public static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ListAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(read(reader));
        }

        return list;
    }

    public static async Task<string> ExplainAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var lines = await ListAsync(connection, "EXPLAIN QUERY PLAN " + sql, r => r.GetString(3), parameters);
        return string.Join(" | ", lines);
    }
}
