using System.Globalization;
using DisplacementDashboard.Core.Figures;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace DisplacementDashboard.Web.Features.Figures;

/// <summary>The figures grid: filters live in the URL; paging and sorting run in the database.</summary>
public sealed partial class FiguresPage : ComponentBase
{
    private RadzenDataGrid<FigureRow>? _grid;
    private FilterOptions? _options;
    private FigurePage? _page;
    private bool _loading;
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
            await _grid.FirstPage(true);
        }
    }

    private async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.Reload();
        }
    }

    private async Task LoadData(LoadDataArgs args)
    {
        _loading = true;
        var sort = args.Sorts?.FirstOrDefault(s => s.SortOrder is not null);
        var column = sort?.Property switch
        {
            nameof(FigureRow.MetricName) => FigureSort.Metric,
            nameof(FigureRow.LocationName) => FigureSort.Location,
            nameof(FigureRow.Value) => FigureSort.Value,
            nameof(FigureRow.SourceTitle) => FigureSort.Source,
            _ => FigureSort.Date,
        };
        _page = await Queries.GetPageAsync(_filter, args.Skip ?? 0, args.Top ?? 25, column, sort?.SortOrder == SortOrder.Descending);
        _loading = false;
    }

    private void SetQuery(string name, string? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, string.IsNullOrEmpty(value) ? null : value));

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
