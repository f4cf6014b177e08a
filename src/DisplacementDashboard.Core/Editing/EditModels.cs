using DisplacementDashboard.Core.Domain;

namespace DisplacementDashboard.Core.Editing;

/// <summary>What staff type into the figure form; text for the value so bad input can be explained, not lost.</summary>
public sealed class FigureInput
{
    public string MetricCode { get; set; } = "";

    public string LocationCode { get; set; } = "";

    public DateOnly? Date { get; set; }

    public TimeOnly? Time { get; set; }

    public string ValueText { get; set; } = "";

    public string UnitCode { get; set; } = "";

    public Qualifier Qualifier { get; set; } = Qualifier.Exact;

    /// <summary>An existing source; or leave empty and fill <see cref="NewSource"/>.</summary>
    public int? SourceId { get; set; }

    public SourceInput? NewSource { get; set; }

    public string? Note { get; set; }

    /// <summary>The verbatim phrase of the source the figure was read from (optional).</summary>
    public string? SourcePhrase { get; set; }

    /// <summary>Why the figure is saved past its plausibility warnings (<see cref="Plausibility"/>; required then, kept in the revision).</summary>
    public string? WarningReason { get; set; }
}

/// <summary>A report added inline or through the sources page.</summary>
public sealed class SourceInput
{
    public string Title { get; set; } = "";

    public string Publisher { get; set; } = "";

    public DateOnly? Published { get; set; }

    /// <summary>Time of publication, Armenian local time (UTC+4), when known; needs <see cref="Published"/>.</summary>
    public TimeOnly? PublishedTime { get; set; }

    public string? Url { get; set; }

    public SourceKind Kind { get; set; } = SourceKind.News;
}

/// <summary>A timeline event as typed by staff.</summary>
public sealed class EventInput
{
    public DateOnly? Date { get; set; }

    public DatePrecision Precision { get; set; } = DatePrecision.Day;

    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public int? SourceId { get; set; }
}

/// <summary>One problem with one field, in words for the person who typed it.</summary>
public sealed record FieldError(string Field, string Message);

public enum EditStatus
{
    Saved,
    Invalid,
    /// <summary>A likely duplicate exists; save again with confirmation to keep both.</summary>
    NeedsConfirmation,
    /// <summary>Someone else saved first; nothing was written.</summary>
    Conflict,
    /// <summary>The figure has plausibility warnings (<see cref="EditResult.Warnings"/>); save again with a reason to keep it.</summary>
    NeedsReason,
    NotFound,
}

/// <summary>What is stored now, and by whom, when a save lost the race.</summary>
public sealed record ConflictInfo(string CurrentValue, string UpdatedBy, DateTime UpdatedAtUtc, int CurrentVersion);

/// <summary>The outcome of a save: saved (with id and new version), or why not.</summary>
public sealed record EditResult(EditStatus Status, int? Id = null, int? Version = null, IReadOnlyList<FieldError>? Errors = null, IReadOnlyList<int>? DuplicateIds = null, ConflictInfo? Conflict = null, IReadOnlyList<PlausibilityWarning>? Warnings = null)
{
    public IReadOnlyList<FieldError> FieldErrors => Errors ?? [];

    /// <summary>The plausibility warnings of the figure as it was sent (also when it was saved past them with a reason).</summary>
    public IReadOnlyList<PlausibilityWarning> PlausibilityWarnings => Warnings ?? [];

    public static EditResult Invalid(params FieldError[] errors) => new(EditStatus.Invalid, Errors: errors);
}

/// <summary>A figure loaded for editing, with the version the save must match.</summary>
public sealed record FigureForEdit(int Id, int Version, FigureInput Input, bool IsRetracted, string UpdatedBy, DateTime UpdatedAtUtc);
