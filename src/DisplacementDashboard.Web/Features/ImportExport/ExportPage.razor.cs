using System.Globalization;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.Web.Features.Api;
using Microsoft.AspNetCore.Components;

namespace DisplacementDashboard.Web.Features.ImportExport;

/// <summary>
/// The export page: filters in the URL (as on /figures), a count of what the file will hold, and download links to
/// the export API with the same query. The page builds no file itself.
/// </summary>
public sealed partial class ExportPage : ComponentBase
{
    private DisplacementDashboard.Core.Figures.FilterOptions? _options;
    private int? _count;
    private DateTime? _asOfUtc;
    private PublishedCutoff? _knownAt;

    // What the as-of pickers show: the address's instant even when it is refused (in the future), so the pickers
    // keep the user's choice next to the error instead of clearing it and the address with it.
    private DateTime? _asOfPicked;
    private bool _hxl;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [Inject]
    public required IFigureQueries Queries { get; init; }

    [Inject]
    public required ExportService Exports { get; init; }

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

    [SupplyParameterFromQuery(Name = "asOf")]
    public string? AsOf { get; set; }

    [SupplyParameterFromQuery(Name = "knownAt")]
    public string? KnownAt { get; set; }

    [SupplyParameterFromQuery(Name = "hxl")]
    public string? Hxl { get; set; }

    private string CsvLink => "/api/export/figures.csv" + QueryString(("metric", Metric), ("location", Location), ("source", Source), ("from", From), ("to", To), ("asOf", AsOf), ("knownAt", KnownAt), ("hxl", _hxl ? "true" : null));

    private string ZipLink => "/api/export/snapshot.zip" + QueryString(("asOf", AsOf), ("knownAt", KnownAt));

    protected override async Task OnInitializedAsync()
    {
        _options = await Queries.GetFilterOptionsAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        // The same checks as the API, so the page says what the download would refuse.
        var check = new ApiQuery();
        var query = check.Figures(await Exports.GetReferenceDataAsync(), await Exports.GetSourceKeysByIdAsync(), Metric, Location, Source, From, To);
        _asOfUtc = check.Instant("asOf", AsOf, Exports.UtcNow);
        _asOfPicked = _asOfUtc ?? new ApiQuery().Instant("asOf", AsOf, DateTime.MaxValue);
        _knownAt = check.PublishedBy("knownAt", KnownAt, Exports.UtcNow);
        _hxl = check.Bool("hxl", Hxl);
        _errors = check.Errors;
        _count = check.HasErrors ? null : await Exports.CountAsync(query with { AsOfUtc = _asOfUtc, PublishedBy = _knownAt });
    }

    private void SetQuery(string name, string? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, string.IsNullOrEmpty(value) ? null : value));

    private void SetAsOf(DateTime? value) =>
        SetQuery("asOf", value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null);

    private static DateTime? AsDateTime(string? text) =>
        FigureCsv.TryParseDate(text ?? "", out var date) ? date.ToDateTime(TimeOnly.MinValue) : null;

    private static string QueryString(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
