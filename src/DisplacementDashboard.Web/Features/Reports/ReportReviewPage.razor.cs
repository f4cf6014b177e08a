using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.Core.Extraction;
using DisplacementDashboard.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace DisplacementDashboard.Web.Features.Reports;

/// <summary>
/// The extraction review (<c>/reports/new</c>): a report in, candidates reviewed, accepted ones committed. The page holds
/// the reviewer's state; reading files is <see cref="ReportText"/>, and extraction, source suggestions, the duplicate
/// and conflict flags and the one-transaction commit are <see cref="ReportImport"/>.
/// </summary>
public sealed partial class ReportReviewPage : ComponentBase, IAsyncDisposable
{
    /// <summary>Uploads up to this size are read; larger PDFs are mostly images (scans).</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    private string? _pasted;
    private string? _fileName;
    private string? _readError;
    private DateOnly? _published;
    private int _uploadKey;
    private IReadOnlyList<FieldError> _inputErrors = [];
    private ReportDraft? _draft;
    private ReportChoices? _choices;
    private Dictionary<int, CandidateFlags> _flags = [];
    private IReadOnlyList<SourceSuggestion> _suggestions = [];
    private int _sourceChoice;
    private SourceInput _newSource = new();
    private string? _warningReason;
    private IReadOnlyList<ReportError> _errors = [];
    private IReadOnlyList<ReportError> _generalErrors = [];
    private IReadOnlyList<FieldError> _sourceErrors = [];
    private int _candidateErrorCount;
    private int? _current;
    private bool _busy;
    private bool _ready;
    private ReportCommitResult? _committed;
    private IJSObjectReference? _module;

    [CascadingParameter]
    public required Task<AuthenticationState> Auth { get; set; }

    [Inject]
    public required ReportImport Reports { get; init; }

    [Inject]
    public required FormLookupQueries Lookups { get; init; }

