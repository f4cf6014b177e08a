namespace DisplacementDashboard.Benchmarks.Reporting;

/// <summary>One line of the results table: what was measured, against what, and whether the goal holds.</summary>
public sealed record ResultRow(
    string Measurement,
    string Goal,
    string Baseline,
    string Measured,
    string BaselineValue,
    double Ratio,
    bool? Met,
    string Note = "");
