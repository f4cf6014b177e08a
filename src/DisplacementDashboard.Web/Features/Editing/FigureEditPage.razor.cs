using DisplacementDashboard.Web.Hosting;
using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Figures;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using DisplacementDashboard.Web.Components.Shared;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Editing;

/// <summary>Add or correct a figure. The page only collects input; <see cref="FigureEditor"/> decides and records.</summary>
public sealed partial class FigureEditPage : ComponentBase
{
    private FormLookups? _lookups;
    private FigureInput _input = new();
    private IReadOnlyList<LookupChoice<string>> _metricChoices = [];
    private IReadOnlyList<LookupChoice<string>> _locationChoices = [];
    private string? _timeText;
    private string? _timeMessage;
    private string? _reason;
    private int _version;
    private bool _retracted;
    private bool _notFound;
    private bool _busy;
    private int? _saved;
    private IReadOnlyList<FieldError> _errors = [];
    private IReadOnlyList<int>? _duplicates;
    private IReadOnlyList<PlausibilityWarning> _warnings = [];
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
    public required SecurityEvents Security { get; init; }

    [Inject]
    public required FormLookupQueries Lookups { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private IEnumerable<Option> UnitChoices =>
        _lookups!.Metrics.FirstOrDefault(m => m.Code == _input.MetricCode) is { } metric
            ? _lookups.Units.Where(u => metric.Units.Contains(u.Value) && Offered(_lookups.RetiredUnits, u.Value, _loadedUnit))
            : _lookups!.Units.Where(u => Offered(_lookups.RetiredUnits, u.Value, _loadedUnit));

    private string? _loadedMetric;
    private string? _loadedLocation;
    private string? _loadedUnit;

    /// <summary>Retired codes are offered only as the value the figure already has.</summary>
    private static bool Offered(IReadOnlySet<string> retired, string code, string? current) => !retired.Contains(code) || code == current;

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
        FigureForEdit? loaded = null;
        if (Id is { } id)
        {
            loaded = await Editor.LoadAsync(id);
            if (loaded is null)
            {
                _notFound = true;
                return;
            }

            (_loadedMetric, _loadedLocation, _loadedUnit) = (loaded.Input.MetricCode, loaded.Input.LocationCode, loaded.Input.UnitCode);
        }

        _metricChoices = _lookups.Metrics.Where(m => !m.Retired || m.Code == _loadedMetric).Select(m => new LookupChoice<string>(m.Code, m.Name, m.Code)).ToList();
        _locationChoices = _lookups.Locations.Where(l => Offered(_lookups.RetiredLocations, l.Value, _loadedLocation)).Select(l => new LookupChoice<string>(l.Value, l.Label, l.Value)).ToList();
        if (loaded is not null)
        {
            (_input, _version, _retracted) = (loaded.Input, loaded.Version, loaded.IsRetracted);
            _timeText = loaded.Input.Time?.ToString("HH:mm", CultureInfo.InvariantCulture);
        }
        else if (_input.MetricCode.Length == 0)
        {
            _input.MetricCode = PrefillMetric ?? "";
            _input.LocationCode = PrefillLocation ?? "";
            _input.UnitCode = PrefillUnit ?? "";
            _input.SourceId = PrefillSource;
            FitUnitToMetric();
        }
    }

    private static string? NullIfEmpty(string code) => code.Length == 0 ? null : code;

    private void OnMetricChanged(string? code)
    {
        _input.MetricCode = code ?? "";
        FitUnitToMetric();
    }

    private void FitUnitToMetric()
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
            if (!TryReadTime(_timeText, out var time, out _timeMessage))
            {
                Snackbar.Add("Not saved: the time needs fixing (see the message under it).", Severity.Error);
                return;
            }

