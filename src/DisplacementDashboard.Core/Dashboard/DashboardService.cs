using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>
/// The dashboard pages' data: one call per page load, computed by the pure builders. Each page can be asked for as it
/// is now or at an instant (<see cref="KnownWhen"/>: what the store held then, what had been published by then).
/// </summary>
public interface IDashboardService
{
    Task<OverviewModel> GetOverviewAsync(KnownWhen? when = null, CancellationToken cancellationToken = default);

    Task<TimelineModel> GetTimelineAsync(DateOnly from, DateOnly to, KnownWhen? when = null, CancellationToken cancellationToken = default);

    Task<ShelterModel> GetShelterAsync(string? snapshotKey, KnownWhen? when = null, CancellationToken cancellationToken = default);

    Task<AidModel> GetAidAsync(KnownWhen? when = null, CancellationToken cancellationToken = default);

    /// <summary>The timeline replay's moments for the window, from the sources as recorded at <paramref name="asOfUtc"/> (now when null).</summary>
    Task<IReadOnlyList<ReplayMoment>> GetReplayMomentsAsync(DateOnly from, DateOnly to, DateTime? asOfUtc = null, CancellationToken cancellationToken = default);
}

/// <inheritdoc />
public sealed class DashboardService(IFigureQueries queries, HistoricalFigures history) : IDashboardService
{
    private static readonly string[] OverviewMetrics =
    [
        WellKnown.CumulativeArrivals, WellKnown.PrePopulation, WellKnown.PlannedCapacity, WellKnown.Accommodation,
        WellKnown.DepotDeaths, WellKnown.DepotInjured, WellKnown.DepotMissing,
    ];

    private static readonly string[] TimelineMetrics = [WellKnown.CumulativeArrivals, WellKnown.ArrivalsOnDay, WellKnown.PlannedCapacity];

    private static readonly string[] ShelterMetrics = [WellKnown.CumulativeArrivals, WellKnown.Accommodation, WellKnown.AccommodationByMarz, WellKnown.PlannedCapacity];

    public async Task<OverviewModel> GetOverviewAsync(KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        OverviewCalculator.Calculate(await FiguresAsync(OverviewMetrics, when, cancellationToken));

    public async Task<TimelineModel> GetTimelineAsync(DateOnly from, DateOnly to, KnownWhen? when = null, CancellationToken cancellationToken = default)
    {
        var figures = await FiguresAsync(TimelineMetrics, when, cancellationToken);
        var events = when?.RecordedByUtc is { } asOf
            ? await history.GetEventsAsync(asOf, when.Cutoff, cancellationToken)
            : await queries.GetEventsAsync(when?.Cutoff, cancellationToken);
        return TimelineBuilder.Build(figures, events, from, to);
    }

    public async Task<ShelterModel> GetShelterAsync(string? snapshotKey, KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        ShelterBuilder.Build(await FiguresAsync(ShelterMetrics, when, cancellationToken), snapshotKey);

    public async Task<AidModel> GetAidAsync(KnownWhen? when = null, CancellationToken cancellationToken = default) =>
        AidGrouping.Build(when?.RecordedByUtc is { } asOf
            ? await history.GetFiguresAsync(asOf, new FigureFilter(PublishedBy: when.Cutoff), AidGrouping.IsAid, cancellationToken)
            : await queries.GetAidFiguresAsync(when?.Cutoff, cancellationToken));

    public async Task<IReadOnlyList<ReplayMoment>> GetReplayMomentsAsync(DateOnly from, DateOnly to, DateTime? asOfUtc = null, CancellationToken cancellationToken = default)
    {
        var model = await GetTimelineAsync(from, to, new KnownWhen(asOfUtc), cancellationToken);
        var sources = asOfUtc is { } asOf
            ? await history.GetSourcesAsync(asOf, null, cancellationToken)
            : await queries.GetSourcesAsync(cancellationToken);
        return TimelineReplay.Moments(model, sources);
    }

    private Task<IReadOnlyList<FigureRow>> FiguresAsync(string[] metrics, KnownWhen? when, CancellationToken cancellationToken) =>
        when?.RecordedByUtc is { } asOf
            ? history.GetFiguresAsync(asOf, new FigureFilter(metrics, PublishedBy: when.Cutoff), cancellationToken: cancellationToken)
            : queries.GetFiguresAsync(new FigureFilter(metrics, PublishedBy: when?.Cutoff), cancellationToken);
}
