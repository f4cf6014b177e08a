namespace DisplacementDashboard.Core.Domain;

/// <summary>A dated event used to annotate the timeline (offensive, ceasefire, corridor opening, ...).</summary>
public sealed class TimelineEvent
{
    public int Id { get; set; }

    public required string Key { get; set; }

    public DateOnly Date { get; set; }

    public DatePrecision Precision { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public int SourceId { get; set; }

    public Source Source { get; set; } = null!;

    /// <summary>App-managed concurrency token: +1 on every change (SQLite has no rowversion).</summary>
    public int Version { get; set; } = 1;

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
