using System.Globalization;
using DisplacementDashboard.Core.Figures;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Figures;

/// <summary>
/// The figures grid. The address holds the whole view (<see cref="FiguresView"/>); paging, sorting and filtering run in
/// the database. Filter changes add a history entry (Back undoes a filter); page, page-size and sort clicks replace the
/// current entry, so Back leaves the grid instead of stepping through every page visited, while the address still
/// reproduces exactly what is shown.
/// </summary>
public sealed partial class FiguresPage : ComponentBase
{
    private MudDataGrid<FigureRow>? _grid;
    private DisplacementDashboard.Core.Figures.FilterOptions? _options;
    private FigurePage? _page;
    private FiguresView _view = new();
    private IReadOnlyList<string> _problems = [];
    private string? _clampNotice;
    private int _gridKey;

    [Inject]
    public required IFigureQueries Queries { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "metric")]
    public string? Metric { get; set; }

    [SupplyParameterFromQuery(Name = "location")]
    public string? Location { get; set; }

    [SupplyParameterFromQuery(Name = "source")]
    public string? Source { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary>"true": only figures a second editor checked (<see cref="FiguresView.VerifiedOnly"/>).</summary>
    [SupplyParameterFromQuery(Name = "verified")]
    public string? Verified { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "dir")]
    public string? Dir { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    [SupplyParameterFromQuery(Name = "asOf")]
    public string? AsOfText { get; set; }

    [SupplyParameterFromQuery(Name = "knownAt")]
    public string? KnownAtText { get; set; }

    [Inject]
    public required Core.History.HistoricalFigures History { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private Core.History.KnownWhen _when = Core.History.KnownWhen.Now;

    protected override async Task OnInitializedAsync()
    {
        _options = await Queries.GetFilterOptionsAsync();
    }

    protected override void OnParametersSet()
    {
        var view = FiguresView.Parse(Metric, Location, Source, From, To, Sort, Dir, PageNumber, PageSize, out var problems, Verified);
        var found = problems.ToList();
        if (_options is { } o)
        {
            // An unknown code would silently give an empty grid; say so and leave that filter off instead.
            if (view.Metric is { } m && o.Metrics.All(x => x.Value != m))
            {
                found.Add($"metric: “{m}” is not a known metric code, so figures of every metric are shown.");
                view = view with { Metric = null };
            }

            if (view.Location is { } l && o.Locations.All(x => x.Value != l))
            {
                found.Add($"location: “{l}” is not a known place code, so figures for every place are shown.");
                view = view with { Location = null };
            }

            if (view.SourceId is { } s && o.Sources.All(x => x.Value != s.ToString(CultureInfo.InvariantCulture)))
            {
                found.Add($"source: {s.ToString(CultureInfo.InvariantCulture)} is not a source in the store, so figures from every source are shown.");
                view = view with { SourceId = null };
            }
        }

        if (_clampNotice is not null)
        {
            found.Add(_clampNotice);
        }

        _problems = found;
        var when = Components.KnownWhen.KnownWhenQuery.Read(AsOfText, KnownAtText, Time);
        if (when != _when)
        {
            _when = when;
            _gridKey++;
        }

        if (view != _view)
        {
            // The address changed from outside the grid (a filter, Back/Forward, a pasted link): start a grid from it.
            _view = view;
            _gridKey++;
        }
    }

    private Task ChangeFiltersAsync(FiguresView view)
    {
        _clampNotice = null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(view.ToQuery()));
        return Task.CompletedTask;
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private SortDirection Direction(FigureSort column) =>
        _view.Sort != column ? SortDirection.None : _view.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task<GridData<FigureRow>> LoadData(GridState<FigureRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var (column, descending) = sort is not null && FiguresView.SortKeys.TryGetValue(sort.SortBy, out var c) ? (c, sort.Descending) : (FigureSort.Date, false);
        var shown = _view with { Sort = column, Descending = descending, Page = state.Page + 1, PageSize = state.PageSize };
        var filter = shown.Filter with { PublishedBy = _when.Cutoff };
        var page = _when.RecordedByUtc is { } asOf
            ? await History.GetPageAsync(asOf, filter, state.Page * state.PageSize, state.PageSize, column, descending, cancellationToken)
            : await Queries.GetPageAsync(filter, state.Page * state.PageSize, state.PageSize, column, descending, cancellationToken);
        if (page.Rows.Count == 0 && page.Total > 0 && state.Page > 0)
        {
            // Past the last page (an old link, or figures retracted since): show the last page and say so.
            var last = (page.Total + state.PageSize - 1) / state.PageSize;
            _clampNotice = $"page: {shown.Page.ToString(CultureInfo.InvariantCulture)} is past the last page ({last.ToString(CultureInfo.InvariantCulture)}); showing page {last.ToString(CultureInfo.InvariantCulture)}.";
            _view = shown with { Page = last };
            _gridKey++;
            Show(_view);
            return new GridData<FigureRow> { Items = [], TotalItems = page.Total };
        }

        if (shown != _view)
        {
            // A page, size or sort click: the grid already shows it; only the address follows.
            _clampNotice = null;
            _view = shown;
            Show(shown);
        }

        _page = page;
        return new GridData<FigureRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private void Show(FiguresView view)
    {
        if (RendererInfo.IsInteractive)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(view.ToQuery()), replace: true);
        }

        _ = InvokeAsync(StateHasChanged);
    }
}
