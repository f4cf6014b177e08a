using System.Globalization;
using DisplacementDashboard.Core.Charts;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Charts;
using DisplacementDashboard.Web.Components.KnownWhen;
using Microsoft.AspNetCore.Components;

namespace DisplacementDashboard.Web.Features.Shelter;

/// <summary>The shelter page; the marz snapshot is in the URL (?snapshot=...).</summary>
public sealed partial class ShelterPage : ComponentBase
{
    private ShelterModel? _model;
    private ChartOptions? _overTime;
    private ChartOptions? _byMarz;
    private List<SnapshotOption> _snapshots = [];
    private string? _snapshotError;
    private IReadOnlyList<ChartDataRow> _overTimeData = [];
    private IReadOnlyList<ChartDataRow> _byMarzData = [];
    private IReadOnlyList<ChartKeyEntry> _overTimeKey = [];
    private ApexChart? _overTimeChart;
    private ApexChart? _byMarzChart;

    [Inject]
    public required IDashboardService Dashboard { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [SupplyParameterFromQuery(Name = "snapshot")]
    public string? Snapshot { get; set; }

    [SupplyParameterFromQuery(Name = "asOf")]
    public string? AsOfText { get; set; }

    [SupplyParameterFromQuery(Name = "knownAt")]
    public string? KnownAtText { get; set; }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        // Only a published snapshot's key reaches the cache: anything else is named in a message and the latest shows.
        var when = KnownWhenQuery.Read(AsOfText, KnownAtText, Time);
        var latest = await Dashboard.GetShelterAsync(null, when);
        _snapshotError = null;
        if (string.IsNullOrEmpty(Snapshot))
        {
            _model = latest;
        }
        else if (latest.Snapshots.Any(s => s.Key == Snapshot))
        {
            _model = await Dashboard.GetShelterAsync(Snapshot, when);
        }
        else
        {
            _snapshotError = when.IsNow
                ? $"'{Snapshot}' in 'snapshot' is not one of the published marz snapshots; showing the latest."
                : $"'{Snapshot}' in 'snapshot' is not one of the marz snapshots known at the moment this page shows; showing the latest of those.";
            _model = latest;
        }

        _overTime = ShelterChartBuilder.OverTime(_model);
        _snapshots = _model.Snapshots.Select(s => new SnapshotOption(s.Key, Label(s))).ToList();
        _byMarz = _model.Selected is { } selected ? ShelterChartBuilder.ByMarz(selected) : null;
        _overTimeData = ShelterChartBuilder.OverTimeData(_model);
        _byMarzData = _model.Selected is { } s ? ShelterChartBuilder.ByMarzData(s) : [];
        _overTimeKey = [new ChartKeyEntry(Timeline.TimelineChartBuilder.PreparationKey, "", "dashed line: " + Timeline.TimelineChartBuilder.PreparationText(_model.Preparation), null, null, null)];
    }

    private void OnSnapshotChanged(string? key) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("snapshot", key));

    private static string Label(MarzSnapshot s) =>
        $"{FigureFormat.When(s.Date, s.Time, CultureInfo.CurrentCulture)} · {s.SourceTitle}";

    private static string MarzTitle(MarzBreakdown b) =>
        $"People in state-provided accommodation by marz, {FigureFormat.When(b.Snapshot.Date, b.Snapshot.Time, CultureInfo.CurrentCulture)}";

    private static string MarzFileStem(MarzBreakdown b) =>
        string.Create(CultureInfo.InvariantCulture, $"shelter-by-marz-{b.Snapshot.Date:yyyy-MM-dd}{(b.Snapshot.Time is { } t ? t.ToString("'T'HHmm", CultureInfo.InvariantCulture) : "")}");

    /// <summary>Shape the drop-down binds to.</summary>
    public sealed record SnapshotOption(string Key, string Label);
}
