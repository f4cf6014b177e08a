using System.Collections.Concurrent;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>
/// Keeps each dashboard model (per page and window) until the next committed change. Every page load asks twice
/// (prerender, then the interactive circuit) and many people watch the same pages, so most loads are answered
/// without touching the store. Invalidation does not depend on the order of the change handlers: every read
/// compares the notifier's <see cref="FigureChangeNotifier.Version"/> with the version the entries were loaded at.
/// Models are immutable records and lists that pages only read, so one instance can serve every circuit.
/// </summary>
public sealed class CachedDashboardService(DashboardService inner, FigureChangeNotifier notifier) : IDashboardService
{
    /// <summary>Most models kept per generation (all pages and windows together); about 250 KB each at most.</summary>
    public const int MaxEntries = 128;

    private readonly object _gate = new();
    private Generation _current = new(notifier.Version);

    public Task<OverviewModel> GetOverviewAsync(KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        GetAsync(("overview", Key(when)), () => inner.GetOverviewAsync(when, CancellationToken.None), cancellationToken);

    public Task<TimelineModel> GetTimelineAsync(DateOnly from, DateOnly to, KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        GetAsync(("timeline", from, to, Key(when)), () => inner.GetTimelineAsync(from, to, when, CancellationToken.None), cancellationToken);

    public Task<ShelterModel> GetShelterAsync(string? snapshotKey, KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        GetAsync(("shelter", snapshotKey ?? "", Key(when)), () => inner.GetShelterAsync(snapshotKey, when, CancellationToken.None), cancellationToken);

    public Task<AidModel> GetAidAsync(KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        GetAsync(("aid", Key(when)), () => inner.GetAidAsync(when, CancellationToken.None), cancellationToken);

    /// <summary>Each instant its own entries; now is the empty key.</summary>
    public Task<IReadOnlyList<ReplayMoment>> GetReplayMomentsAsync(DateOnly from, DateOnly to, DateTime? asOfUtc = null, CancellationToken cancellationToken = default) =>
        GetAsync(("replay", from, to, asOfUtc?.Ticks ?? 0), () => inner.GetReplayMomentsAsync(from, to, asOfUtc, CancellationToken.None), cancellationToken);

    private static string Key(KnownWhen? when) => when is null or { IsNow: true } ? "" : when.CacheKey;

    private async Task<T> GetAsync<T>(object key, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        var generation = CurrentGeneration();

        // A bounded cache: anonymous visitors choose timeline windows, and every distinct window would otherwise stay
        // until the next change (1,600 windows held about 390 MB). Past the cap a new key is loaded for its caller
        // and not kept; the keys already cached (the default windows are asked for first) keep being shared.
        if (!generation.Entries.TryGetValue(key, out var task))
        {
            if (generation.Entries.Count >= MaxEntries)
            {
                return (T)await LoadAsync(load).WaitAsync(cancellationToken);
            }

            // The shared load ignores the caller's token (another circuit may be waiting for it); the wait honours it.
            task = generation.Entries.GetOrAdd(key, _ => LoadAsync(load));
        }

        try
        {
            return (T)await task.WaitAsync(cancellationToken);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            // A failed load is not remembered; the next caller tries again.
            generation.Entries.TryRemove(new KeyValuePair<object, Task<object>>(key, task));
            throw;
        }
    }

    private static async Task<object> LoadAsync<T>(Func<Task<T>> load) => (await load())!;

    private Generation CurrentGeneration()
    {
        var version = notifier.Version;
        var current = Volatile.Read(ref _current);
        if (current.Version == version)
        {
            return current;
        }

        lock (_gate)
        {
            if (_current.Version != version)
            {
                _current = new Generation(version);
            }

            return _current;
        }
    }

    private sealed class Generation(long version)
    {
        public long Version { get; } = version;

        public ConcurrentDictionary<object, Task<object>> Entries { get; } = new();
    }
}
