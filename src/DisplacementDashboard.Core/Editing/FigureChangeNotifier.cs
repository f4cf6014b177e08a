namespace DisplacementDashboard.Core.Editing;

/// <summary>
/// Tells open dashboards that the store changed so they reload without a page refresh (one app instance;
/// a farm of servers would need a shared channel instead).
/// </summary>
public sealed class FigureChangeNotifier
{
    /// <summary>Raised after a change is committed.</summary>
    public event Func<Task>? Changed;

    public async Task NotifyAsync()
    {
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
