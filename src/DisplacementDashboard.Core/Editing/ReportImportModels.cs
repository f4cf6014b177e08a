using System.Globalization;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Core.Extraction;

namespace DisplacementDashboard.Core.Editing;

/// <summary>What the reviewer decided about one candidate figure.</summary>
public enum CandidateDecision
{
    /// <summary>Not decided yet: nothing is committed for it.</summary>
    Open,
    /// <summary>Taken as the extractor proposed it.</summary>
    Accepted,
    /// <summary>Taken with the reviewer's corrections.</summary>
    Edited,
    /// <summary>Not a figure, or not one to keep.</summary>
    Rejected,
}

/// <summary>
/// One candidate as the review page edits it: the extractor's proposal turned into form fields (codes, the value as
/// invariant text in the unit's scale) beside the phrase and where it stands in the report.
/// </summary>
public sealed class ReportCandidate
{
    /// <summary>1-based, in the order of the report; how errors name the candidate ("candidate 3").</summary>
    public int Number { get; init; }

    public required string Phrase { get; init; }

    public int Start { get; init; }

    public int Length { get; init; }

    public string MetricCode { get; set; } = "";

    public string LocationCode { get; set; } = "";

    public DateOnly? Date { get; set; }

    public TimeOnly? Time { get; set; }

    public string ValueText { get; set; } = "";

    public string UnitCode { get; set; } = "";

    public Qualifier Qualifier { get; set; } = Qualifier.Exact;

    public CandidateDecision Decision { get; set; } = CandidateDecision.Open;

    /// <summary>
    /// The time as typed when it is not a time (HH:mm); <see cref="Time"/> is then left as it was, and the commit
    /// refuses the candidate until the time is corrected or cleared (<see cref="SetTime"/>).
    /// </summary>
    public string? InvalidTimeText { get; set; }

    /// <summary>True when it will become a figure (accepted as is or edited).</summary>
    public bool IsTaken => Decision is CandidateDecision.Accepted or CandidateDecision.Edited;

    /// <summary>
    /// Takes the time field as typed: empty clears the time, "20:00" or "8:00" (24-hour) sets it, anything else is kept
    /// in <see cref="InvalidTimeText"/>. Returns the message for the field, or null when the text was taken.
    /// </summary>
    public string? SetTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            (Time, InvalidTimeText) = (null, null);
            return null;
        }

        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            (Time, InvalidTimeText) = (time, null);
            return null;
        }

        InvalidTimeText = text.Trim();
        return TimeMessage(InvalidTimeText);
    }

    /// <summary>Why <paramref name="text"/> is refused as a time.</summary>
    public static string TimeMessage(string text) => $"'{text}' is not a time: write hh:mm on the 24-hour clock, e.g. 20:00.";

    /// <summary>A candidate from the extractor, its value written in the unit's scale ("97000000", "3.4").</summary>
    public static ReportCandidate From(ExtractedFigure figure, int number) => new()
    {
        Number = number,
        Phrase = figure.Phrase,
        Start = figure.Start,
        Length = figure.Length,
        MetricCode = figure.Metric ?? "",
        LocationCode = figure.Location ?? "",
        Date = figure.Date,
        Time = figure.Time,
        // Without trailing zeros: "2.850 people" reads as 2850.000m, and the form's parser takes no decimals a count has not.
        ValueText = figure.Value.ToString("0.############", CultureInfo.InvariantCulture),
        UnitCode = figure.Unit ?? "",
        Qualifier = figure.Qualifier,
    };
}

/// <summary>A report's text and the candidates read from it, with a title guessed from its first line.</summary>
public sealed record ReportDraft(string Text, DateOnly? Published, string SuggestedTitle, IReadOnlyList<ReportCandidate> Candidates);

/// <summary>An existing source that may be the report, and why it was suggested.</summary>
public sealed record SourceSuggestion(int Id, string Key, string Title, string Publisher, DateOnly? Published, string? Url, string Reason, double Score);

/// <summary>A stored figure a candidate repeats or contradicts, as a reviewer needs to see it.</summary>
public sealed record StoredFigureRef(int Id, string ValueText, Qualifier Qualifier, DateOnly Date, TimeOnly? Time, int SourceId, string SourceKey, string SourceTitle);

/// <summary>
/// What the store already says about a candidate: <see cref="Duplicates"/> are figures with the same metric, place,
/// date, time, value and source (what the commit refuses); <see cref="Conflicts"/> have the same metric, place, date
/// and time from another source with a different value; <see cref="Warnings"/> are its plausibility warnings
/// (<see cref="Plausibility"/>), which the commit takes only with a reason.
/// </summary>
public sealed record CandidateFlags(int Number, IReadOnlyList<StoredFigureRef> Duplicates, IReadOnlyList<StoredFigureRef> Conflicts, IReadOnlyList<PlausibilityWarning> Warnings)
{
    public bool IsDuplicate => Duplicates.Count > 0;

    public bool HasConflicts => Conflicts.Count > 0;

    public bool HasWarnings => Warnings.Count > 0;
}

/// <summary>The report's source: an existing one (<see cref="SourceId"/>), or a new one (<see cref="NewSource"/>).</summary>
public sealed class ReportSourceChoice
{
    public int? SourceId { get; set; }

    public SourceInput? NewSource { get; set; }
}

/// <summary>
/// Everything a commit needs: the report's text (its hash goes into every revision), the source and the decisions;
/// <see cref="WarningReason"/> is why the taken candidates with plausibility warnings are right as they are (required
/// when there are any; kept in their revisions with the warnings).
/// </summary>
public sealed record ReportCommit(string Text, string? FileName, ReportSourceChoice Source, IReadOnlyList<ReportCandidate> Candidates, string? WarningReason = null);

/// <summary>
/// One refusal: <see cref="Candidate"/> is the candidate's number, or null for the source or the report as a whole;
/// <see cref="Field"/> the <see cref="FigureInput"/> field (<c>ValueText</c>, <c>MetricCode</c>...) or the source's
/// (<c>Source.Title</c>...); <see cref="Message"/> says which candidate and why.
/// </summary>
public sealed record ReportError(int? Candidate, string Field, string Message);

public enum ReportCommitStatus
{
    Committed,
    /// <summary>Nothing was written; <see cref="ReportCommitResult.Errors"/> says why.</summary>
    Invalid,
    /// <summary>
    /// Nothing was written: taken candidates have plausibility warnings (<see cref="ReportCommitResult.Warnings"/>) and
    /// no reason was given.
    /// </summary>
    NeedsReason,
}

/// <summary>
/// The outcome of a commit: the source and figures written, or the refusals (nothing written); with
/// <see cref="ReportCommitStatus.NeedsReason"/> the warnings, by candidate number (<see cref="PlausibilityWarning.Key"/>).
/// </summary>
public sealed record ReportCommitResult(ReportCommitStatus Status, int? SourceId, IReadOnlyList<int> FigureIds, IReadOnlyList<ReportError> Errors)
{
    public IReadOnlyList<PlausibilityWarning> Warnings { get; init; } = [];
}
