namespace DisplacementDashboard.Web.Components.Charts;

/// <summary>
/// One line of the key under a chart: a short label drawn on the chart (an event's number, "Passed 40,000") and
/// what it stands for, when, and from which source.
/// </summary>
public sealed record ChartKeyEntry(string Key, string When, string Text, int? SourceId, string? SourceTitle, string? SourceUrl);
