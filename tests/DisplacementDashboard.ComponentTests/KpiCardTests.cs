using System.Globalization;
using Bunit;
using DisplacementDashboard.ComponentTests.Infrastructure;
using DisplacementDashboard.Core.Domain;
using DisplacementDashboard.Web.Components.Shared;

namespace DisplacementDashboard.ComponentTests;

public class KpiCardTests : MudTestContext
{
    public KpiCardTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
    }

    [Fact]
    public void KpiCard_ShowsValueAsOfAndLinksEverySource()
    {
        var a = TestFigures.Row(1, 100632);
        var b = TestFigures.Row(2, 120000, Qualifier.Approximate, url: null);

        var cut = Render<KpiCard>(p => p
            .Add(c => c.TestId, "kpi-share")
            .Add(c => c.Title, "Share")
            .Add(c => c.Value, "84%")
            .Add(c => c.AsOf, "4 Oct 2023, 16:00")
            .Add(c => c.Figure, a)
            .Add(c => c.Sources, [a, b]));

        Assert.Equal("84%", cut.Find("[data-testid=kpi-share-value]").TextContent);
        Assert.Equal("4 Oct 2023, 16:00", cut.Find("[data-testid=kpi-share-asof]").TextContent);
        var links = cut.FindAll("a").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains("/sources/10", links);
        Assert.Contains("/sources/20", links);
        Assert.Contains("https://example.org/report", links);
        Assert.Equal(3, links.Count);
    }

    [Fact]
    public void KpiCard_WithoutFigure_SaysSoInsteadOfAZero()
    {
        var cut = Render<KpiCard>(p => p.Add(c => c.TestId, "kpi-arrivals").Add(c => c.Title, "Arrived"));

        Assert.Contains("No figure in the store yet", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=kpi-arrivals-value]"));
    }

    [Fact]
    public void QualifiedValue_ShowsQualifierAndGroupedNumber()
    {
        var cut = Render<QualifiedValue>(p => p.Add(c => c.Figure, TestFigures.Row(3, 100000, Qualifier.AtLeast)));

        Assert.Equal("at least 100,000 people", cut.Find("span").TextContent);
        Assert.Equal("100000", cut.Find("span").GetAttribute("data-value"));
    }
}
