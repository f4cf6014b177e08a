using DisplacementDashboard.Core.Editing;

namespace DisplacementDashboard.UnitTests;

public class KeyAllocatorTests
{
    [Fact]
    public void Next_FollowsTheHighestNumberedKey_AndIgnoresOtherShapes() =>
        Assert.Equal("S113", KeyAllocator.Next(["S001", "S112", "S099", "SX", "X500", "S"], 'S'));

    [Fact]
    public void Next_StartsAtOne() => Assert.Equal("E001", KeyAllocator.Next([], 'E'));
}
