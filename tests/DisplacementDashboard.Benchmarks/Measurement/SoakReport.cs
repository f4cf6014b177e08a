using System.Globalization;

namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>How the soak's memory readings are compared and printed.</summary>
public static class SoakReport
{
    /// <summary>Change from <paramref name="start"/> to <paramref name="now"/> in percent of the start (NaN for a start of zero).</summary>
    public static double PercentChange(long start, long now) => start > 0 ? (now - start) * 100.0 / start : double.NaN;

    /// <summary>The readings as "0 min 52.1 MB, 5 min +1.2%, ...": the first absolute, the others relative to the start.</summary>
    public static string Trace(IReadOnlyList<(TimeSpan At, long Bytes)> readings, long start)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return string.Join(", ", readings.Select((r, i) => i == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{r.At.TotalMinutes:0.#} min {r.Bytes / 1024.0 / 1024.0:F1} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{r.At.TotalMinutes:0.#} min {PercentChange(start, r.Bytes):+0.0;-0.0;0.0}%")));
    }
}
