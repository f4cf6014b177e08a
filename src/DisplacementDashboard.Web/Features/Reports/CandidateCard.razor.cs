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

    /// <summary>The time as typed while it is not a time, else the candidate's time.</summary>
    private string? TimeText => Candidate.InvalidTimeText ?? Candidate.Time?.ToString("HH:mm", CultureInfo.InvariantCulture);

    private string? TimeMessage => Candidate.InvalidTimeText is { } text ? ReportCandidate.TimeMessage(text) : null;

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

    /// <summary>A time that is not one stays in the field with its message; the commit refuses the candidate until it is fixed.</summary>
    private async Task OnTimeChangedAsync(string? text) => await EditedAsync(() => Candidate.SetTime(text));

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
