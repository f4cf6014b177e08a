using DisplacementDashboard.Core.Data;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>"Checked by a second person" in the browser: Verify on a figure's history, and the badge and filter that follow.</summary>
public sealed class VerificationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    [Fact]
    public async Task Editor_VerifiesASeedFigure_OnItsHistory_AndItIsVerifiedInTheGridAndTheChanges()
    {
        int id;
        await using (var db = OpenStore())
        {
            id = await db.Figures.Where(f => !f.IsRetracted).OrderByDescending(f => f.Id).Select(f => f.Id).FirstAsync();
        }

        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync($"/figures/{id}/history");
        var page = staff.Page;
        var panel = page.GetByTestId("verification-panel");
        await Assertions.Expect(panel.GetByTestId("verification")).ToHaveTextAsync("Unverified");
        await Assertions.Expect(page.GetByTestId("verify")).ToBeEnabledAsync();

        // Without saying what was checked, nothing is saved.
        await page.GetByTestId("verify").ClickAsync();
        await Assertions.Expect(panel).ToContainTextAsync("Say what you checked");
        await Assertions.Expect(page.GetByTestId("revision")).ToHaveCountAsync(1);

        await page.GetByLabel("What was checked").FillAsync("checked against the source's page 3");
        await page.GetByTestId("verify").ClickAsync();

        await Assertions.Expect(panel.GetByTestId("verification")).ToHaveTextAsync("Verified");
        await Assertions.Expect(panel.GetByTestId("verified-by")).ToContainTextAsync(BrowserFixture.AdminEmail);
        await Assertions.Expect(page.GetByTestId("revision")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("revision").Last).ToContainTextAsync("Verified");
        await Assertions.Expect(page.GetByTestId("revision").Last).ToContainTextAsync("checked against the source's page 3");
        await Assertions.Expect(page.GetByTestId("verify")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "figure-verified.png"), FullPage = true });

        // The public: the grid's "Verified only" switch shows this figure alone, with its badge; /changes lists the check.
        await using var reader = await WatchedPage.OpenAsync(fixture);
        await reader.GotoAsync("/figures");
        await reader.Page.GetByTestId("filter-verified").ClickAsync();
        await reader.Page.WaitForURLAsync("**/figures?verified=true");
        var rows = reader.Page.GetByTestId("grid-figures").Locator("tbody tr.dd-figure-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.GetByTestId("verification")).ToHaveTextAsync("Verified");
        await reader.GotoAsync("/changes");
        await Assertions.Expect(reader.Page.GetByTestId("change").First).ToContainTextAsync("checked against the source's page 3");
        await Assertions.Expect(reader.Page.GetByTestId("change").First).ToContainTextAsync("an editor");

        Assert.Empty(staff.Problems);
        Assert.Empty(reader.Problems);
    }
}
