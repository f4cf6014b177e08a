using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>Counts the SQL commands EF Core sends, to check "one query per widget per page load".</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private readonly List<(string Sql, (string, object)[] Parameters)> _commands = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The commands seen since <see cref="Reset"/>, with their parameter values, for EXPLAIN QUERY PLAN.</summary>
    public IReadOnlyList<(string Sql, (string, object)[] Parameters)> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        lock (_commands)
        {
            _commands.Clear();
        }
    }

    private void Seen(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        lock (_commands)
        {
            _commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToArray()));
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }
}
