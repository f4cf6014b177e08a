using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

public sealed class StaffEditingTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    [Fact]
    public async Task CreateAdmin_ReadsThePasswordFromStdin_AndRefusesWeakOnes()
    {
        var directory = AppProcess.NewDirectory();
        var (weakExit, weakOutput) = await AppProcess.RunCommandAsync(directory, "short", "create-admin", "--email", "weak@example.org");
        var (usageExit, _) = await AppProcess.RunCommandAsync(directory, "whatever password", "create-admin");

        Assert.Contains("Admin account created for " + BrowserFixture.AdminEmail, fixture.CreateAdminOutput, StringComparison.Ordinal);
        Assert.Equal(1, weakExit);
        Assert.Contains("at least 12 characters", weakOutput, StringComparison.Ordinal);
        Assert.Equal(2, usageExit);
    }

    [Fact]
    public async Task Editor_AddsAFigure_SeesTheMessageForABadValue_AndAnotherBrowserSeesTheNewPoint()
    {
        int sourceId;
        await using (var db = OpenStore())
        {
            sourceId = await db.Sources.Where(s => s.Key == "S001").Select(s => s.Id).SingleAsync();
        }

        // A member of the public watching the timeline in another browser.
        await using var viewer = await WatchedPage.OpenAsync(fixture);
        await viewer.GotoAsync("/timeline");
        var points = viewer.Page.GetByTestId("chart-timeline").Locator("g.apexcharts-series .apexcharts-marker");
        await Assertions.Expect(viewer.Page.GetByTestId("chart-timeline").Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        var before = await points.CountAsync();

        await using var staff = await WatchedPage.OpenAsync(fixture);
        var form = $"/figures/new?metric=cumulative_arrivals_in_armenia&location=AM&unit=people&source={sourceId}";
        await staff.SignInAsync(form);
        var page = staff.Page;
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync(); // the form is interactive
        // The browser asks for en-GB, so the date is typed day first.
        await page.Locator("#date").FillAsync("05/10/2023");
        await page.Locator("#date").PressAsync("Tab");
        await page.Locator("#time").FillAsync("09:30");
        await page.GetByTestId("value-input").FillAsync("about 100,650");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-ValueText")).ToContainTextAsync("not a plain number");

        await page.GetByTestId("value-input").FillAsync("100650");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "figure-new.png"), FullPage = true });

        // The open timeline updates without a reload.
        await Assertions.Expect(points).ToHaveCountAsync(before + 1, new() { Timeout = 10_000 });
        await Assertions.Expect(viewer.Page.GetByTestId("table-timeline")).ToContainTextAsync("100,650");

        await page.GetByRole(AriaRole.Link, new() { Name = "See its history" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("revision")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("revision")).ToContainTextAsync("Created");
        await Assertions.Expect(page.GetByTestId("revision")).ToContainTextAsync(BrowserFixture.AdminEmail);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "figure-history.png"), FullPage = true });

        Assert.Empty(viewer.Problems);
        Assert.Empty(staff.Problems);
    }

    [Fact]
    public async Task Admin_IssuesAResetLink_AnotherBrowserSetsAPasswordWithIt_AndTheLinkWorksOnce()
    {
        const string email = "reset-e2e@example.org";
        const string newPassword = "a password chosen through the link";
        await using var admin = await WatchedPage.OpenAsync(fixture);
        await admin.SignInAsync("/admin/users");
        var page = admin.Page;
        await Assertions.Expect(page.GetByTestId("create-account")).ToBeEnabledAsync();
        await page.GetByTestId("email-input").FillAsync(email);
        await page.GetByTestId("password-input").FillAsync("a first password they forgot");
        await page.GetByTestId("create-account").ClickAsync();
        await Assertions.Expect(page.GetByTestId("table-accounts")).ToContainTextAsync(email);

        var link = await admin.IssueResetLinkAsync(email);
        await Assertions.Expect(page.GetByTestId("reset-link-issued")).ToContainTextAsync(email);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "reset-link-issued.png"), FullPage = true });

        // The owner, in a browser of their own.
        await using var owner = await WatchedPage.OpenAsync(fixture, 390);
        await owner.GotoAsync(link);
        await Assertions.Expect(owner.Page.GetByTestId("reset-account")).ToHaveTextAsync(email);
        await owner.Page.Locator("#new-password").FillAsync(newPassword);
        await owner.Page.Locator("#confirm-password").FillAsync(newPassword);
        await owner.Page.GetByTestId("set-password").ClickAsync();
        await Assertions.Expect(owner.Page.GetByTestId("reset-done")).ToBeVisibleAsync();
        await owner.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "reset-done-390.png"), FullPage = true });

        await owner.SignInAsync("/figures/new", email, newPassword);
        await Assertions.Expect(owner.Page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);

        await owner.GotoAsync(link);
        await Assertions.Expect(owner.Page.GetByTestId("reset-refused")).ToContainTextAsync("has been used already");
        await Assertions.Expect(owner.Page.Locator("#new-password")).ToHaveCountAsync(0);
        await owner.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "reset-used-390.png"), FullPage = true });

        Assert.Empty(admin.Problems);
        Assert.Empty(owner.Problems);
    }
}
