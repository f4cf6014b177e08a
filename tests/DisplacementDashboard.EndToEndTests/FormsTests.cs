using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The staff forms in a real browser: messages under fields, autocomplete, dates, dialogs, snackbars, reconnects.</summary>
public sealed class FormsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string CumulativeArrivals = "cumulative_arrivals_in_armenia";

    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    private async Task<int> SourceIdAsync(string key)
    {
        await using var db = OpenStore();
        return await db.Sources.Where(s => s.Key == key).Select(s => s.Id).SingleAsync();
    }

    // Snackbars stack (an earlier one may still be showing), so each check looks for the one with its text.
    private static ILocator Snackbar(IPage page) => page.Locator(".mud-snackbar");

    private static async Task AssertAxeAsync(IPage page, string state)
    {
        var serious = await Axe.SeriousViolationsAsync(page, state);
        Assert.True(serious.Count == 0, string.Join('\n', serious));
    }

    [Fact]
    public async Task FigureForm_RefusesTextNotInTheList_AndBadTypedDatesAndTimes_WithAMessageUnderEachField()
    {
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/figures/new");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();

        await page.Locator("#metric").ClickAsync();
        await page.Locator("#metric").PressSequentiallyAsync("no such metric");
        await page.Locator("#metric").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("error-MetricCode")).ToContainTextAsync("'no such metric' is not a metric in the list");

        await page.Locator("#date").FillAsync("31/02/2023");
        await page.Locator("#date").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("error-Date")).ToContainTextAsync("dd/mm/yyyy");

        await page.Locator("#time").FillAsync("25:99");
        await page.Locator("#time").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("error-Time")).ToContainTextAsync("24-hour clock");

        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = "Not saved" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-figure-errors.png"), FullPage = true });
        await AssertAxeAsync(page, "figure form with errors and a snackbar");

        // Keyboard: type part of a name, arrow to the suggestion, Enter; the field shows the name and the message goes.
        await page.Locator("#metric").ClickAsync();
        await page.Locator("#metric").PressSequentiallyAsync("Cumulative arr");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(1);
        await page.Locator("#metric").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#metric")).ToHaveValueAsync("Cumulative arrivals in Armenia");
        await Assertions.Expect(page.GetByTestId("error-MetricCode")).ToHaveCountAsync(0);

        // A good typed date clears its message; a place can be found by its code.
        await page.Locator("#date").FillAsync("06/10/2023");
        await page.Locator("#date").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("error-Date")).ToHaveCountAsync(0);
        await page.Locator("#location").ClickAsync();
        await page.Locator("#location").PressSequentiallyAsync("AM-ER");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveTextAsync(["Yerevan (AM-ER)"]);
        await page.Locator("#location").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#location")).ToHaveValueAsync("Yerevan (AM-ER)");

        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task SourceForm_RefusesAPublicationDateBeforeItsFigures_UnderTheField_AndChangesNothing()
    {
        // S004 was published on 24 September 2023 and gives the 377 arrivals of that evening.
        var id = await SourceIdAsync("S004");
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync($"/sources/{id}/edit");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();

        await page.Locator("#published").FillAsync("20/09/2023");
        await page.Locator("#published").PressAsync("Tab");
        await page.Locator("#reason").FillAsync("the statement's date as printed");
        await page.GetByTestId("save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("error-Published")).ToContainTextAsync("2023-09-20 is before the day of a figure citing this source (the latest for 2023-09-24)");
        await AssertAxeAsync(page, "source form with a publication date before its figures");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-source-date-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.Locator(".mud-main-content")).ToHaveCSSAsync("margin-left", "0px"); // the drawer has slid away
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-source-date-390.png"), FullPage = true });
        await using var db = OpenStore();
        Assert.Equal((new DateOnly(2023, 9, 24), 1), await db.Sources.Where(s => s.Id == id).Select(s => new ValueTuple<DateOnly, int>(s.Published!.Value, s.Version)).SingleAsync());
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task FigureForm_InTheDarkTheme_WithErrorsAndASnackbar_PassesAxe()
    {
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await staff.SignInAsync("/figures/new");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-label", "Use the light theme"); // dark is on

        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-MetricCode")).ToBeVisibleAsync();
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = "Not saved" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-figure-errors-dark.png"), FullPage = true });
        await AssertAxeAsync(page, "dark figure form with errors and a snackbar");
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task NewFigure_AfterSaving_OffersAddAnother_InsteadOfStayingArmed()
    {
        var sourceId = await SourceIdAsync("S001");
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync($"/figures/new?metric={CumulativeArrivals}&location=AM&unit=people&source={sourceId}");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#metric")).ToHaveValueAsync("Cumulative arrivals in Armenia");

        await page.Locator("#date").FillAsync("07/10/2023");
        await page.Locator("#date").PressAsync("Tab");
        await page.Locator("#time").FillAsync("8:15");
        await page.GetByTestId("value-input").FillAsync("10080");
        await page.GetByTestId("save").ClickAsync();

        // 10,080 on 7 October (a digit short) is below the running totals other sources gave before it (100,632 on 4
        // October): a plausibility warning that names the earlier figure, and saving past it needs a reason, which the
        // revision keeps.
        await Assertions.Expect(page.GetByTestId("plausibility-warning").First).ToContainTextAsync("lower than the earlier");
        await Assertions.Expect(page.GetByTestId("saved")).ToHaveCountAsync(0);
        await AssertAxeAsync(page, "figure form with plausibility warnings");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-plausibility-warning.png"), FullPage = true });
        await page.Locator("#warning-reason").FillAsync("the report says 10,080, checked by phone");
        await page.GetByTestId("save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = "saved" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("save")).ToHaveCountAsync(0); // nothing left to click twice
        await AssertAxeAsync(page, "figure saved, snackbar open");

        await page.GetByTestId("add-another-like").ClickAsync();
        await Assertions.Expect(page.Locator("#metric")).ToHaveValueAsync("Cumulative arrivals in Armenia");
        await Assertions.Expect(page.Locator("#location")).ToHaveValueAsync("Armenia (AM)");
        await Assertions.Expect(page.GetByTestId("value-input")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#date")).ToHaveValueAsync("");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-Date")).ToBeVisibleAsync();

        await using var db = OpenStore();
        Assert.Equal(1, await db.Figures.CountAsync(f => f.Value == 10080));
        var stored = await db.Figures.SingleAsync(f => f.Value == 10080);
        Assert.Equal(new DateOnly(2023, 10, 7), stored.ReferenceDate);
        Assert.Equal(new TimeOnly(8, 15), stored.LocalTime);
        var reason = await db.Revisions.Where(r => r.EntityType == "figure" && r.EntityId == stored.Id).Select(r => r.Reason).SingleAsync();
        Assert.Contains("the report says 10,080, checked by phone", reason, StringComparison.Ordinal);
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task Retract_NeedsAReason_ThenAsksInADialog_AndRestoreDoesTheSame()
    {
        int id;
        await using (var db = OpenStore())
        {
            id = await db.Figures.Where(f => !f.IsRetracted).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
        }

        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync($"/figures/{id}/edit");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();

        await page.GetByTestId("retract").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-reason")).ToContainTextAsync("Say why the figure is retracted.");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GetByTestId("reason-input").FillAsync("Duplicate of a later report");
        await page.GetByTestId("retract").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync($"Retract figure {id}?");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-retract-dialog.png"), FullPage = true });
        await AssertAxeAsync(page, "retract dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await using (var db = OpenStore())
        {
            Assert.False(await db.Figures.Where(f => f.Id == id).Select(f => f.IsRetracted).SingleAsync());
        }

        await page.GetByTestId("retract").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Retract" }).ClickAsync();
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = $"Figure {id} retracted." })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("retract")).ToHaveTextAsync("Restore");
        await using (var db = OpenStore())
        {
            Assert.True(await db.Figures.Where(f => f.Id == id).Select(f => f.IsRetracted).SingleAsync());
        }

        await page.GetByTestId("retract").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-reason")).ToContainTextAsync("Say why the figure is restored.");
        await page.GetByTestId("reason-input").FillAsync("Retracted by mistake");
        await page.GetByTestId("retract").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = "restored" })).ToBeVisibleAsync();
        await using (var db = OpenStore())
        {
            Assert.False(await db.Figures.Where(f => f.Id == id).Select(f => f.IsRetracted).SingleAsync());
        }

        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task AccountsPage_ShowsProblemsUnderTheFields_AndConfirmsDisableInADialog()
    {
        const string email = "forms-editor@example.org";
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/admin/users");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("create-account")).ToBeEnabledAsync();

        await page.GetByTestId("email-input").FillAsync(email);
        await page.GetByTestId("password-input").FillAsync("short");
        await page.GetByTestId("create-account").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-Password")).ToContainTextAsync("12");
        await AssertAxeAsync(page, "accounts page with errors");

        await page.GetByTestId("password-input").FillAsync("a long enough first password");
        await page.GetByTestId("create-account").ClickAsync();
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = $"Account created for {email}." })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("error-Password")).ToHaveCountAsync(0);

        await page.GetByTestId($"toggle-{email}").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync($"Disable {email}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("table-accounts").Locator("tr", new() { HasText = email })).ToContainTextAsync("disabled");
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = "is now disabled" })).ToBeVisibleAsync();

        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task SignIn_IsARealFormPost_WithAMessageUnderEachField()
    {
        await using var visitor = await WatchedPage.OpenAsync(fixture);
        var page = visitor.Page;
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync("not an email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("error-Email")).ToContainTextAsync("Enter an email address");
        await Assertions.Expect(page.GetByTestId("error-Password")).ToContainTextAsync("Enter your password.");
        await Assertions.Expect(page.Locator("#email")).ToHaveValueAsync("not an email");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-login-errors.png"), FullPage = true });
        await AssertAxeAsync(page, "sign-in with errors");

        await page.Locator("#email").FillAsync(BrowserFixture.AdminEmail);
        await page.Locator("#password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("Email or password is wrong.");

        Assert.Empty(visitor.Problems);
    }

    [Fact]
    public async Task FigureForm_KeepsWhatWasTyped_WhenTheConnectionDropsAndComesBack()
    {
        var sourceId = await SourceIdAsync("S001");
        await using var staff = await WatchedPage.OpenAsync(fixture);
        // Keep a handle on the page's WebSockets, so the test can break Blazor's connection as a dropped network would.
        await staff.Context.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.__ddSockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); window.__ddSockets.push(this); }
              };
            })();
            """);
        await staff.SignInAsync($"/figures/new?metric={CumulativeArrivals}&location=AM&unit=people&source={sourceId}");
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.Locator("#date").FillAsync("08/10/2023");
        await page.Locator("#date").PressAsync("Tab");
        await page.Locator("#time").FillAsync("11:45");
        // The value is typed but not yet committed (no Tab): its change event will fire while the connection is down.
        await page.GetByTestId("value-input").FillAsync("100909");
        Assert.Empty(staff.Problems);

        // The network drops: the connection breaks and every attempt to reconnect fails until it is back.
        // (Chromium's offline mode alone leaves an open WebSocket untouched, and closing it while offline hangs in
        // CLOSING; so the reconnect requests are refused instead.)
        await staff.Context.RouteAsync("**/_blazor/negotiate**", route => route.AbortAsync("internetdisconnected"));
        var open = await page.EvaluateAsync<int>("() => window.__ddSockets.filter(s => s.readyState === WebSocket.OPEN).map(s => s.close(4000, 'network dropped')).length");
        Assert.True(open > 0, "The page has no open WebSocket to drop.");
        var banner = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(banner).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("components-reconnect-(show|retrying)"));
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await page.GetByTestId("value-input").PressAsync("Tab"); // this edit cannot reach the server now (js/reconnect.js sends it again)
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "forms-reconnecting.png"), FullPage = true });

        await staff.Context.UnrouteAllAsync();
        await Assertions.Expect(banner).Not.ToBeVisibleAsync(new() { Timeout = 60_000 });
        // The browser logs the dropped connection and the refused retries: expected while the network is down, nothing after.
        staff.Problems.Clear();

        await Assertions.Expect(page.Locator("#date")).ToHaveValueAsync("08/10/2023");
        await Assertions.Expect(page.Locator("#time")).ToHaveValueAsync("11:45");
        await Assertions.Expect(page.GetByTestId("value-input")).ToHaveValueAsync("100909");
        await Assertions.Expect(page.Locator("#metric")).ToHaveValueAsync("Cumulative arrivals in Armenia");
        await page.GetByTestId("save").ClickAsync();
        // Above the later 100,670 of 10 October: the warning asks for a reason (FormsTests.NewFigure_... checks it).
        await Assertions.Expect(page.GetByTestId("plausibility-warning").First).ToBeVisibleAsync();
        await page.Locator("#warning-reason").FillAsync("kept through a dropped connection");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();

        await using var db = OpenStore();
        var stored = await db.Figures.SingleAsync(f => f.Value == 100909);
        Assert.Equal(new DateOnly(2023, 10, 8), stored.ReferenceDate);
        Assert.Equal(new TimeOnly(11, 45), stored.LocalTime);
        Assert.Empty(staff.Problems);
    }
}
