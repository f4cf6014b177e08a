using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// Times every command EF Core sends (from executing to executed, reading included) while <see cref="Recording"/>
/// is set, to say where one operation's time goes: how many round trips, and which of them cost.
/// </summary>
public sealed class CommandTimer : DbCommandInterceptor
{
    private readonly List<(string Sql, double Ms)> _commands = [];
    private readonly Dictionary<DbCommand, long> _started = [];

    public bool Recording { get; set; }

    public IReadOnlyList<(string Sql, double Ms)> Commands
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
        lock (_commands)
        {
            _commands.Clear();
            _started.Clear();
        }
    }

    private void Start(DbCommand command)
    {
        if (Recording)
        {
            lock (_commands)
            {
                _started[command] = Stopwatch.GetTimestamp();
            }
        }
    }

    private void Stop(DbCommand command)
    {
        lock (_commands)
        {
            if (_started.Remove(command, out var start))
            {
                _commands.Add((command.CommandText, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            }
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }

    // A reader's time runs until it is closed: reading the rows is part of the round trip's cost.
    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Stop(command);
        return ValueTask.FromResult(result);
    }
}
