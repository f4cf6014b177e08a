using DisplacementDashboard.Core.Figures;

namespace DisplacementDashboard.Core.Dashboard;

/// <summary>The dashboard pages' data: one call per page load, computed by the pure builders.</summary>
public interface IDashboardService
{
    Task<OverviewModel> GetOverviewAsync(CancellationToken cancellationToken = default);

    Task<TimelineModel> GetTimelineAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<ShelterModel> GetShelterAsync(string? snapshotKey, CancellationToken cancellationToken = default);

    Task<AidModel> GetAidAsync(CancellationToken cancellationToken = default);
}

/// <inheritdoc />
public sealed class DashboardService(IFigureQueries queries) : IDashboardService
{
    private static readonly string[] OverviewMetrics =
    [
        WellKnown.CumulativeArrivals, WellKnown.PrePopulation, WellKnown.PlannedCapacity, WellKnown.Accommodation,
        WellKnown.DepotDeaths, WellKnown.DepotInjured, WellKnown.DepotMissing,
    ];

    private static readonly string[] TimelineMetrics = [WellKnown.CumulativeArrivals, WellKnown.ArrivalsOnDay, WellKnown.PlannedCapacity];

    private static readonly string[] ShelterMetrics = [WellKnown.CumulativeArrivals, WellKnown.Accommodation, WellKnown.AccommodationByMarz, WellKnown.PlannedCapacity];

    public async Task<OverviewModel> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        OverviewCalculator.Calculate(await queries.GetFiguresAsync(new FigureFilter(OverviewMetrics), cancellationToken));

    public async Task<TimelineModel> GetTimelineAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var figures = await queries.GetFiguresAsync(new FigureFilter(TimelineMetrics), cancellationToken);
        var events = await queries.GetEventsAsync(cancellationToken);
        return TimelineBuilder.Build(figures, events, from, to);
    }

    public async Task<ShelterModel> GetShelterAsync(string? snapshotKey, CancellationToken cancellationToken = default) =>
        ShelterBuilder.Build(await queries.GetFiguresAsync(new FigureFilter(ShelterMetrics), cancellationToken), snapshotKey);

    public async Task<AidModel> GetAidAsync(CancellationToken cancellationToken = default) =>
        AidGrouping.Build(await queries.GetAidFiguresAsync(cancellationToken));
}
