using System.Diagnostics;

namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>The measured operation and its baseline, timed alternately so both see the same machine load.</summary>
public sealed record SideBySideResult(Summary Measured, Summary Baseline)
{
    /// <summary>p95 over p95: the goals are stated on the tail, and both tails come from the same minutes.</summary>
    public double P95Ratio => Statistics.Ratio(Measured.P95, Baseline.P95);

    public double MedianRatio => Statistics.Ratio(Measured.Median, Baseline.Median);
}

public static class SideBySide
{
    /// <summary>
    /// Runs <paramref name="warmup"/> untimed rounds of both, then <paramref name="repeats"/> rounds in which the
    /// order alternates (A B, B A, ...) so neither side always runs on a warmer cache.
    /// </summary>
    public static async Task<SideBySideResult> RunAsync(Func<Task> measured, Func<Task> baseline, int warmup, int repeats)
    {
        for (var i = 0; i < warmup; i++)
        {
            await measured();
            await baseline();
        }

        var a = new List<double>(repeats);
        var b = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            if (i % 2 == 0)
            {
                a.Add(await TimeAsync(measured));
                b.Add(await TimeAsync(baseline));
            }
            else
            {
                b.Add(await TimeAsync(baseline));
                a.Add(await TimeAsync(measured));
            }
        }

        return new SideBySideResult(Summary.Of(a), Summary.Of(b));
    }

    public static async Task<double> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
