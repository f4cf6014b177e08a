namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Tells open dashboards and every cache that the store changed, so pages reload without a refresh and caches drop
/// what they hold. In process on SQLite (one app instance); with an <see cref="IChangeBroadcast"/> (PostgreSQL), a
/// change committed on this node is also sent to the others, and one committed elsewhere is raised here as if it had
/// been made on this node.
/// </summary>
public sealed class FigureChangeNotifier
{
    private readonly IChangeBroadcast? _broadcast;
    private long _version;

    /// <summary>One app instance: notices stay in this process.</summary>
    public FigureChangeNotifier()
    {
    }

    /// <summary>Several nodes: notices go out through <paramref name="broadcast"/> and come in from it.</summary>
    public FigureChangeNotifier(IChangeBroadcast broadcast)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        _broadcast = broadcast;
        broadcast.Received += RaiseAsync;
    }

    /// <summary>Raised after a change is committed.</summary>
    public event Func<Task>? Changed;

    /// <summary>Goes up by one per committed change, before the handlers run (caches compare it on every read).</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>After a commit on this node: raises the change here, then tells the other nodes.</summary>
    public async Task NotifyAsync()
    {
        await RaiseAsync();
        if (_broadcast is not null)
        {
            await _broadcast.PublishAsync();
        }
    }

    private async Task RaiseAsync()
    {
        Interlocked.Increment(ref _version);
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
        {
            try
            {
                await handler();
            }
            catch (ObjectDisposedException)
            {
                // A page closed while we were notifying it; the others still get the news.
            }
        }
    }
}
