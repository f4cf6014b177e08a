using DisplacementDashboard.Core.Editing;

namespace DisplacementDashboard.Core.Figures;

/// <summary>A metric's name and what it measures, as every page's metric names show it on hover and focus.</summary>
public sealed record MetricDefinition(string Code, string Name, string? Definition);

/// <summary>
/// The definitions of every metric, read once and shared by every page and circuit until the next committed change
/// (<see cref="FigureChangeNotifier.Version"/>), so a grid of fifty metric names asks the store nothing.
/// </summary>
public sealed class MetricDefinitions(ReferenceQueries reference, FigureChangeNotifier notifier)
{
    private readonly object _gate = new();
    private (long Version, Task<IReadOnlyDictionary<string, MetricDefinition>> Load)? _current;

    /// <summary>Every metric's definition by code (ordinal).</summary>
    public async Task<IReadOnlyDictionary<string, MetricDefinition>> GetAsync(CancellationToken cancellationToken = default)
    {
        var version = notifier.Version;
        Task<IReadOnlyDictionary<string, MetricDefinition>> load;
        lock (_gate)
        {
            if (_current is not { } current || current.Version != version || current.Load.IsFaulted || current.Load.IsCanceled)
            {
                _current = (version, LoadAsync());
            }

            load = _current.Value.Load;
        }

        return await load.WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyDictionary<string, MetricDefinition>> LoadAsync()
    {
        // The shared load ignores any caller's token: another circuit may be waiting for it.
        var metrics = await reference.GetMetricsAsync(withFigureCounts: false, CancellationToken.None);
        return metrics.ToDictionary(m => m.Code, m => new MetricDefinition(m.Code, m.Name, m.Definition), StringComparer.Ordinal);
    }
}
