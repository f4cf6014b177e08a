using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// One prepared <c>INSERT ... RETURNING</c> of an entity type's row, for bulk writes where a change-tracked entity and
/// one EF command per row cost most of the time (the CSV import, docs/performance.md). Table, columns, parameter types
/// and value converters all come from the EF model, so a renamed column or a new property cannot be missed, and each
/// value is bound as <c>SaveChanges</c> binds it (the property's type mapping creates the parameter, its converter turns
/// the value into the provider value), so the stored text is the same. Runs on the context's connection inside its
/// current transaction: nothing is written unless that transaction commits.
/// </summary>
internal sealed class PreparedInsert<TEntity> : IDisposable
    where TEntity : class
{
    private readonly DbCommand _command;
    private readonly Column[] _columns;

    private PreparedInsert(DbCommand command, Column[] columns)
    {
        _command = command;
        _columns = columns;
    }

    /// <summary>
    /// Builds and prepares the command. The entity type must have a single store-generated key and no other
    /// store-generated or shadow property (their values could not be taken from the entity); otherwise this throws,
    /// so a model change that breaks the assumption fails loudly instead of writing different rows than EF would.
    /// </summary>
    public static PreparedInsert<TEntity> Create(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException($"A prepared insert of {typeof(TEntity).Name} runs inside the context's transaction; begin one first.");
        var entityType = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } single]
            ? single
            : throw new InvalidOperationException($"{typeof(TEntity).Name} needs a single store-generated key for a prepared insert.");

        var properties = entityType.GetProperties().Where(p => p != key).ToList();
        foreach (var property in properties)
        {
            if (property.IsShadowProperty() || property.ValueGenerated != ValueGenerated.Never)
            {
                throw new InvalidOperationException($"{typeof(TEntity).Name}.{property.Name} is a shadow or store-generated property; a prepared insert cannot bind it as EF would.");
            }
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        string ColumnName(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(store)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name}.{p.Name} has no column in {table}."));

        var command = db.Database.GetDbConnection().CreateCommand();
        try
        {
            command.Transaction = transaction;
            var columns = new Column[properties.Count];
            for (var i = 0; i < properties.Count; i++)
            {
                var property = properties[i];
                var mapping = property.GetRelationalTypeMapping();
                if (mapping.Converter is null && (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType).IsEnum)
                {
                    // EF turns such a value into its number before binding; this class binds values as they are.
                    throw new InvalidOperationException($"{typeof(TEntity).Name}.{property.Name} is an enum without a value converter.");
                }

                var name = "p" + i.ToString(CultureInfo.InvariantCulture);
                var parameter = mapping.CreateParameter(command, sql.GenerateParameterName(name), null, property.IsNullable);
                command.Parameters.Add(parameter);
                columns[i] = new Column(property.GetGetter(), mapping.Converter, parameter, sql.GenerateParameterNamePlaceholder(name));
            }

            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(table, entityType.GetSchema())} ({string.Join(", ", properties.Select(ColumnName))}) " +
                $"VALUES ({string.Join(", ", columns.Select(c => c.Placeholder))}) RETURNING {ColumnName(key)}{sql.StatementTerminator}";
            command.Prepare();
            return new PreparedInsert<TEntity>(command, columns);
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }

    /// <summary>Inserts the entity's row and returns the key the store gave it; the caller sets it on the entity.</summary>
    public async Task<long> InsertAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var column in _columns)
        {
            var value = column.Getter.GetClrValueUsingContainingEntity(entity);
            if (value is not null && column.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            column.Parameter.Value = value ?? DBNull.Value;
        }

        var id = await _command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public void Dispose() => _command.Dispose();

    private sealed record Column(IClrPropertyGetter Getter, ValueConverter? Converter, DbParameter Parameter, string Placeholder);
}