            _input.Time = time;
            var user = (await Auth).User;
            var confirm = _duplicates is { Count: > 0 };
            var result = Id is { } id
                ? await Editor.CorrectAsync(user, id, _version, _input, _reason, confirm)
                : await Editor.CreateAsync(user, _input, confirm);
            Apply(result);
            Announce(result, Id is null ? $"Figure {result.Id} saved." : $"Correction to figure {Id} saved.");
        }
        catch (NotAuthorizedException ex)
        {
            await Security.RefusedAsync(Id is null ? "adding a figure" : $"correcting figure {Id}", ex.Message);
            _errors = [new FieldError("reason", ex.Message)];
            Snackbar.Add(ex.Message, Severity.Error);
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

        // The reason is asked for before the dialog, so nobody confirms only to be told it is missing.
        if (FigureEditor.CheckRetractReason(_reason, retracting: !_retracted) is { } missing)
        {
            _errors = [missing];
            return;
        }

        var verb = _retracted ? "Restore" : "Retract";
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"{verb} figure {id}?",
            _retracted
                ? $"Figure {id} will be shown on the dashboards again. Reason: \u201c{_reason!.Trim()}\u201d."
                : $"Figure {id} will no longer be shown on the dashboards. It stays in the store and its history, and can be restored. Reason: \u201c{_reason!.Trim()}\u201d.",
            yesText: verb,
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var wasRetracted = _retracted;
            var user = (await Auth).User;
            var result = _retracted
                ? await Editor.RestoreAsync(user, id, _version, _reason)
                : await Editor.RetractAsync(user, id, _version, _reason);
            if (result.Status == EditStatus.Saved)
            {
                _retracted = !_retracted;
            }

            Apply(result);
            _saved = null;
            Announce(result, wasRetracted ? $"Figure {id} restored." : $"Figure {id} retracted.");
        }
        catch (NotAuthorizedException ex)
        {
            await Security.RefusedAsync($"retracting or restoring figure {Id}", ex.Message);
            _errors = [new FieldError("reason", ex.Message)];
            Snackbar.Add(ex.Message, Severity.Error);
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
        _warnings = result.Status is EditStatus.NeedsReason or EditStatus.NeedsConfirmation or EditStatus.Invalid ? result.PlausibilityWarnings : [];
        _conflict = result.Status == EditStatus.Conflict ? result.Conflict : null;
        if (result.Status == EditStatus.Saved)
        {
            _saved = result.Id;
            _version = result.Version ?? _version;
            _reason = null;
            _input.WarningReason = null;
        }
        else if (result.Status == EditStatus.NotFound)
        {
            _notFound = true;
        }
    }

    /// <summary>Says what happened in a snackbar; the details stay on the page (alerts and messages under fields).</summary>
    private void Announce(EditResult result, string savedText)
    {
        var (text, severity) = result.Status switch
        {
            EditStatus.Saved => (savedText, Severity.Success),
            EditStatus.NeedsConfirmation => ("Not saved yet: this looks like a figure already stored. Check, then save again to keep both.", Severity.Warning),
            EditStatus.Conflict => ("Not saved: someone else changed this figure first.", Severity.Error),
            EditStatus.NeedsReason => ("Not saved yet: the figure looks unusual. Check the warnings; to keep it as it is, say why and save again.", Severity.Warning),
            EditStatus.NotFound => ("Not saved: the figure no longer exists.", Severity.Error),
            _ => ("Not saved: see the messages under the fields.", Severity.Error),
        };
        Snackbar.Add(text, severity);
    }

    private void AddAnother() => StartNew(new FigureInput());

    /// <summary>A new figure with the same metric, place, unit and source (the form's ?metric=&amp;location=&amp;unit=&amp;source= prefill).</summary>
    private void AddAnotherLikeThis() => StartNew(new FigureInput
    {
        MetricCode = _input.MetricCode,
        LocationCode = _input.LocationCode,
        UnitCode = _input.UnitCode,
        SourceId = _input.SourceId,
    });

    private void StartNew(FigureInput input)
    {
        (_input, _saved, _timeText, _timeMessage, _duplicates, _conflict, _errors, _warnings) = (input, null, null, null, null, null, [], []);
    }

    /// <summary>Shows the plausibility warnings as soon as the value is typed, before anyone presses Save.</summary>
    private async Task CheckWarningsAsync()
    {
        if (_busy || !TryReadTime(_timeText, out var time, out _))
        {
            return;
        }

        _input.Time = time;
        _warnings = await Editor.CheckAsync(_input, Id);
    }

    private void CheckTime() => TryReadTime(_timeText, out _, out _timeMessage);

    /// <summary>Reads the optional time of day: 24-hour, "08:00" or "8:00" (Armenian local time, as sources give it).</summary>
    internal static bool TryReadTime(string? text, out TimeOnly? time, out string? message)
    {
        time = null;
        message = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            time = t;
            return true;
        }

        message = $"'{text.Trim()}' is not a time such as 08:00 or 20:30 (24-hour clock, Armenian local time).";
        return false;
    }

    /// <summary>A drop-down choice with a typed value.</summary>
    public sealed record Option<T>(T Value, string Label);
}
