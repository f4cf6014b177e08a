using DisplacementDashboard.Web.Features.Figures;

namespace DisplacementDashboard.UnitTests;

/// <summary>The figures grid's "Verified only" filter in the address (<c>verified=true</c>).</summary>
public class FiguresViewTests
{
    private static FiguresView Parse(string? verified, out IReadOnlyList<string> problems) =>
        FiguresView.Parse(null, null, null, null, null, null, null, null, null, out problems, verified);

    [Fact]
    public void VerifiedTrue_ShowsOnlyVerifiedFigures_AndStaysInTheAddress()
    {
        var view = Parse("true", out var problems);

        Assert.Empty(problems);
        Assert.True(view.VerifiedOnly);
        Assert.True(view.Filter.VerifiedOnly);
        Assert.Equal("true", view.ToQuery()["verified"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("false")]
    public void NoOrFalseVerified_IsTheDefault_LeftOutOfTheAddress(string? verified)
    {
        var view = Parse(verified, out var problems);

        Assert.Empty(problems);
        Assert.False(view.VerifiedOnly);
        Assert.Null(view.ToQuery()["verified"]);
    }

    [Fact]
    public void AnyOtherVerified_IsNamedInAMessage_AndEveryFigureIsShown()
    {
        var view = Parse("yes", out var problems);

        Assert.False(view.VerifiedOnly);
        Assert.Contains("verified: “yes”", Assert.Single(problems), StringComparison.Ordinal);
    }
}
