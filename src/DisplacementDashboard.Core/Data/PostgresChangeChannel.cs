using System.Globalization;
using DisplacementDashboard.Core.Editing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// Change notices between the nodes that share one PostgreSQL store: after a commit a node sends
/// <c>NOTIFY dashboard_changes</c> with its own id, and every node keeps one connection that <c>LISTEN</c>s and raises
/// each other node's notice through <see cref="FigureChangeNotifier"/> (open pages reload, caches are dropped). The
/// listening connection reconnects after it is lost (server restart, network); since notices sent meanwhile are lost,
/// a reconnection is raised as a change too, so no node keeps serving what it cached before the outage.
/// </summary>
public sealed class PostgresChangeChannel(IOptions<DashboardDataOptions> options, ILogger<PostgresChangeChannel> logger)
    : BackgroundService, IChangeBroadcast
{
    /// <summary>The PostgreSQL notification channel.</summary>
    public const string Channel = "dashboard_changes";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private long _received;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
    {
        // Its own small pool of one, outside the app's: a listening connection is never handed back.
        Pooling = false,
        KeepAlive = 30,
        ApplicationName = "DisplacementDashboard change listener",
    }.ToString();

    public event Func<Task>? Received;

    /// <summary>Completes once this node listens (the first time); tests wait for it before a change elsewhere.</summary>
    public Task Listening => _listening.Task;

    /// <summary>How many notices from other nodes (and reconnections) this node has raised.</summary>
    public long ReceivedCount => Interlocked.Read(ref _received);

    public async Task PublishAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @node)", connection);
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("node", _node);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The change is committed and this node's pages know; the others see it when their listener reconnects.
            logger.LogWarning(e, "Could not tell the other nodes about a change; they will reload when their listener next reconnects");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        var connectedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == Channel && e.Payload != _node)
                    {
                        _ = RaiseAsync();
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (connectedBefore)
                {
                    logger.LogInformation("Change listener reconnected; dropping what this node cached meanwhile");
                    await RaiseAsync();
                }

                connectedBefore = true;
                retry = FirstRetry;
                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                logger.LogWarning(e, "Change listener lost its connection; retrying in {Seconds} s", retry.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture));
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task RaiseAsync()
    {
        Interlocked.Increment(ref _received);
        try
        {
            if (Received is { } received)
            {
                await received();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "A change notice from another node could not be raised");
        }
    }
}
