namespace DisplacementDashboard.Benchmarks.Measurement;

/// <summary>One sign-in post of the flood: when it was sent (from the flood's first post) and the answer's status.</summary>
public sealed record FloodAttempt(TimeSpan At, int Status);

/// <summary>
/// What the flood got: posts refused with 429, posts that passed the limiter (any other status), passes per minute
/// from the first post, and how many passes a per-minute limit allows over the fixed windows the flood touched.
/// </summary>
public sealed record FloodVerdict(
    int Total,
    int Rejected,
    int Passed,
    IReadOnlyDictionary<int, int> ByStatus,
    IReadOnlyList<int> PassedPerMinute,
    int Windows,
    int Allowed,
    bool Limited);

public static class FloodTally
{
    public const int TooManyRequests = 429;

    /// <summary>
    /// The limiter's fixed windows of one minute start with the client's first post, so a flood lasting D touches
    /// floor(D / 1 min) + 1 of them and may pass at most the limit in each. Limited: some posts were refused and no more
    /// passed than that.
    /// </summary>
    public static FloodVerdict Judge(IReadOnlyList<FloodAttempt> attempts, int perMinute)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        if (attempts.Count == 0)
        {
            throw new ArgumentException("The flood sent nothing.", nameof(attempts));
        }

        var first = attempts.Min(a => a.At);
        var last = attempts.Max(a => a.At);
        var windows = (int)Math.Floor((last - first).TotalMinutes) + 1;
        var passed = attempts.Where(a => a.Status != TooManyRequests).ToList();
        var perMinuteCounts = new int[windows];
        foreach (var a in passed)
        {
            perMinuteCounts[Math.Min((int)Math.Floor((a.At - first).TotalMinutes), windows - 1)]++;
        }

        var rejected = attempts.Count - passed.Count;
        var allowed = perMinute * windows;
        return new FloodVerdict(
            attempts.Count,
            rejected,
            passed.Count,
            attempts.GroupBy(a => a.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            perMinuteCounts,
            windows,
            allowed,
            rejected > 0 && passed.Count <= allowed);
    }
}
