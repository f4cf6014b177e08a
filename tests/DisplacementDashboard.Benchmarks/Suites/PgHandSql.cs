using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using Npgsql;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The PostgreSQL baselines: the pages' queries written by hand against Npgsql on the same server and database,
/// materialising the same rows with a data reader, on a pooled connection (the twin of <see cref="HandSql"/>).
/// </summary>
public sealed class PgHandSql(string connectionString) : IAsyncDisposable
{
    public const string FigureColumns =
        "SELECT f.\"Id\", m.\"Code\", m.\"Name\", m.\"Kind\", l.\"Code\", l.\"Name\", f.\"ReferenceDate\", f.\"LocalTime\", f.\"Value\", f.\"UnitCode\", u.\"Name\", u.\"Kind\", u.\"Decimals\", " +
        "f.\"Qualifier\", f.\"SourceId\", s.\"Title\", s.\"Publisher\", s.\"Url\", f.\"Note\" " +
        "FROM \"Figures\" f JOIN \"Metrics\" m ON m.\"Id\" = f.\"MetricId\" JOIN \"Locations\" l ON l.\"Id\" = f.\"LocationId\" " +
        "JOIN \"Units\" u ON u.\"Code\" = f.\"UnitCode\" JOIN \"Sources\" s ON s.\"Id\" = f.\"SourceId\" ";

    public const string ByDate = " ORDER BY f.\"ReferenceDate\", f.\"LocalTime\", f.\"Id\"";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public async Task<NpgsqlConnection> OpenAsync() => await _source.OpenConnectionAsync();

    public async Task<List<FigureRow>> FiguresAsync(string where, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        return await FiguresAsync(connection, where, parameters);
    }

    public static Task<List<FigureRow>> FiguresAsync(NpgsqlConnection connection, string sqlAfterFrom, params (string Name, object Value)[] parameters) =>
        ListAsync(connection, FigureColumns + sqlAfterFrom, r => new FigureRow(
            r.GetInt32(0),
            r.GetString(1),
            r.GetString(2),
            Enum.Parse<MetricKind>(r.GetString(3)),
            r.GetString(4),
            r.GetString(5),
            r.GetFieldValue<DateOnly>(6),
            r.IsDBNull(7) ? null : r.GetFieldValue<TimeOnly>(7),
            r.GetInt64(8),
            r.GetString(9),
            r.GetString(10),
            Enum.Parse<UnitKind>(r.GetString(11)),
            r.GetInt32(12),
            Enum.Parse<Qualifier>(r.GetString(13)),
            r.GetInt32(14),
            r.GetString(15),
            r.GetString(16),
            r.IsDBNull(17) ? null : r.GetString(17),
            r.IsDBNull(18) ? null : r.GetString(18)), parameters);

    /// <summary>m."Code" = ANY(@codes) and its parameter.</summary>
    public static (string Sql, (string, object)[] Parameters) CodesIn(IReadOnlyList<string> codes) =>
        ("m.\"Code\" = ANY(@codes)", [("codes", codes.ToArray())]);

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(read(reader));
        }

        return list;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of a query, one line per plan node, for the log.</summary>
    public static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var lines = await ListAsync(connection, "EXPLAIN (ANALYZE, BUFFERS) " + sql, r => r.GetString(0), parameters);
        return string.Join(" | ", lines.Select(l => l.Trim()));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@', '$'), value);
        }

        return command;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
