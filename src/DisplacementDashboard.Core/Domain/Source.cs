namespace DisplacementDashboard.Core.Domain;

/// <summary>A published report, statement or article that figures are taken from.</summary>
public sealed class Source
{
    public int Id { get; set; }

    /// <summary>Stable key used by seed and import files (S001, ...).</summary>
    public required string Key { get; set; }

    public required string Title { get; set; }

    public required string Publisher { get; set; }

    public DateOnly? Published { get; set; }

    /// <summary>
    /// The time of day of the publication in Armenian local time (UTC+4), when known. Without it the source counts as
    /// published at the end of its day for "known at" views (<see cref="History.KnownWhen.PublishedInstant"/>).
    /// </summary>
    public TimeOnly? PublishedTime { get; set; }

    public string? Url { get; set; }

    public SourceKind Kind { get; set; }

    public List<Figure> Figures { get; } = [];

    /// <summary>App-managed concurrency token: +1 on every change (SQLite has no rowversion).</summary>
    public int Version { get; set; } = 1;

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
