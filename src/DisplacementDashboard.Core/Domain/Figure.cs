namespace DisplacementDashboard.Core.Domain;

/// <summary>One dated number from one source: "100,417 people had arrived in Armenia on 30 Sep 2023 (government)".</summary>
public sealed class Figure
{
    public int Id { get; set; }

    /// <summary>Stable key from the seed or an import file; unique when present.</summary>
    public string? ExternalId { get; set; }

    public int MetricId { get; set; }

    public Metric Metric { get; set; } = null!;

    public int LocationId { get; set; }

    public Location Location { get; set; } = null!;

    /// <summary>The day the figure refers to.</summary>
    public DateOnly ReferenceDate { get; set; }

    /// <summary>Time of day in Armenian local time (UTC+4) when the source gave one.</summary>
    public TimeOnly? LocalTime { get; set; }

    /// <summary>The value in 10^-decimals of <see cref="Unit"/> (whole people; cents; tenths of a percent).</summary>
    public long Value { get; set; }

    public required string UnitCode { get; set; }

    public Unit Unit { get; set; } = null!;

    public Qualifier Qualifier { get; set; }

    public int SourceId { get; set; }

    public Source Source { get; set; } = null!;

    public string? Note { get; set; }

    /// <summary>
    /// The verbatim phrase of the report the figure was read from ("more than 100,000 people"), when it came through
    /// the extraction review (<c>/reports/new</c>) or was typed in; at most <see cref="SourcePhraseMaxLength"/> characters.
    /// </summary>
    public string? SourcePhrase { get; set; }

    /// <summary>Longest phrase the store keeps: a sentence or two, never a whole report.</summary>
    public const int SourcePhraseMaxLength = 500;

    /// <summary>Retracted figures leave charts and lists but stay in the store and its history.</summary>
    public bool IsRetracted { get; set; }

    /// <summary>
    /// When a second editor checked the figure against its source (a <see cref="RevisionKind.Verified"/> revision);
    /// null while it is unverified. A correction, retraction, restoration or changing re-import clears it.
    /// </summary>
    public DateTime? VerifiedAtUtc { get; set; }

    /// <summary>Who verified it (never the editor who entered or last changed it); null while unverified.</summary>
    public string? VerifiedBy { get; set; }

    /// <summary>App-managed concurrency token: +1 on every change (SQLite has no rowversion).</summary>
    public int Version { get; set; } = 1;

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
