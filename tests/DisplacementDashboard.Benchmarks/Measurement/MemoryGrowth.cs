namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>The managed heap after a full GC, read after a number of requests.</summary>
public sealed record MemoryCheckpoint(int Requests, long Bytes);

/// <summary>
/// Growth from the first reading, over the first segment (0 to a tenth of the requests) and over the last (half to
/// all). A bounded cache fills in the first segment and adds nothing in the last; an unbounded one grows in
/// proportion, so the last segment, five times as many requests, adds about five times as much.
/// </summary>
public sealed record GrowthSummary(long Total, long Early, long Late, double LateOverEarly, long Noise, bool LevelledOff);

public static class MemoryGrowth
{
    /// <summary>Largest last-segment growth, as a share of the first segment's, that counts as levelled off.</summary>
    public const double MaxLateOverEarly = 0.25;

    /// <summary>Request counts to read memory at: 0, a tenth, a quarter, half and all (0, 1,000, 2,500, 5,000, 10,000).</summary>
    public static IReadOnlyList<int> Checkpoints(int total)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 10);
        return new[] { 0, total / 10, total / 4, total / 2, total }.Distinct().ToList();
    }

    /// <summary>
    /// The largest change between consecutive readings of the baseline (one window asked for again and again): how far
    /// the heap moves when nothing new is kept.
    /// </summary>
    public static long Noise(IReadOnlyList<MemoryCheckpoint> baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline.Zip(baseline.Skip(1), (a, b) => Math.Abs(b.Bytes - a.Bytes)).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// Levelled off when the last segment grew by at most <see cref="MaxLateOverEarly"/> of the first segment's growth
    /// plus the baseline's noise (a heap that did not grow at all in the first segment must not grow in the last either).
    /// </summary>
    public static GrowthSummary Summarise(IReadOnlyList<MemoryCheckpoint> readings, long noise)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count < 3)
        {
            throw new ArgumentException("Levelling off needs a start, a first segment and a last one.", nameof(readings));
        }

        if (readings.Zip(readings.Skip(1)).Any(p => p.Second.Requests <= p.First.Requests))
        {
            throw new ArgumentException("Readings must be in increasing request order.", nameof(readings));
        }

        var total = readings[^1].Bytes - readings[0].Bytes;
        var early = readings[1].Bytes - readings[0].Bytes;
        var late = readings[^1].Bytes - readings[^2].Bytes;
        var levelled = late <= MaxLateOverEarly * Math.Max(early, 0) + noise;
        return new GrowthSummary(total, early, late, Statistics.Ratio(late, early), noise, levelled);
    }
}
