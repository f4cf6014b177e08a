using System.Globalization;
using DisplacementDashboard.Core.Figures;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Figures;

/// <summary>The figures grid: filters live in the URL; paging and sorting run in the database.</summary>
public sealed partial class FiguresPage : ComponentBase
{
    private MudDataGrid<FigureRow>? _grid;
    private DisplacementDashboard.Core.Figures.FilterOptions? _options;
    private FigurePage? _page;
    private FigureFilter _filter = new();

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

    protected override async Task OnInitializedAsync()
    {
        _options = await Queries.GetFilterOptionsAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        var filter = new FigureFilter(
            string.IsNullOrEmpty(Metric) ? null : [Metric],
            string.IsNullOrEmpty(Location) ? null : Location,
            int.TryParse(Source, NumberStyles.None, CultureInfo.InvariantCulture, out var sourceId) ? sourceId : null,
            ParseDate(From),
            ParseDate(To));
        var changed = filter != _filter;
        _filter = filter;
        if (changed && _grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<FigureRow>> LoadData(GridState<FigureRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var column = sort?.SortBy switch
        {
            "Metric" => FigureSort.Metric,
            "Where" => FigureSort.Location,
            "Value" => FigureSort.Value,
            "Source" => FigureSort.Source,
            _ => FigureSort.Date,
        };
        _page = await Queries.GetPageAsync(_filter, state.Page * state.PageSize, state.PageSize, column, sort?.Descending == true, cancellationToken);
        return new GridData<FigureRow> { Items = _page.Rows, TotalItems = _page.Total };
    }

    private void SetQuery(string name, string? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, string.IsNullOrEmpty(value) ? null : value));

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