    [Inject]
    public required SecurityEvents Security { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    private static int MaxMegabytes => MaxFileBytes / 1024 / 1024;

    private int Taken => _draft?.Candidates.Count(c => c.IsTaken) ?? 0;

    private int Rejected => _draft?.Candidates.Count(c => c.Decision == CandidateDecision.Rejected) ?? 0;

    private int Open => _draft?.Candidates.Count(c => c.Decision == CandidateDecision.Open) ?? 0;

    /// <summary>Taken candidates with plausibility warnings: committed only with <see cref="_warningReason"/>.</summary>
    private int Warned => _draft?.Candidates.Count(c => c.IsTaken && _flags.GetValueOrDefault(c.Number) is { HasWarnings: true }) ?? 0;

    private bool MissingReason => Warned > 0 && string.IsNullOrWhiteSpace(_warningReason);

    protected override async Task OnInitializedAsync() => _choices = ReportChoices.From(await Lookups.GetAsync());

    /// <summary>
    /// The upload is enabled only after the first interactive render, once the file input's own script is attached
    /// (its set-up is sent before this re-render), so a file chosen the moment the button is enabled is read.
    /// </summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    private async Task ReadFileAsync(IBrowserFile? file)
    {
        if (file is null || _busy)
        {
            return;
        }

        _busy = true;
        _readError = null;
        try
        {
            if (file.Size > MaxFileBytes)
            {
                _readError = $"{file.Name} is {file.Size / 1024 / 1024:N0} MB; reports up to {MaxMegabytes} MB are read. Paste the text instead.";
                return;
            }

            using var buffer = new MemoryStream();
            await using (var upload = file.OpenReadStream(MaxFileBytes))
            {
                await upload.CopyToAsync(buffer);
            }

            var read = ReportText.Read(file.Name, buffer.ToArray());
            if (read.Text is { } text)
            {
                (_pasted, _fileName) = (text, file.Name);
            }
            else
            {
                _readError = $"{file.Name} was not read: {read.Refusal}";
            }
        }
        catch (IOException ex)
        {
            _readError = $"{file.Name} could not be uploaded: {ex.Message}";
        }
        finally
        {
            _busy = false;
            _uploadKey++;
        }
    }

    private async Task ExtractAsync()
    {
        if (_busy)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(_pasted))
        {
            _readError = "Paste the report's text or upload a file first.";
            return;
        }

        _busy = true;
        try
        {
            _readError = null;
            _draft = await Reports.ExtractAsync(_pasted.Replace("\r\n", "\n", StringComparison.Ordinal), _published);
            _newSource = new SourceInput { Title = _draft.SuggestedTitle, Published = _published, Kind = Core.Domain.SourceKind.Government };
            await FindSourcesAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task FindSourcesAsync()
    {
        _suggestions = await Reports.SuggestSourcesAsync(_newSource.Url, _newSource.Title, _newSource.Published);
        _sourceChoice = _suggestions.FirstOrDefault(s => s.Reason == "same address")?.Id ?? 0;
        await RefreshFlagsAsync();
    }

    private async Task OnSourceChosenAsync(int choice)
    {
        _sourceChoice = choice;
        await RefreshFlagsAsync();
    }

    private async Task RefreshFlagsAsync()
    {
        if (_draft is not null)
        {
            _flags = _sourceChoice == 0
                ? (await Reports.CheckAsync(_draft.Candidates, null, _newSource.Title)).ToDictionary(f => f.Number)
                : (await Reports.CheckAsync(_draft.Candidates, _sourceChoice)).ToDictionary(f => f.Number);
        }
    }

    private async Task OnCandidateChangedAsync(ReportCandidate candidate)
    {
        _current = candidate.Number;
        await RefreshFlagsAsync();
    }

    private async Task AcceptAllAsync()
    {
        foreach (var c in _draft!.Candidates.Where(c => c.Decision == CandidateDecision.Open))
        {
            c.Decision = CandidateDecision.Accepted;
        }

        await RefreshFlagsAsync();
    }

    private async Task SelectAsync(int number)
    {
        _current = number;
        await ScrollAsync($"candidate-{number}");
    }

    private async Task ShowAsync(int number)
    {
        _current = number;
        await ScrollAsync(ReportTextView.PhraseId(number));
    }

    private async Task ScrollAsync(string id)
    {
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Reports/ReportReviewPage.razor.js");
        await _module.InvokeVoidAsync("show", id);
    }

    private IReadOnlyList<FieldError> ErrorsFor(int number) =>
        _errors.Where(e => e.Candidate == number).Select(e => new FieldError(e.Field, e.Message)).ToList();

    private async Task CommitAsync()
    {
        if (_busy || _draft is null || Taken == 0 || MissingReason)
        {
            return;
        }

        var source = _sourceChoice == 0
            ? $"a new source \u201C{_newSource.Title.Trim()}\u201D"
            : $"the source {_suggestions.FirstOrDefault(s => s.Id == _sourceChoice)?.Key}";
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Commit {Taken} {(Taken == 1 ? "figure" : "figures")}?",
            $"{Taken} accepted {(Taken == 1 ? "figure" : "figures")} will be saved from {source}, each with its phrase and a revision citing the report"
            + (Warned > 0 ? $" ({Warned} past plausibility warnings, with your reason)" : "")
            + $". {Rejected} rejected and {Open} undecided candidates are left out.",
            yesText: "Commit",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            var choice = _sourceChoice == 0 ? new ReportSourceChoice { NewSource = _newSource } : new ReportSourceChoice { SourceId = _sourceChoice };
            var result = await Reports.CommitAsync((await Auth).User, new ReportCommit(_draft.Text, _fileName, choice, _draft.Candidates, _warningReason));
            Show(result);
            if (result.Status != ReportCommitStatus.Committed)
            {
                // The store may have moved since the last check: show the warnings the commit saw.
                await RefreshFlagsAsync();
            }
        }
        catch (NotAuthorizedException ex)
        {
            await Security.RefusedAsync("committing figures from a report", ex.Message);
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private void Show(ReportCommitResult result)
    {
        _errors = result.Errors;
        _generalErrors = result.Errors.Where(e => e.Candidate is null && !e.Field.StartsWith("Source.", StringComparison.Ordinal)).ToList();
        _sourceErrors = result.Errors.Where(e => e.Field.StartsWith("Source.", StringComparison.Ordinal)).Select(e => new FieldError(e.Field["Source.".Length..], e.Message)).ToList();
        _candidateErrorCount = result.Errors.Count(e => e.Candidate is not null);
        if (result.Status == ReportCommitStatus.Committed)
        {
            _committed = result;
            Snackbar.Add($"{result.FigureIds.Count} {(result.FigureIds.Count == 1 ? "figure" : "figures")} committed from the report.", Severity.Success);
        }
        else if (result.Status == ReportCommitStatus.NeedsReason)
        {
            Snackbar.Add("Nothing committed: accepted candidates have plausibility warnings. Check them; to commit them as they are, say why.", Severity.Warning);
        }
        else
        {
            Snackbar.Add($"Nothing committed: {result.Errors.Count} {(result.Errors.Count == 1 ? "problem" : "problems")} to fix (shown where they are).", Severity.Error);
            if (_sourceErrors.Count > 0)
            {
                _generalErrors = [.. _generalErrors, new ReportError(null, "Source", "The new source needs fixing (see its fields).")];
            }
        }
    }

    private void StartOver()
    {
        (_draft, _committed, _pasted, _fileName, _readError, _published) = (null, null, null, null, null, null);
        (_errors, _generalErrors, _sourceErrors, _candidateErrorCount, _flags, _suggestions, _current) = ([], [], [], 0, [], [], null);
        _newSource = new SourceInput();
        _warningReason = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}
