namespace DisplacementDashboard.Core.Series;

/// <summary>One reported level of a cumulative series at a day and (optional) local time.</summary>
public readonly record struct Observation(DateOnly Date, TimeOnly? Time, long Value);
