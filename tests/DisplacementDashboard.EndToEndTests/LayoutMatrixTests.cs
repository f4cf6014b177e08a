using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>
/// Every page at desktop (1366 px) and phone (390 px) width, in the light and the dark theme: no console error or
/// failed request, no serious or critical axe violation (WCAG 2.1 A and AA), no sideways scrolling on a phone, and a
/// screenshot of each (screenshots/NAME-WIDTH-SCHEME.png in the test output folder) to look at.
/// </summary>
public sealed class LayoutMatrixTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static TheoryData<int, string> Views => new()
    {
        { 1366, "light" },
        { 1366, "dark" },
        { 390, "light" },
        { 390, "dark" },
    };

    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    private async Task<(string Path, string Name)[]> PublicPagesAsync()
    {
        await using var db = OpenStore();
        var sourceId = await db.Sources.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var figureId = await db.Figures.OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
        return
        [
            ("/", "overview"),
            ("/timeline", "timeline"),
            ("/timeline?from=2022-12-01&to=2026-01-31", "timeline-whole-record"),
            ("/timeline?knownAt=2023-09-26T00:00%2B04:00", "timeline-known-at"),
            ("/?knownAt=2023-09-26T20:00%2B04:00", "overview-known-at"),
            ("/sources?knownAt=2023-09-25T12:00%2B04:00", "sources-known-at"),
            ("/shelter", "shelter"),
            ("/aid", "aid"),
            ("/figures", "figures"),
            ("/metrics", "metrics"),
            ("/sources", "sources"),
            ($"/sources/{sourceId}", "source"),
            ("/events", "events"),
            ($"/figures/{figureId}/history", "history"),
            ("/export", "export"),
            ("/changes", "changes"),
            ("/account/login", "login"),
            ("/account/reset?user=nobody&token=not-a-token", "reset-refused"),
        ];
    }

    private async Task<(string Path, string Name)[]> StaffPagesAsync()
    {
        await using var db = OpenStore();
        var figureId = await db.Figures.OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
        return
        [
            ("/figures/new", "figure-form"),
            ($"/figures/{figureId}/edit", "figure-correct"),
            ("/figures/retracted", "retracted"),
            // A seed figure: the Admin did not enter it, so its history offers "What was checked" and Verify.
            ($"/figures/{figureId}/history", "history-verify"),
            ("/sources/new", "source-form"),
            ("/events/new", "event-form"),
            ("/import", "import"),
            ("/admin/users", "admin-users"),
            ("/account/password", "password"),
            ("/reference/metrics", "reference-metrics"),
            ("/reference/places", "reference-places"),
            ("/reference/units/new", "unit-form"),
            ("/reference/metrics/1/edit", "metric-correct"),
            ("/reference/places/1/history", "place-history"),
        ];
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task EveryPublicPage_LoadsCleanly_FitsTheWidth_AndPassesAxe(int width, string scheme)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, width, scheme);
        var failures = new List<string>();
        foreach (var (path, name) in await PublicPagesAsync())
        {
            failures.AddRange(await CheckAsync(watched, path, name, width, scheme));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(watched.Problems.Count == 0, string.Join(Environment.NewLine, watched.Problems));
    }

    [Theory]
    [MemberData(nameof(Views))]
    public async Task EveryStaffPage_LoadsCleanly_FitsTheWidth_AndPassesAxe(int width, string scheme)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, width, scheme);
        await watched.SignInAsync("/admin/users");
        var failures = new List<string>();
        foreach (var (path, name) in await StaffPagesAsync())
        {
            failures.AddRange(await CheckAsync(watched, path, name, width, scheme));
        }

        // A reset link as the Admin sees it once issued (for their own account: issuing changes nothing), and the
        // form it opens.
        var link = await watched.IssueResetLinkAsync(BrowserFixture.AdminEmail);
        failures.AddRange(await CheckShownAsync(watched, "/admin/users with a reset link", "admin-users-reset-link", width, scheme));
        failures.AddRange(await CheckAsync(watched, link, "reset-form", width, scheme));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(watched.Problems.Count == 0, string.Join(Environment.NewLine, watched.Problems));
    }

    [Fact]
    public async Task UnknownAddress_ShowsTheNotFoundPage_InTheAppsLook_AndPassesAxe()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 390);
        var response = await watched.Page.GotoAsync("/no-such-page", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(watched.Page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(watched.Page.Locator(".mud-appbar")).ToBeVisibleAsync();
        Assert.Empty(await SeriousAxeViolationsAsync(watched.Page, "/no-such-page"));
        // The only problem allowed is the 404 of the page itself (reported once as a response, once by the console).
        Assert.All(watched.Problems, p => Assert.Contains("404", p, StringComparison.Ordinal));
        Assert.Contains(watched.Problems, p => p.Contains("/no-such-page", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Phone_NavigationOpensAsAnOverlay_AndClosesAfterChoosingAPage()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 390);
        await watched.GotoAsync("/");
        var drawer = watched.Page.Locator("#dd-nav");
        var menu = watched.Page.GetByRole(AriaRole.Button, new() { Name = "Show or hide the menu" });
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Timeline" })).Not.ToBeInViewportAsync();

        await menu.ClickAsync();

        await Assertions.Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Timeline" })).ToBeInViewportAsync();
        await Assertions.Expect(watched.Page.Locator(".mud-drawer-overlay, .mud-overlay-drawer").First).ToBeVisibleAsync();
        // An overlay: the page content keeps its full width underneath instead of being pushed aside.
        var main = await watched.Page.Locator("main.dd-main").BoundingBoxAsync();
        Assert.True(main!.X < 20, $"main starts at x={main.X}");

        await drawer.GetByRole(AriaRole.Link, new() { Name = "Timeline" }).ClickAsync();

        await Assertions.Expect(watched.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/timeline$"));
        await Assertions.Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Timeline" })).Not.ToBeInViewportAsync();
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Desktop_NavigationIsPersistent_AndPushesTheContent()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 1366);
        await watched.GotoAsync("/");
        var drawer = watched.Page.Locator("#dd-nav");
        await Assertions.Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Timeline" })).ToBeInViewportAsync();
        var main = await watched.Page.Locator("main.dd-main").BoundingBoxAsync();
        var nav = await drawer.BoundingBoxAsync();
        Assert.True(main!.X >= nav!.X + nav.Width - 1, $"main starts at x={main.X}, the drawer ends at {nav.X + nav.Width}");
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task ThemeToggle_IsRemembered_AndFollowsTheSystemUntilThen()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 1366, "dark");
        await watched.GotoAsync("/");
        // No choice made yet: the system's dark preference is followed.
        await Assertions.Expect(watched.Page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Use the light theme");
        var darkBackground = await BackgroundAsync(watched.Page);

        await watched.Page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(watched.Page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Use the dark theme");
        var lightBackground = await BackgroundAsync(watched.Page);
        Assert.NotEqual(darkBackground, lightBackground);

        // Remembered across a reload, although the system still prefers dark.
        await watched.Page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(watched.Page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Use the dark theme");
        Assert.Equal(lightBackground, await BackgroundAsync(watched.Page));
        var cookies = await watched.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "dd-theme" && c.Value == "light");
        Assert.Empty(watched.Problems);
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private async Task<List<string>> CheckAsync(WatchedPage watched, string path, string name, int width, string scheme)
    {
        await watched.GotoAsync(path);
        return await CheckShownAsync(watched, path, name, width, scheme);
    }

    /// <summary>Checks the page as it is shown now (<paramref name="path"/> only names it in the failures).</summary>
    private async Task<List<string>> CheckShownAsync(WatchedPage watched, string path, string name, int width, string scheme)
    {
        var failures = new List<string>();
        await Assertions.Expect(watched.Page.Locator("h1")).ToBeVisibleAsync();
        // A snackbar fades in: checked mid-fade its text is part-transparent and axe measures a contrast nobody reads.
        await watched.Page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.mud-snackbar')].every(s => getComputedStyle(s).opacity === '1')");
        foreach (var chart in await watched.Page.Locator(".dd-chart").AllAsync())
        {
            await Assertions.Expect(chart.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        }

        await watched.Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(fixture.ScreenshotDirectory, $"{name}-{width}-{scheme}.png"),
            FullPage = true,
        });

        var scrollWidth = await watched.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth > width)
        {
            var wide = await watched.Page.EvaluateAsync<string>(
                "(w) => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)" +
                ".slice(-3).map(e => e.tagName + '.' + [...e.classList].join('.')).join(', ')", width);
            failures.Add($"{path} at {width} px ({scheme}): the page scrolls sideways (scrollWidth {scrollWidth}); widest: {wide}");
        }

        failures.AddRange((await SeriousAxeViolationsAsync(watched.Page, path)).Select(v => $"{width} px {scheme}: {v}"));
        return failures;
    }

    private static async Task<List<string>> SeriousAxeViolationsAsync(IPage page, string path)
    {
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        return axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
    }
}
