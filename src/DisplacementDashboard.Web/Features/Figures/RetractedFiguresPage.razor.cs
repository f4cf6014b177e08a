using System.Globalization;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Figures;

/// <summary>
/// The retracted figures, for editors: paged and sorted in the database (<see cref="RetractedFigureQueries"/>), the view
/// in the address (<see cref="RetractedView"/>). Restore asks for a reason in a dialog and restores through
/// <see cref="FigureEditor.RestoreAsync"/>, the same call as the figure's edit page; the restored figure leaves the list.
/// </summary>
public sealed partial class RetractedFiguresPage : ComponentBase
{
    private MudDataGrid<RetractedFigureRow>? _grid;
    private RetractedView _view = new();
    private IReadOnlyList<string> _problems = [];
    private string? _clampNotice;
    private string? _refused;
    private int _gridKey;
    private bool _busy;

    [Inject]
    public required RetractedFigureQueries Queries { get; init; }

    [Inject]
    public required FigureEditor Editor { get; init; }

    [Inject]
    public required SecurityEvents Security { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> Auth { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "dir")]
    public string? Dir { get; set; }

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = "pageSize")]
    public string? PageSize { get; set; }

    protected override void OnParametersSet()
    {
        var view = RetractedView.Parse(Sort, Dir, PageNumber, PageSize, out var problems);
        _problems = _clampNotice is null ? problems : [.. problems, _clampNotice];
        if (view != _view)
        {
            // The address changed from outside the grid (Back/Forward, a pasted link): start a grid from it.
            _view = view;
            _gridKey++;
        }
    }

    private SortDirection Direction(RetractedSort column) =>
        _view.Sort != column ? SortDirection.None : _view.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<RetractedFigureRow>> LoadData(GridState<RetractedFigureRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var (column, descending) = sort is not null && RetractedView.SortKeys.TryGetValue(sort.SortBy, out var c)
            ? (c, sort.Descending)
            : (RetractedSort.RetractedAt, RetractedView.DescendingByDefault(RetractedSort.RetractedAt));
        var shown = _view with { Sort = column, Descending = descending, Page = state.Page + 1, PageSize = state.PageSize };
        RetractedFigurePage page;
        try
        {
            page = await Queries.GetPageAsync((await Auth).User, state.Page * state.PageSize, state.PageSize, column, descending, cancellationToken);
            _refused = null;
        }
        catch (NotAuthorizedException ex)
        {
            // The account was disabled or lost its role while the page was open.
            await Security.RefusedAsync("listing retracted figures", ex.Message);
            _refused = ex.Message;
            return new GridData<RetractedFigureRow> { Items = [], TotalItems = 0 };
        }

        if (page.Rows.Count == 0 && page.Total > 0 && state.Page > 0)
        {
            // Past the last page (an old link, or the last row of a page restored): show the last page and say so.
            var last = (page.Total + state.PageSize - 1) / state.PageSize;
            _clampNotice = $"page: {shown.Page.ToString(CultureInfo.InvariantCulture)} is past the last page ({last.ToString(CultureInfo.InvariantCulture)}); showing page {last.ToString(CultureInfo.InvariantCulture)}.";
            _problems = [_clampNotice];
            _view = shown with { Page = last };
            _gridKey++;
            Show(_view);
            return new GridData<RetractedFigureRow> { Items = [], TotalItems = page.Total };
        }

        if (shown != _view)
        {
            // A page, size or sort click: the grid already shows it; only the address follows.
            _clampNotice = null;
            _view = shown;
            Show(shown);
        }

        return new GridData<RetractedFigureRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private void Show(RetractedView view)
    {
        if (RendererInfo.IsInteractive)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(view.ToQuery()), replace: true);
        }

        _ = InvokeAsync(StateHasChanged);
    }

    private async Task RestoreAsync(RetractedFigureRow row)
    {
        if (_busy)
        {
            return;
        }

        var id = row.Figure.Id;
        var dialog = await Dialogs.ShowAsync<RestoreFigureDialog>(
            $"Restore figure {id}?",
            new DialogParameters<RestoreFigureDialog> { { d => d.Row, row } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: string reason })
        {
            return;
        }

        _busy = true;
        try
        {
            var result = await Editor.RestoreAsync((await Auth).User, id, row.Version, reason);
            var (text, severity) = result.Status switch
            {
                EditStatus.Saved => ($"Figure {id} restored: it is back on the dashboards.", Severity.Success),
                EditStatus.Conflict => ($"Not restored: figure {id} was changed by {result.Conflict?.UpdatedBy ?? "someone else"} after this list was loaded. The list is up to date again; try once more if it still applies.", Severity.Error),
                EditStatus.NotFound => ($"Not restored: figure {id} no longer exists.", Severity.Error),
                _ => ("Not restored: " + string.Join(" ", result.FieldErrors.Select(e => e.Message)), Severity.Error),
            };
            Snackbar.Add(text, severity);
        }
        catch (NotAuthorizedException ex)
        {
            await Security.RefusedAsync($"restoring figure {id}", ex.Message);
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        // Saved or not, the list shows the store as it is now: a restored figure leaves it.
        await ReloadAsync();
    }
}
