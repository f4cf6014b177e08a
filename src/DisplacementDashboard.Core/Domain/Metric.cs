namespace DisplacementDashboard.Core.Domain;

/// <summary>Something that is counted or measured, such as cumulative arrivals in Armenia.</summary>
public sealed class Metric
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public MetricKind Kind { get; set; }

    /// <summary>Unit codes a figure of this metric may use; the first is the usual one.</summary>
    public List<string> Units { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>HXL hashtag of the value column for this metric's figures (#affected+refugees+arrived+total); null: by kind.</summary>
    public string? HxlHashtag { get; set; }

    /// <summary>When it was retired: no longer offered for new figures; figures that use it stay shown.</summary>
    public DateTime? RetiredAtUtc { get; set; }

    public string? RetiredBy { get; set; }

    /// <summary>App-managed concurrency token: +1 on every change (SQLite has no rowversion).</summary>
    public int Version { get; set; } = 1;

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}
