using DisplacementDashboard.Benchmarks.Measurement;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void Median_OddCount_IsTheMiddleSample()
    {
        Assert.Equal(3, Statistics.Median([5, 1, 3, 2, 4]));
    }

    [Fact]
    public void Median_EvenCount_IsTheLowerMiddleSample_NearestRank()
    {
        Assert.Equal(2, Statistics.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void P95_OfOneToHundred_Is95()
    {
        Assert.Equal(95, Statistics.P95(Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList()));
    }

    [Fact]
    public void P95_OfTwentySamples_IsTheNineteenth_SoOneOutlierDoesNotSetIt()
    {
        var samples = Enumerable.Range(1, 19).Select(i => (double)i).Append(1000).ToList();
        Assert.Equal(19, Statistics.P95(samples));
    }

    [Fact]
    public void P95_OfOneSample_IsThatSample()
    {
        Assert.Equal(7, Statistics.P95([7]));
    }

    [Fact]
    public void Percentile_NoSamples_Throws()
    {
        Assert.Throws<ArgumentException>(() => Statistics.Percentile([], 50));
    }

    [Fact]
    public void Ratio_IsMeasuredOverBaseline()
    {
        Assert.Equal(1.5, Statistics.Ratio(30, 20));
    }

    [Fact]
    public void Ratio_ZeroBaseline_IsNaN()
    {
        Assert.True(double.IsNaN(Statistics.Ratio(3, 0)));
    }

    [Fact]
    public void Slope_TwoPoints_IsBytesPerPage()
    {
        Assert.Equal(1000, Statistics.Slope([(20, 50_000), (60, 90_000)]));
    }

    [Fact]
    public void Summary_Of_ReportsMedianP95AndCount()
    {
        var summary = Summary.Of(Enumerable.Range(1, 20).Select(i => (double)i).ToList());
        Assert.Equal(new Summary(10, 19, 20), summary);
    }
}
