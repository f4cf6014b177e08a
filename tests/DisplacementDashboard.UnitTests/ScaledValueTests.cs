using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.UnitTests;

public class ScaledValueTests
{
    [Theory]
    [InlineData("97000000", 2, 9700000000)]
    [InlineData("3.4", 1, 34)]
    [InlineData("120000", 0, 120000)]
    [InlineData("0.05", 2, 5)]
    public void TryParse_ValidText_ScalesToMinorUnits(string text, int decimals, long expected)
    {
        Assert.True(ScaledValue.TryParse(text, decimals, out var value, out _));
        Assert.Equal(expected, value);
        Assert.Equal(text, ScaledValue.ToInvariant(value, decimals));
    }

    [Theory]
    [InlineData("-5", 0, "negative")]
    [InlineData("1,000", 0, "not a plain number")]
    [InlineData("12.5", 0, "not a whole number")]
    [InlineData("1.234", 2, "at most 2")]
    [InlineData("about 30", 0, "not a plain number")]
    [InlineData("", 0, "empty")]
    [InlineData("99999999999999999999", 0, "too large")]
    [InlineData("5.", 0, "not a plain number")]
    public void TryParse_BadText_SaysWhy(string text, int decimals, string reason)
    {
        Assert.False(ScaledValue.TryParse(text, decimals, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
