using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Editing;
using Microsoft.AspNetCore.Components;

namespace DisplacementDashboard.Web.Features.Reports;

/// <summary>
/// One candidate of the review. Editing any field makes it "edited" (it will be committed with the changes); Accept
/// takes it as shown, Reject leaves it out. The card only changes its <see cref="ReportCandidate"/>; the page checks
/// and commits through <see cref="ReportImport"/>.
/// </summary>
public sealed partial class CandidateCard : ComponentBase
{
    private string? _timeText;
    private string? _timeMessage;

    [Parameter, EditorRequired]
    public required ReportCandidate Candidate { get; set; }

    [Parameter, EditorRequired]
    public required ReportChoices Choices { get; set; }

    [Parameter]
    public CandidateFlags? Flags { get; set; }

    /// <summary>This candidate's refusals from the last commit, by field.</summary>
    [Parameter]
    public IReadOnlyList<FieldError> Errors { get; set; } = [];

    [Parameter]
    public bool Current { get; set; }

    /// <summary>Raised after the candidate changed (a field or the decision), so the page can check it again.</summary>
    [Parameter]
    public EventCallback<ReportCandidate> Changed { get; set; }

    [Parameter]
    public EventCallback<int> Show { get; set; }

    private static readonly (Qualifier Value, string Label)[] Qualifiers =
    [
        (Qualifier.Exact, "exactly"),
        (Qualifier.Approximate, "about (rounded)"),
        (Qualifier.AtLeast, "at least / more than"),
        (Qualifier.AtMost, "at most / fewer than"),
    ];

    private string N => Candidate.Number.ToString(CultureInfo.InvariantCulture);

    private string CardClass => "dd-candidate" + (Current ? " dd-candidate-current" : "") + Candidate.Decision switch
    {
        CandidateDecision.Rejected => " dd-candidate-rejected",
        CandidateDecision.Accepted or CandidateDecision.Edited => " dd-candidate-taken",
        _ => "",
    };

    private string StateText => Candidate.Decision switch
    {
        CandidateDecision.Accepted => "Accepted",
        CandidateDecision.Edited => "Accepted, edited",
        CandidateDecision.Rejected => "Rejected",
        _ => "Not decided",
    };

    protected override void OnParametersSet()
    {
        if (_timeMessage is null)
        {
            _timeText = Candidate.Time?.ToString("HH:mm", CultureInfo.InvariantCulture);
        }
    }

    private static string? NullIfEmpty(string code) => code.Length == 0 ? null : code;

    private static string Describe(StoredFigureRef f) => string.Create(CultureInfo.InvariantCulture,
        $"figure {f.Id}: {FigureFormatQualifier(f.Qualifier)}{f.ValueText} on {f.Date:yyyy-MM-dd}{(f.Time is { } t ? $" {t:HH:mm}" : "")} from {f.SourceKey} ({f.SourceTitle})");

    private static string FigureFormatQualifier(Qualifier q) => q == Qualifier.Exact ? "" : DisplacementDashboard.Core.Figures.FigureFormat.QualifierText(q) + " ";

    private async Task EditedAsync(Action change)
    {
        change();
        if (Candidate.Decision != CandidateDecision.Rejected)
        {
            Candidate.Decision = CandidateDecision.Edited;
        }

        await Changed.InvokeAsync(Candidate);
    }

    private async Task OnMetricChangedAsync(string? code) => await EditedAsync(() =>
    {
        Candidate.MetricCode = code ?? "";
        if (Choices.Metrics.FirstOrDefault(m => m.Code == Candidate.MetricCode) is { } metric && !metric.Units.Contains(Candidate.UnitCode))
        {
            Candidate.UnitCode = metric.Units.FirstOrDefault() ?? "";
        }
    });

    private async Task OnTimeChangedAsync(string? text)
    {
        _timeText = text;
        if (string.IsNullOrWhiteSpace(text))
        {
            _timeMessage = null;
            await EditedAsync(() => Candidate.Time = null);
        }
        else if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            _timeMessage = null;
            await EditedAsync(() => Candidate.Time = time);
        }
        else
        {
            _timeMessage = $"'{text.Trim()}' is not a time: write hh:mm on the 24-hour clock, e.g. 20:00.";
        }
    }

    private async Task AcceptAsync()
    {
        if (!Candidate.IsTaken)
        {
            Candidate.Decision = CandidateDecision.Accepted;
        }

        await Changed.InvokeAsync(Candidate);
    }

    private async Task RejectAsync()
    {
        Candidate.Decision = CandidateDecision.Rejected;
        await Changed.InvokeAsync(Candidate);
    }
}
