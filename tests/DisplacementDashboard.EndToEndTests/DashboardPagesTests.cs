using System.Globalization;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

public sealed class DashboardPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
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
    public async Task Timeline_PickingARangeInTheCalendar_PutsItInTheAddress_InThePagesCulture()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/timeline?from=2023-09-24&to=2023-09-30");
        await Assertions.Expect(watched.Page.GetByTestId("chart-timeline").Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        // Until asked for, the window is a button (the picker on every open page cost server memory: docs/performance.md).
        var button = watched.Page.GetByTestId("window-button");
        await Assertions.Expect(button).ToHaveTextAsync("24/09/2023 – 30/09/2023");
        await Assertions.Expect(button).ToHaveAccessibleNameAsync("Change the dates, now 24/09/2023 – 30/09/2023");

        // A click before the circuit is up does nothing: click until the calendar opens.
        var dialog = watched.Page.GetByRole(AriaRole.Dialog);
        for (var attempt = 0; attempt < 20 && await dialog.CountAsync() == 0; attempt++)
        {
            if (await button.CountAsync() > 0)
            {
                await button.ClickAsync();
            }

            try
            {
                await dialog.WaitForAsync(new() { Timeout = 1_500 });
            }
            catch (TimeoutException)
            {
                // Not interactive yet.
            }
        }

        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var days = dialog.Locator(".mud-picker-calendar-day:not(.mud-hidden)");
        await days.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^20$") }).First.ClickAsync();
        await days.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^27$") }).First.ClickAsync();

        await Assertions.Expect(watched.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("from=2023-09-20&to=2023-09-27"));
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(watched.Page.GetByTestId("table-timeline").Locator("caption")).ToContainTextAsync("20 Sep");
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
        await watched.Page.Locator(".mud-popover-open .mud-list-item:not(.mud-selected-item)").First.ClickAsync();

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

        var rows = watched.Page.GetByTestId("grid-figures").Locator("tbody tr.mud-table-row");
        await Assertions.Expect(rows).ToHaveCountAsync(expected);
        foreach (var row in await rows.AllAsync())
        {
            await Assertions.Expect(row).ToContainTextAsync("Fuel depot explosion: deaths");
            await Assertions.Expect(row.Locator("a[href^='/sources/']")).ToHaveCountAsync(1);
        }

        Assert.True(expected > 1);
        Assert.Empty(watched.Problems);
    }
}
