namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>Order statistics over repeated timings; nearest-rank percentiles so a p95 is a value that was observed.</summary>
public static class Statistics
{
    public static double Median(IReadOnlyCollection<double> samples) => Percentile(samples, 50);

    public static double P95(IReadOnlyCollection<double> samples) => Percentile(samples, 95);

    /// <summary>Nearest-rank percentile: the smallest sample with at least <paramref name="percent"/>% of samples at or below it.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(samples));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Measured over baseline; a baseline of zero gives NaN rather than a misleading infinity.</summary>
    public static double Ratio(double measured, double baseline) => baseline > 0 ? measured / baseline : double.NaN;

    /// <summary>Least-squares slope of y over x (bytes per page from memory readings at several page counts).</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new ArgumentException("A slope needs two points.", nameof(points));
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var num = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var den = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return den == 0 ? double.NaN : num / den;
    }
}

/// <summary>Median and p95 of one series of timings (milliseconds), or of any other repeated reading.</summary>
public sealed record Summary(double Median, double P95, int Count)
{
    public static Summary Of(IReadOnlyCollection<double> samples) => new(Statistics.Median(samples), Statistics.P95(samples), samples.Count);
}
