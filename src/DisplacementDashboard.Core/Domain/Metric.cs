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
}
