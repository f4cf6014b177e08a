using DisplacementDashboard.Benchmarks.Measurement;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class MemoryGrowthTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void Checkpoints_OfTenThousand_AreTheIssuesReadings()
    {
        Assert.Equal([0, 1_000, 2_500, 5_000, 10_000], MemoryGrowth.Checkpoints(10_000));
    }

    [Fact]
    public void Checkpoints_OfTheQuickCount_StillPassTheCap()
    {
        // 400 requests in quick mode: 360 distinct windows, about three times the cache's 128.
        Assert.Equal([0, 40, 100, 200, 400], MemoryGrowth.Checkpoints(400));
    }

    [Fact]
    public void Summarise_ABoundedCache_FillsEarly_AndLevelsOff()
    {
        var growth = MemoryGrowth.Summarise(Readings(50, 80, 81, 81, 82), noise: 2 * Mb);

        Assert.Equal(32 * Mb, growth.Total);
        Assert.Equal(30 * Mb, growth.Early);
        Assert.Equal(1 * Mb, growth.Late);
        Assert.Equal(1.0 / 30, growth.LateOverEarly, 6);
        Assert.True(growth.LevelledOff);
    }

    [Fact]
    public void Summarise_AnUnboundedCache_GrowsInProportion_AndDoesNotLevelOff()
    {
        // 245 KB per distinct window, as issue 11 measured before the bound.
        const long PerWindow = 245 * 1024;
        var growth = MemoryGrowth.Summarise(MemoryGrowth.Checkpoints(10_000).Select(r => new MemoryCheckpoint(r, 50 * Mb + r * PerWindow)).ToList(), noise: 2 * Mb);

        Assert.Equal(5.0, growth.LateOverEarly, 6);
        Assert.False(growth.LevelledOff);
    }

    [Fact]
    public void Summarise_NoEarlyGrowth_ButLateGrowthBeyondTheNoise_IsNotLevelledOff()
    {
        var growth = MemoryGrowth.Summarise(Readings(50, 50, 52, 55, 60), noise: 1 * Mb);

        Assert.False(growth.LevelledOff);
    }

    [Fact]
    public void Summarise_LateGrowthWithinTheNoise_IsLevelledOff()
    {
        Assert.True(MemoryGrowth.Summarise(Readings(50, 50, 51, 50, 51), noise: 1 * Mb).LevelledOff);
    }

    [Fact]
    public void Summarise_ReadingsOutOfOrder_Throws()
    {
        var readings = new[] { new MemoryCheckpoint(0, 1), new MemoryCheckpoint(10, 2), new MemoryCheckpoint(5, 3) };
        Assert.Throws<ArgumentException>(() => MemoryGrowth.Summarise(readings, 0));
    }

    [Fact]
    public void Noise_IsTheLargestStepBetweenBaselineReadings()
    {
        Assert.Equal(3 * Mb, MemoryGrowth.Noise(Readings(50, 51, 48, 49, 49)));
    }

    private static List<MemoryCheckpoint> Readings(params long[] megabytes) =>
        megabytes.Zip(MemoryGrowth.Checkpoints(10_000), (mb, r) => new MemoryCheckpoint(r, mb * Mb)).ToList();
}

public sealed class SoakReportTests
{
    [Fact]
    public void PercentChange_IsRelativeToTheStart()
    {
        Assert.Equal(10.0, SoakReport.PercentChange(200, 220), 9);
        Assert.Equal(-5.0, SoakReport.PercentChange(200, 190), 9);
        Assert.True(double.IsNaN(SoakReport.PercentChange(0, 5)));
    }

    [Fact]
    public void Trace_FirstReadingAbsolute_OthersRelative()
    {
        const long Mb = 1024 * 1024;
        var trace = SoakReport.Trace([(TimeSpan.Zero, 100 * Mb), (TimeSpan.FromMinutes(5), 104 * Mb), (TimeSpan.FromMinutes(10), 99 * Mb), (TimeSpan.FromMinutes(15), 100 * Mb)], 100 * Mb);

        Assert.Equal("0 min 100.0 MB, 5 min +4.0%, 10 min -1.0%, 15 min 0.0%", trace);
    }
}
