namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Tells open dashboards that the store changed so they reload without a page refresh (one app instance;
/// a farm of servers would need a shared channel instead).
/// </summary>
public sealed class FigureChangeNotifier
{
    private long _version;

    /// <summary>Raised after a change is committed.</summary>
    public event Func<Task>? Changed;

    /// <summary>Goes up by one per committed change, before the handlers run (caches compare it on every read).</summary>
    public long Version => Interlocked.Read(ref _version);

    public async Task NotifyAsync()
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
