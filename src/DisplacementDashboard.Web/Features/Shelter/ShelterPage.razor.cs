using System.Globalization;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Charts;
using Microsoft.AspNetCore.Components;

namespace DisplacementDashboard.Web.Features.Shelter;

/// <summary>The shelter page; the marz snapshot is in the URL (?snapshot=...).</summary>
public sealed partial class ShelterPage : ComponentBase
{
    private ShelterModel? _model;
    private ChartOptions? _overTime;
    private ChartOptions? _byMarz;
    private List<SnapshotOption> _snapshots = [];

    [Inject]
    public required IDashboardService Dashboard { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "snapshot")]
    public string? Snapshot { get; set; }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _model = await Dashboard.GetShelterAsync(Snapshot);
        _overTime = ShelterChartBuilder.OverTime(_model);
        _snapshots = _model.Snapshots.Select(s => new SnapshotOption(s.Key, Label(s))).ToList();
        _byMarz = _model.Selected is { } selected ? ShelterChartBuilder.ByMarz(selected) : null;
    }

    private void OnSnapshotChanged(string? key) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("snapshot", key));

    private static string Label(MarzSnapshot s) =>
        $"{FigureFormat.When(s.Date, s.Time, CultureInfo.CurrentCulture)} · {s.SourceTitle}";

    /// <summary>Shape the drop-down binds to.</summary>
    public sealed record SnapshotOption(string Key, string Label);
}
