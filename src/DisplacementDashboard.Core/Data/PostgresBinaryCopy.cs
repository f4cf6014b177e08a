using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// PostgreSQL's binary <c>COPY ... FROM STDIN</c> of an entity type's rows, for the import's bulk writes (the twin of
/// <see cref="PreparedInsert{TEntity}"/> on SQLite). Table, columns and value converters come from the EF model, so
/// the stored values are those <c>SaveChanges</c> would store. Runs on the context's connection inside its current
/// transaction: the rows are written only if that transaction commits, and the insert triggers (the kept source counts)
/// fire for the whole copy as one statement. With <c>withKey</c> the key column is written too (the caller
/// reserved the keys with <see cref="ReserveKeysAsync"/>), so rows that refer to the new ones can be written after.
/// </summary>
internal sealed class PostgresBinaryCopy<TEntity> : IAsyncDisposable
    where TEntity : class
{
    private readonly NpgsqlBinaryImporter _importer;
    private readonly Column[] _columns;

    /// <summary>How long completing a copy may take (the import's limits bound its size: 200,000 rows by default).</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(10);

    private PostgresBinaryCopy(NpgsqlBinaryImporter importer, Column[] columns)
    {
        _importer = importer;
        _columns = columns;
    }

    /// <summary>Starts the copy. The same model checks as <see cref="PreparedInsert{TEntity}.Create"/>.</summary>
    public static async Task<PostgresBinaryCopy<TEntity>> BeginAsync(DbContext db, bool withKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        _ = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException($"A binary copy of {typeof(TEntity).Name} runs inside the context's transaction; begin one first.");
        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } single]
            ? single
            : throw new InvalidOperationException($"{typeof(TEntity).Name} needs a single store-generated key for a binary copy.");

        var properties = entityType.GetProperties().Where(p => withKey || p != key).ToList();
        foreach (var property in properties.Where(p => p != key))
        {
            if (property.IsShadowProperty() || property.ValueGenerated != ValueGenerated.Never)
            {
                throw new InvalidOperationException($"{typeof(TEntity).Name}.{property.Name} is a shadow or store-generated property; a binary copy cannot write it as EF would.");
            }
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = properties.Select(p =>
        {
            var mapping = p.GetRelationalTypeMapping();
            var name = p.GetColumnName(store) ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{p.Name} has no column in {table}.");
            return new Column(sql.DelimitIdentifier(name), p.GetGetter(), mapping.Converter, TypeOf(mapping, typeof(TEntity).Name, p.Name));
        }).ToArray();

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var command = $"COPY {sql.DelimitIdentifier(table, entityType.GetSchema())} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        var importer = await connection.BeginBinaryImportAsync(command, cancellationToken);
        // Completing the copy is when the server checks and indexes every row and runs the statement triggers: for an
        // import of 100,000 figures that took longer than Npgsql's default 30 s command timeout on a loaded 2-core
        // machine, and the import was refused (docs/performance.md). The copy waits CopyTimeout, or the context's
        // command timeout if that is longer; the caller's cancellation token still ends it at once.
        var configured = db.Database.GetCommandTimeout() is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        importer.Timeout = configured > CopyTimeout ? configured : CopyTimeout;
        return new PostgresBinaryCopy<TEntity>(importer, columns);
    }

    /// <summary>Takes <paramref name="count"/> values of <typeparamref name="TEntity"/>'s key sequence (its identity column).</summary>
    public static async Task<List<long>> ReserveKeysAsync(DbContext db, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = entityType.GetTableName()!;
        var key = entityType.FindPrimaryKey()!.Properties.Single();
        var column = key.GetColumnName(StoreObjectIdentifier.Table(table, entityType.GetSchema()))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence(@table, @column)) FROM generate_series(1, @count)", connection);
        command.Parameters.AddWithValue("table", sql.DelimitIdentifier(table, entityType.GetSchema()));
        command.Parameters.AddWithValue("column", column);
        command.Parameters.AddWithValue("count", count);
        var keys = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetInt64(0));
        }

        return keys;
    }

    /// <summary>Writes one entity's row.</summary>
    public async Task WriteAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await _importer.StartRowAsync(cancellationToken);
        foreach (var column in _columns)
        {
            var value = column.Getter.GetClrValueUsingContainingEntity(entity);
            if (value is not null && column.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            await WriteValueAsync(value, column.Type, cancellationToken);
        }
    }

    /// <summary>Ends the copy; without this, disposing cancels it and nothing is written.</summary>
    public async Task<ulong> CompleteAsync(CancellationToken cancellationToken) => await _importer.CompleteAsync(cancellationToken);

    public ValueTask DisposeAsync() => _importer.DisposeAsync();

    private Task WriteValueAsync(object? value, NpgsqlDbType type, CancellationToken cancellationToken) => value switch
    {
        null => _importer.WriteNullAsync(cancellationToken),
        int i => _importer.WriteAsync(i, type, cancellationToken),
        long l => _importer.WriteAsync(l, type, cancellationToken),
        bool b => _importer.WriteAsync(b, type, cancellationToken),
        string s => _importer.WriteAsync(s, type, cancellationToken),
        DateOnly d => _importer.WriteAsync(d, type, cancellationToken),
        TimeOnly t => _importer.WriteAsync(t, type, cancellationToken),
        DateTime t => _importer.WriteAsync(t, type, cancellationToken),
        DateTimeOffset t => _importer.WriteAsync(t, type, cancellationToken),
        _ => throw new InvalidOperationException($"A binary copy cannot write a {value.GetType().Name}."),
    };

    private static NpgsqlDbType TypeOf(RelationalTypeMapping mapping, string entity, string property)
    {
        var store = mapping.StoreType;
        var type = store.Split('(')[0].Trim();
        return type switch
        {
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "boolean" => NpgsqlDbType.Boolean,
            "text" => NpgsqlDbType.Text,
            "character varying" => NpgsqlDbType.Varchar,
            "date" => NpgsqlDbType.Date,
            "time without time zone" => NpgsqlDbType.Time,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            _ => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{entity}.{property} is stored as {store}, which the binary copy does not write yet.")),
        };
    }

    private sealed record Column(string Name, IClrPropertyGetter Getter, ValueConverter? Converter, NpgsqlDbType Type);
}
