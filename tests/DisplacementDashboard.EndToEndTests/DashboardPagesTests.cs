using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

public sealed class DashboardPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "overview" },
        { "/timeline", "timeline" },
        { "/timeline?from=2022-12-01&to=2026-01-31", "timeline-whole-record" },
        { "/shelter", "shelter" },
        { "/aid", "aid" },
        { "/figures", "figures" },
        { "/sources", "sources" },
        { "/export", "export" },
    };

    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    [Fact]
    public async Task Timeline_DrawsOnePointPerCumulativeFigure_AndTheTableMatchesTheStore()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/timeline");
        var chart = watched.Page.GetByTestId("chart-timeline");
        await Assertions.Expect(chart.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();

        await using var db = OpenStore();
        var expected = await db.Figures
            .Where(f => f.Metric.Code == WellKnown.CumulativeArrivals && f.Location.Code == WellKnown.Armenia && f.UnitCode == WellKnown.People
                        && f.ReferenceDate >= TimelineBuilder.DefaultFrom && f.ReferenceDate <= TimelineBuilder.DefaultTo)
            .Select(f => f.Value)
            .ToListAsync();

        // Points are counted in the series groups, so the 40,000 crossing marker is not counted twice.
        var points = await chart.Locator("g.apexcharts-series .apexcharts-marker").CountAsync();
        Assert.Equal(expected.Count, points);

        var cells = await watched.Page.GetByTestId("table-timeline").Locator("td[data-value]").AllAsync();
        var shown = new List<long>();
        foreach (var cell in cells)
        {
            shown.Add(long.Parse((await cell.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
        }

        Assert.Equal(expected.Order(), shown.Order());
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Timeline_ChangingTheWindow_KeepsItInTheAddress()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/timeline?from=2023-09-24&to=2023-09-30");
        await Assertions.Expect(watched.Page.GetByTestId("chart-timeline").Locator("svg.apexcharts-svg")).ToBeVisibleAsync();

        await watched.Page.GetByRole(AriaRole.Link, new() { Name = "Whole record" }).ClickAsync();

        await Assertions.Expect(watched.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("from=2022-12-01"));
        await Assertions.Expect(watched.Page.GetByTestId("table-timeline").Locator("caption")).ToContainTextAsync("Dec 2022");
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Shelter_ChoosingAnotherSnapshot_RedrawsTheMarzChart()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/shelter");
        await Assertions.Expect(watched.Page.GetByTestId("chart-marz").Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        var before = await watched.Page.GetByTestId("marz-sum").InnerTextAsync();

        await watched.Page.GetByTestId("snapshot-select").ClickAsync();
        await watched.Page.Locator(".rz-dropdown-item").First.ClickAsync();

        await Assertions.Expect(watched.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("snapshot="));
        await Assertions.Expect(watched.Page.GetByTestId("marz-sum")).Not.ToHaveTextAsync(before);
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Figures_FilterInTheAddress_ShowsExactlyThatMetricsFigures()
    {
        await using var db = OpenStore();
        var expected = await db.Figures.CountAsync(f => f.Metric.Code == WellKnown.DepotDeaths && !f.IsRetracted);
        await using var watched = await WatchedPage.OpenAsync(fixture);

        await watched.GotoAsync($"/figures?metric={WellKnown.DepotDeaths}");

        var rows = watched.Page.GetByTestId("grid-figures").Locator("tbody tr.rz-data-row");
        await Assertions.Expect(rows).ToHaveCountAsync(expected);
        foreach (var row in await rows.AllAsync())
        {
            await Assertions.Expect(row).ToContainTextAsync("Fuel depot explosion: deaths");
            await Assertions.Expect(row.Locator("a[href^='/sources/']")).ToHaveCountAsync(1);
        }

        Assert.True(expected > 1);
        Assert.Empty(watched.Problems);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_LoadsWithoutErrors_IsScreenshotted_AndPassesAxe(string path, string name)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync(path);
        await Assertions.Expect(watched.Page.Locator("h1")).ToBeVisibleAsync();
        foreach (var chart in await watched.Page.Locator(".dd-chart").AllAsync())
        {
            await Assertions.Expect(chart.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        }

        await watched.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });

        var axe = await watched.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.Empty(serious);
        Assert.Empty(watched.Problems);
    }
}
