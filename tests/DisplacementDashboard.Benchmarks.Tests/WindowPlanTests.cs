using DisplacementDashboard.Benchmarks.Measurement;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class WindowPlanTests
{
    private static readonly DateOnly Earliest = new(2015, 1, 1);
    private static readonly DateOnly Today = new(2026, 12, 2);

    [Fact]
    public void DistinctWindows_TenThousand_AreDistinctAndInsideTheBounds()
    {
        var windows = WindowPlan.DistinctWindows(10_000, Earliest, Today, seed: 7);

        Assert.Equal(10_000, windows.Count);
        Assert.Equal(10_000, windows.Distinct().Count());
        Assert.All(windows, w =>
        {
            Assert.True(w.From >= Earliest, $"{w.From} is before {Earliest}");
            Assert.True(w.To <= Today, $"{w.To} is after {Today}");
            Assert.True(w.From <= w.To, $"{w.From} is after {w.To}");
        });
    }

    [Fact]
    public void DistinctWindows_HalfStartInTheRecordedWeeks_SoTheirModelsHoldFigures()
    {
        var windows = WindowPlan.DistinctWindows(1_000, Earliest, Today, seed: 7);

        var dense = windows.Count(w => w.From >= new DateOnly(2023, 8, 1) && w.From <= new DateOnly(2023, 11, 30));
        Assert.InRange(dense, 450, 600);
    }

    [Fact]
    public void DistinctWindows_SameSeed_SameWindows_OtherSeed_OtherWindows()
    {
        var a = WindowPlan.DistinctWindows(500, Earliest, Today, seed: 1);
        Assert.Equal(a, WindowPlan.DistinctWindows(500, Earliest, Today, seed: 1));
        Assert.NotEqual(a, WindowPlan.DistinctWindows(500, Earliest, Today, seed: 2));
    }

    [Fact]
    public void DistinctWindows_EveryWindowOfAShortRange_WhenAskedForAll()
    {
        // Four days hold 4 + 3 + 2 + 1 = 10 windows.
        var from = new DateOnly(2023, 9, 19);
        var windows = WindowPlan.DistinctWindows(10, from, from.AddDays(3), seed: 3);

        Assert.Equal(10, windows.Distinct().Count());
        Assert.All(windows, w => Assert.True(w.From >= from && w.To <= from.AddDays(3) && w.From <= w.To));
    }

    [Fact]
    public void DistinctWindows_MoreThanTheRangeHolds_Throws()
    {
        var from = new DateOnly(2023, 9, 19);
        Assert.Throws<ArgumentOutOfRangeException>(() => WindowPlan.DistinctWindows(11, from, from.AddDays(3), seed: 3));
    }

    [Fact]
    public void DistinctRequests_EveryAddressOnceButThePublishedSnapshots_AndEveryTenthIsShelter()
    {
        string[] keys = ["2023-09-28T20:00~12", "2023-10-05T~12"];
        var requests = WindowPlan.DistinctRequests(1_000, Earliest, Today, keys, seed: 5);

        Assert.Equal(1_000, requests.Count);
        Assert.Equal(100, requests.Count(r => r.StartsWith("/shelter?snapshot=", StringComparison.Ordinal)));
        Assert.Equal(900, requests.Where(r => r.StartsWith("/timeline?from=", StringComparison.Ordinal)).Distinct().Count());
        // Half of the shelter requests take turns over the published keys; the other half are made-up keys, all distinct.
        var shelter = requests.Where(r => r.StartsWith("/shelter", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, shelter.Count(r => keys.Any(k => r == "/shelter?snapshot=" + Uri.EscapeDataString(k))));
        Assert.Equal(50 + keys.Length, shelter.Distinct().Count());
        Assert.Contains("/shelter?snapshot=2023-09-28T20%3A00~12", shelter);
    }

    [Fact]
    public void DistinctRequests_TimelineDatesAreTheAddressFormat()
    {
        var requests = WindowPlan.DistinctRequests(20, Earliest, Today, [], seed: 5);

        Assert.All(requests.Where(r => r.StartsWith("/timeline", StringComparison.Ordinal)), r =>
            Assert.Matches(@"^/timeline\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$", r));
    }

    [Fact]
    public void RepeatedRequests_SameShapeAsTheDistinctOnes_OneWindowAndOneSnapshot()
    {
        var window = (new DateOnly(2023, 9, 15), new DateOnly(2023, 10, 15));
        var requests = WindowPlan.RepeatedRequests(1_000, window, "2023-09-28T20:00~12");

        Assert.Equal(["/timeline?from=2023-09-15&to=2023-10-15", "/shelter?snapshot=2023-09-28T20%3A00~12"], requests.Distinct().ToArray());
        Assert.Equal(100, requests.Count(r => r.StartsWith("/shelter", StringComparison.Ordinal)));
        Assert.Equal(
            WindowPlan.DistinctRequests(1_000, Earliest, Today, [], seed: 5).Select(r => r[..8]),
            requests.Select(r => r[..8]));
    }
}
