using System.Globalization;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Web.Components.Charts;
using DisplacementDashboard.Web.Components.KnownWhen;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Timeline;

/// <summary>The timeline page: the window comes from the URL (?from=yyyy-MM-dd&amp;to=yyyy-MM-dd) so a view can be shared.</summary>
public sealed partial class TimelinePage : ComponentBase
{
    private TimelineModel? _model;
    private TimelineView? _view;
    private List<EventRow> _earlierEvents = [];
    private IReadOnlyList<ReplayMoment> _moments = [];
    private string? _error;
    private ApexChart? _cumulativeChart;
    private ApexChart? _dailyChart;
    private MudDateRangePicker? _picker;
    private bool _pickerShown;
    private bool _openPicker;

    [Inject]
    public required IDashboardService Dashboard { get; init; }

    [Inject]
    public required TimelineViews Views { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IOptions<EditingOptions> Editing { get; init; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromText { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToText { get; set; }

    [SupplyParameterFromQuery(Name = "asOf")]
    public string? AsOfText { get; set; }

    [SupplyParameterFromQuery(Name = "knownAt")]
    public string? KnownAtText { get; set; }

    private Core.History.KnownWhen When { get; set; } = Core.History.KnownWhen.Now;

    private DateOnly From { get; set; } = TimelineBuilder.DefaultFrom;

    private DateOnly To { get; set; } = TimelineBuilder.DefaultTo;

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    protected override async Task OnParametersSetAsync()
    {
        _error = null;
        From = ParseOr(FromText, TimelineBuilder.DefaultFrom, "from");
        To = ParseOr(ToText, TimelineBuilder.DefaultTo, "to");
        if (From > To)
        {
            AddError($"The start ({From:yyyy-MM-dd}) is after the end ({To:yyyy-MM-dd}); showing the exodus weeks instead.");
            (From, To) = (TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        When = KnownWhenQuery.Read(AsOfText, KnownAtText, Time);
        _model = await Dashboard.GetTimelineAsync(From, To, When);
        _view = await Views.GetAsync(_model, Culture);
        _earlierEvents = _model.Events.Where(e => e.Date < From).ToList();
        _moments = await Dashboard.GetReplayMomentsAsync(From, To, When.RecordedByUtc);
    }

    /// <summary>A replay step: the same page at <paramref name="knownAt"/>, in place of the current entry in the history.</summary>
    private void ShowMoment(DateTimeOffset knownAt) =>
        Navigation.NavigateTo(
            Navigation.GetUriWithQueryParameter(Core.History.KnownWhen.KnownAtParameter, new Core.History.KnownWhen(PublishedBy: knownAt).QueryParameters[Core.History.KnownWhen.KnownAtParameter]),
            replace: true);

    private DateOnly ParseOr(string? text, DateOnly fallback, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            AddError($"'{text}' in '{name}' is not a date in the form yyyy-MM-dd; showing the default window.");
            return fallback;
        }

        // The same bounds as every reference date in the store (Editing:EarliestReferenceDate, today +
        // Editing:MaxDaysInFuture): a window outside them holds no figure, and 9999-12-31 has no day after it.
        var earliest = Editing.Value.EarliestReferenceDate;
        var latest = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime).AddDays(Editing.Value.MaxDaysInFuture);
        if (date < earliest || date > latest)
        {
            AddError($"'{text}' in '{name}' is outside the dates the store holds ({earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}); showing the default window.");
            return fallback;
        }

        return date;
    }

    /// <summary>Each bad parameter gets its own sentence; a second one does not hide the first.</summary>
    private void AddError(string message) => _error = _error is null ? message : $"{_error} {message}";

    private void Navigate(DateTime? from, DateTime? to)
    {
        var f = from is { } a ? DateOnly.FromDateTime(a) : From;
        var t = to is { } b ? DateOnly.FromDateTime(b) : To;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["from"] = f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
    }

    /// <summary>The window as the button shows it, in the page's culture: "15/09/2023 – 15/10/2023".</summary>
    private string WindowText => $"{From.ToString("d", Culture)} – {To.ToString("d", Culture)}";

    private void ShowPicker()
    {
        _pickerShown = true;
        _openPicker = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_openPicker && _picker is not null)
        {
            _openPicker = false;
            await _picker.OpenAsync();
        }
    }

    private static string EventDate(EventRow e) => EventList.EventDate(e, Culture);

    private string CumulativeTitle => $"Cumulative arrivals in Armenia, {FigureFormat.When(From, null, Culture)} to {FigureFormat.When(To, null, Culture)}";

    private string DailyTitle => $"Arrivals in Armenia per day, {FigureFormat.When(From, null, Culture)} to {FigureFormat.When(To, null, Culture)}";

    private string FileStem(string chart) =>
        string.Create(CultureInfo.InvariantCulture, $"timeline-{chart}-{From:yyyy-MM-dd}-to-{To:yyyy-MM-dd}");
}
