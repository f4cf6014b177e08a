using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>Issue 10's example in a real browser: a unit, a metric and a community added on the reference pages, then a figure with them.</summary>
public sealed class ReferenceDataTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    private async Task ShootAsync(WatchedPage watched, string name, List<string> failures)
    {
        foreach (var width in new[] { 1366, 390 })
        {
            await watched.Page.SetViewportSizeAsync(width, 900);
            failures.AddRange(await Axe.SeriousViolationsAsync(watched.Page, $"{name} at {width}"));
            if (width == 390 && await Axe.ScrollWidthAsync(watched.Page) > 390)
            {
                failures.Add($"{name} scrolls sideways at 390 px");
            }

            await watched.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}-{width}.png"), FullPage = true });
        }

        await watched.Page.SetViewportSizeAsync(1366, 900);
    }

    private static async Task ChooseAsync(IPage page, string selectTestId, string item)
    {
        await page.GetByTestId(selectTestId).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        // A multiple select stays open after a pick: the save button is reachable only once its list has closed.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Editor_AddsCollectiveCentres_ACommunityInSyunik_AndAFigureWithThem()
    {
        var failures = new List<string>();
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/reference/units/new");
        var page = staff.Page;

        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.Locator("#code").FillAsync("centres");
        await page.Locator("#name").FillAsync("collective centres");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        await ShootAsync(staff, "unit-added", failures);

        await staff.GotoAsync("/reference/metrics/new");
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.Locator("#code").FillAsync("Collective Centres");
        await page.Locator("#name").FillAsync("Collective centres in use");
        await ChooseAsync(page, "units", "collective centres (centres)");
        await page.Locator("#definition").FillAsync("Buildings used as collective shelter for refugees.");
        await page.Locator("#hxl").FillAsync("#capacity+shelter+collective");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-Code")).ToContainTextAsync("not a metric code");
        await ShootAsync(staff, "metric-refused", failures);
        await page.Locator("#code").FillAsync("collective_centres");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();

        await staff.GotoAsync("/reference/places/new");
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.Locator("#code").FillAsync("AM-SU-SISIAN");
        await page.Locator("#name").FillAsync("Sisian");
        await ChooseAsync(page, "parent", "Armenia > Syunik (AM-SU)");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();

        await staff.GotoAsync("/reference/places");
        await Assertions.Expect(page.GetByTestId("row-AM-SU-SISIAN")).ToContainTextAsync("in Armenia > Syunik");
        await ShootAsync(staff, "places-list", failures);

        int sourceId;
        await using (var db = OpenStore())
        {
            sourceId = await db.Sources.Where(s => s.Key == "S001").Select(s => s.Id).SingleAsync();
        }

        await staff.GotoAsync($"/figures/new?metric=collective_centres&location=AM-SU-SISIAN&unit=centres&source={sourceId}");
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.Locator("#date").FillAsync("03/10/2023");
        await page.Locator("#date").PressAsync("Tab");
        await page.GetByTestId("value-input").FillAsync("14");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        await ShootAsync(staff, "figure-with-new-codes", failures);

        await using (var db = OpenStore())
        {
            var figure = await db.Figures.Where(f => f.Metric.Code == "collective_centres").Select(f => new { f.UnitCode, Location = f.Location.Code, f.Value }).SingleAsync();
            Assert.Equal(("centres", "AM-SU-SISIAN", 14L), (figure.UnitCode, figure.Location, figure.Value));
        }

        await staff.GotoAsync("/reference/metrics");
        await Assertions.Expect(page.GetByTestId("row-collective_centres")).ToContainTextAsync("#capacity+shelter+collective");
        Assert.Empty(failures);
        Assert.Empty(staff.Problems);
    }
}
