using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>An editor retracts a figure, finds it in the list of retracted figures, and restores it from there.</summary>
public sealed class RetractedListTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    private string Screenshot(string name) => Path.Combine(fixture.ScreenshotDirectory, name + ".png");

    private static ILocator Snackbar(IPage page, string text) => page.Locator(".mud-snackbar").Filter(new() { HasText = text });

    private static async Task AssertFitsAndPassesAxeAsync(IPage page, int width, string state)
    {
        var problems = await Axe.SeriousViolationsAsync(page, state);
        var scrollWidth = await Axe.ScrollWidthAsync(page);
        Assert.True(scrollWidth <= width, $"{state}: the page scrolls sideways (scrollWidth {scrollWidth} at {width} px)");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Editor_RetractsAFigure_FindsItInTheList_AndRestoresItFromThereWithAReason()
    {
        const string retractReason = "E2E: looks like a duplicate of a later report";
        const string restoreReason = "E2E: the ministry confirmed it is a separate count";
        int id;
        string filter;
        await using (var db = OpenStore())
        {
            var figure = await db.Figures.Where(f => !f.IsRetracted && f.Metric.Code == "cumulative_arrivals_in_armenia")
                .OrderBy(f => f.Id).Select(f => new { f.Id, Metric = f.Metric.Code, Location = f.Location.Code, f.ReferenceDate }).FirstAsync();
            id = figure.Id;
            var day = figure.ReferenceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            filter = $"/figures?metric={figure.Metric}&location={figure.Location}&from={day}&to={day}";
        }

        // Retract it on its edit page, as editors do.
        await using var desk = await WatchedPage.OpenAsync(fixture, 1366);
        await desk.SignInAsync($"/figures/{id}/edit");
        var page = desk.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.GetByTestId("reason-input").FillAsync(retractReason);
        await page.GetByTestId("retract").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Retract" }).ClickAsync();
        await Assertions.Expect(Snackbar(page, $"Figure {id} retracted.")).ToBeVisibleAsync();

        // The menu leads to the list; the figure is there with who retracted it, and why.
        await page.Locator("#dd-nav").GetByRole(AriaRole.Link, new() { Name = "Retracted figures" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/figures/retracted$"));
        await Assertions.Expect(page.Locator("#dd-nav a[aria-current=page]")).ToHaveTextAsync("Retracted figures");
        var row = page.Locator("tr").Filter(new() { Has = page.GetByTestId($"restore-{id}") });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("retracted-reason")).ToHaveTextAsync(retractReason);
        await Assertions.Expect(row.GetByTestId("retracted-by")).ToHaveTextAsync(BrowserFixture.AdminEmail);
        await Assertions.Expect(row.GetByTestId($"history-{id}")).ToHaveAttributeAsync("href", $"/figures/{id}/history");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("retracted-list-1366-light"), FullPage = true });
        await AssertFitsAndPassesAxeAsync(page, 1366, "retracted list at 1366 px");

        // Meanwhile the public grid no longer shows it.
        await using var reader = await WatchedPage.OpenAsync(fixture, 1366);
        await reader.GotoAsync(filter);
        await Assertions.Expect(reader.Page.GetByTestId("grid-figures")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Page.Locator($"a[href='/figures/{id}/history']")).ToHaveCountAsync(0);

        // On a phone, in the dark theme: the list as cards, then restore from it.
        await using var phone = await WatchedPage.OpenAsync(fixture, 390, "dark");
        await phone.SignInAsync("/figures/retracted");
        var mobile = phone.Page;
        var restore = mobile.GetByTestId($"restore-{id}");
        await Assertions.Expect(restore).ToBeEnabledAsync();
        await mobile.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("retracted-list-390-dark"), FullPage = true });
        await AssertFitsAndPassesAxeAsync(mobile, 390, "retracted list at 390 px, dark");

        await restore.ClickAsync();
        var dialog = mobile.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync($"Restore figure {id}?");
        await dialog.GetByTestId("restore-confirm").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("error-reason")).ToHaveTextAsync("Say why the figure is restored.");
        await dialog.GetByTestId("restore-reason").FillAsync(restoreReason);
        // The label moves above the text in a short transition; look at it once it has.
        await mobile.WaitForFunctionAsync("() => document.querySelector('.mud-dialog label').getAnimations().length === 0");
        await mobile.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("retracted-restore-dialog-390-dark") });
        await AssertFitsAndPassesAxeAsync(mobile, 390, "restore dialog at 390 px, dark");
        await dialog.GetByTestId("restore-confirm").ClickAsync();

        await Assertions.Expect(Snackbar(mobile, $"Figure {id} restored")).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(restore).ToHaveCountAsync(0);
        // The desk's open list follows without a reload.
        await Assertions.Expect(page.GetByTestId($"restore-{id}")).ToHaveCountAsync(0);

        // Back on the public grid, and the history shows the restore with its reason.
        await reader.GotoAsync(filter);
        await Assertions.Expect(reader.Page.Locator($"a[href='/figures/{id}/history']")).ToBeVisibleAsync();
        await reader.Page.Locator($"a[href='/figures/{id}/history']").ClickAsync();
        var last = reader.Page.GetByTestId("revision").Last;
        await Assertions.Expect(last).ToContainTextAsync("Restored");
        await Assertions.Expect(last).ToContainTextAsync(restoreReason);
        await Assertions.Expect(last.Locator("mark[data-changed=retracted]").Last).ToContainTextAsync("shown");
        await reader.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("retracted-history-1366-light"), FullPage = true });

        await phone.GotoAsync($"/figures/{id}/history");
        await Assertions.Expect(mobile.GetByTestId("revision").Last).ToContainTextAsync(restoreReason);
        await mobile.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("retracted-history-390-dark"), FullPage = true });
        await AssertFitsAndPassesAxeAsync(mobile, 390, "history with a retraction and a restore at 390 px, dark");

        await using (var db = OpenStore())
        {
            Assert.False(await db.Figures.Where(f => f.Id == id).Select(f => f.IsRetracted).SingleAsync());
        }

        Assert.Empty(desk.Problems);
        Assert.Empty(reader.Problems);
        Assert.Empty(phone.Problems);
    }
}
