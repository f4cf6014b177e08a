using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace DisplacementDashboard.Web.Features.Editing;

/// <summary>Add or correct a figure. The page only collects input; <see cref="FigureEditor"/> decides and records.</summary>
public sealed partial class FigureEditPage : ComponentBase
{
    private FormLookups? _lookups;
    private FigureInput _input = new();
    private DateTime? _date;
    private string? _timeText;
    private string? _reason;
    private int _version;
    private bool _retracted;
    private bool _notFound;
    private bool _busy;
    private int? _saved;
    private IReadOnlyList<FieldError> _errors = [];
    private IReadOnlyList<int>? _duplicates;
    private ConflictInfo? _conflict;

    [Parameter]
    public int? Id { get; set; }

    [CascadingParameter]
    public required Task<AuthenticationState> Auth { get; set; }

    /// <summary>Pre-fills a new figure (?metric=&amp;location=&amp;unit=&amp;source=), e.g. "add another like this".</summary>
    [SupplyParameterFromQuery(Name = "metric")]
    public string? PrefillMetric { get; set; }

    [SupplyParameterFromQuery(Name = "location")]
    public string? PrefillLocation { get; set; }

    [SupplyParameterFromQuery(Name = "unit")]
    public string? PrefillUnit { get; set; }

    [SupplyParameterFromQuery(Name = "source")]
    public int? PrefillSource { get; set; }

    [Inject]
    public required FigureEditor Editor { get; init; }

    [Inject]
    public required FormLookupQueries Lookups { get; init; }

    private IEnumerable<Option> UnitChoices =>
        _lookups!.Metrics.FirstOrDefault(m => m.Code == _input.MetricCode) is { } metric
            ? _lookups.Units.Where(u => metric.Units.Contains(u.Value))
            : _lookups!.Units;

    private static readonly Option<Qualifier>[] Qualifiers =
    [
        new(Qualifier.Exact, "exactly"),
        new(Qualifier.Approximate, "about (rounded)"),
        new(Qualifier.AtLeast, "at least / more than"),
        new(Qualifier.AtMost, "at most / fewer than"),
    ];

    protected override async Task OnParametersSetAsync()
    {
        _lookups = await Lookups.GetAsync();
        if (Id is { } id)
        {
            var loaded = await Editor.LoadAsync(id);
            if (loaded is null)
            {
                _notFound = true;
                return;
            }

            (_input, _version, _retracted) = (loaded.Input, loaded.Version, loaded.IsRetracted);
            _date = loaded.Input.Date?.ToDateTime(TimeOnly.MinValue);
            _timeText = loaded.Input.Time?.ToString("HH:mm", CultureInfo.InvariantCulture);
        }
        else if (_input.MetricCode.Length == 0)
        {
            _input.MetricCode = PrefillMetric ?? "";
            _input.LocationCode = PrefillLocation ?? "";
            _input.UnitCode = PrefillUnit ?? "";
            _input.SourceId = PrefillSource;
            OnMetricChanged(null);
        }
    }

    private Task OnMetricChangedAsync(string? code)
    {
        _input.MetricCode = code ?? "";
        OnMetricChanged(null);
        return Task.CompletedTask;
    }

    private Task<IEnumerable<string>> SearchMetrics(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(_lookups!.Metrics.Where(m => Matches(text, m.Name, m.Code)).Select(m => m.Code));

    private Task<IEnumerable<string>> SearchLocations(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(_lookups!.Locations.Where(l => Matches(text, l.Label, l.Value)).Select(l => l.Value));

    private string MetricName(string? code) => _lookups?.Metrics.FirstOrDefault(m => m.Code == code)?.Name ?? code ?? "";

    private string LocationName(string? code) => _lookups?.Locations.FirstOrDefault(l => l.Value == code)?.Label ?? code ?? "";

    /// <summary>Case- and culture-insensitive "contains" over a choice's name and code; empty text matches all.</summary>
    internal static bool Matches(string? text, string name, string code) =>
        string.IsNullOrWhiteSpace(text)
        || name.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
        || code.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase);

    private void OnMetricChanged(object? _)
    {
        if (_lookups!.Metrics.FirstOrDefault(m => m.Code == _input.MetricCode) is { } metric && !metric.Units.Contains(_input.UnitCode))
        {
            _input.UnitCode = metric.Units.FirstOrDefault() ?? "";
        }
    }

    private async Task SaveAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            _conflict = null;
            _saved = null;
            _input.Date = _date is { } d ? DateOnly.FromDateTime(d) : null;
            if (!TryReadTime(out var time, out var timeError))
            {
                _errors = [timeError!];
                return;
            }

            _input.Time = time;
            var user = (await Auth).User;
            var confirm = _duplicates is { Count: > 0 };
            var result = Id is { } id
                ? await Editor.CorrectAsync(user, id, _version, _input, _reason, confirm)
                : await Editor.CreateAsync(user, _input, confirm);
            Apply(result);
        }
        catch (NotAuthorizedException ex)
        {
            _errors = [new FieldError("reason", ex.Message)];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RetractOrRestoreAsync()
    {
        if (_busy || Id is not { } id)
        {
            return;
        }

        _busy = true;
        try
        {
            var user = (await Auth).User;
            var result = _retracted
                ? await Editor.RestoreAsync(user, id, _version, _reason)
                : await Editor.RetractAsync(user, id, _version, _reason);
            if (result.Status == EditStatus.Saved)
            {
                _retracted = !_retracted;
            }

            Apply(result);
        }
        catch (NotAuthorizedException ex)
        {
            _errors = [new FieldError("reason", ex.Message)];
        }
        finally
        {
            _busy = false;
        }
    }

    private void Apply(EditResult result)
    {
        _errors = result.FieldErrors;
        _duplicates = result.Status == EditStatus.NeedsConfirmation ? result.DuplicateIds : null;
        _conflict = result.Status == EditStatus.Conflict ? result.Conflict : null;
        if (result.Status == EditStatus.Saved)
        {
            _saved = result.Id;
            _version = result.Version ?? _version;
            _reason = null;
        }
        else if (result.Status == EditStatus.NotFound)
        {
            _notFound = true;
        }
    }

    private bool TryReadTime(out TimeOnly? time, out FieldError? error)
    {
        time = null;
        error = null;
        if (string.IsNullOrWhiteSpace(_timeText))
        {
            return true;
        }

        if (TimeOnly.TryParseExact(_timeText.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            time = t;
            return true;
        }

        error = new FieldError("Time", $"'{_timeText}' is not a time such as 08:00 or 20:30 (24-hour clock, Armenian local time).");
        return false;
    }

    /// <summary>A drop-down choice with a typed value.</summary>
    public sealed record Option<T>(T Value, string Label);
}
