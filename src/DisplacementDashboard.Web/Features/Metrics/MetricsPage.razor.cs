using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.Seeding;
using Microsoft.AspNetCore.Components;

namespace DisplacementDashboard.Web.Features.Metrics;

/// <summary>
/// The public data dictionary: every metric with its definition, kind, units, HXL hashtag and the number of figures
/// shown (one read through <see cref="ReferenceQueries"/>, the counts grouped in the database). Search, kind and sort
/// are in the address (<c>?q=&amp;kind=&amp;sort=&amp;dir=</c>); each row is the anchor <c>#code</c>.
/// </summary>
public sealed partial class MetricsPage : ComponentBase
{
    private IReadOnlyList<MetricDictionaryEntry>? _entries;
    private IReadOnlyList<MetricDictionaryEntry> _shown = [];
    private MetricKind? _kind;
    private MetricSort _sort;
    private bool _descending;

    [Inject]
    public required ReferenceQueries Reference { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Text { get; set; }

    [SupplyParameterFromQuery(Name = "kind")]
    public string? Kind { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "dir")]
    public string? Dir { get; set; }

    private string Caption => _entries is null ? ""
        : _shown.Count == _entries.Count ? $"{_entries.Count} metrics"
        : $"{_shown.Count} of {_entries.Count} metrics";

    protected override Task OnInitializedAsync() => LoadAsync();

    protected override void OnParametersSet()
    {
        // Unknown values fall back to the defaults: the address is typed by people.
        _kind = Enum.TryParse<MetricKind>(Kind?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;
        _sort = Enum.TryParse<MetricSort>(Sort, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : MetricSort.Name;
        _descending = string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase);
        Select();
    }

    private async Task LoadAsync()
    {
        _entries = (await Reference.GetMetricsAsync(withFigureCounts: true)).Select(MetricDictionaryEntry.From).ToList();
        Select();
    }

    private void Select() =>
        _shown = _entries is null ? [] : MetricDictionary.Select(_entries, Text, _kind, _sort, _descending);

    private Task SortByAsync(MetricSort sort)
    {
        var descending = sort == _sort ? !_descending : sort == MetricSort.Figures;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["sort"] = sort == MetricSort.Name ? null : sort.ToString().ToLowerInvariant(),
            ["dir"] = descending ? "desc" : null,
        }), replace: true);
        return Task.CompletedTask;
    }

    private void SetQuery(string name, string? value) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, string.IsNullOrWhiteSpace(value) ? null : value), replace: true);

    private string? AriaSort(MetricSort sort) => sort != _sort ? null : _descending ? "descending" : "ascending";

    private string SortMark(MetricSort sort) => sort != _sort ? "" : _descending ? " ▼" : " ▲";

    private static string SeedText(string value) => SeedReader.ToFileText(value);

    private static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
