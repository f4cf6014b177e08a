using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The extraction review (/reports/new) in a real browser, as an editor uses it.</summary>
public sealed class ReportReviewTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string EditorEmail = "report-editor@example.org";
    private const string EditorPassword = "a long enough editor password";
    private const string Fixture = "armenia-government-briefing-2023-09-28.txt";

    /// <summary>A valid PDF of one A4 page without any text: what PdfPig sees in a scan that was never OCRed.</summary>
    private const string EmptyPagePdf =
        "JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCA1OTUgODQyXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAKMDAwMDAwMDExNSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE4NgolJUVPRgo=";

    private static string ReportText() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ExtractionFixtures", Fixture));

    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    private static ILocator Snackbar(IPage page) => page.Locator(".mud-snackbar");

    private async Task CreateEditorAsync()
    {
        await using var admin = await WatchedPage.OpenAsync(fixture);
        await admin.SignInAsync("/admin/users");
        await Assertions.Expect(admin.Page.GetByTestId("create-account")).ToBeEnabledAsync();
        await admin.Page.GetByTestId("email-input").FillAsync(EditorEmail);
        await admin.Page.GetByTestId("password-input").FillAsync(EditorPassword);
        await admin.Page.GetByTestId("create-account").ClickAsync();
        await Assertions.Expect(Snackbar(admin.Page).Filter(new() { HasText = $"Account created for {EditorEmail}." })).ToBeVisibleAsync();
        Assert.Empty(admin.Problems);
    }

    private static async Task PasteAndExtractAsync(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("report-extract")).ToBeEnabledAsync();
        await page.Locator("#report-paste").FillAsync(ReportText());
        await page.Locator("#report-published").FillAsync("28/09/2023");
        await page.Locator("#report-published").PressAsync("Tab");
        await page.GetByTestId("report-extract").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-summary")).ToContainTextAsync("11 candidate figures found");
    }

    private async Task AssertAxeAsync(IPage page, string state, string screenshot)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, screenshot), FullPage = true });
        var violations = await Axe.SeriousViolationsAsync(page, state);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task Editor_RejectsOneEditsAnotherAndCommits_ExactlyTheAcceptedFiguresAreStoredWithTheirPhrases_AndASecondCommitFlagsDuplicates()
    {
        await CreateEditorAsync();
        await using var editor = await WatchedPage.OpenAsync(fixture);
        await editor.SignInAsync("/reports/new", EditorEmail, EditorPassword);
        var page = editor.Page;
        await PasteAndExtractAsync(page);

        // Every candidate's phrase is marked in the text; "Show in text" marks the current one.
        await Assertions.Expect(page.Locator("mark.dd-phrase-mark")).ToHaveCountAsync(11);
        await page.GetByTestId("show-3").ClickAsync();
        await Assertions.Expect(page.GetByTestId("phrase-3")).ToHaveClassAsync(new Regex("dd-phrase-current"));
        await Assertions.Expect(page.GetByTestId("phrase-3")).ToHaveTextAsync("exceeded 50 thousand3");

        // "2.850 people" asked for accommodation: not arrivals. Reject it; correct the value of "exceeded 50 thousand".
        await page.GetByTestId("reject-4").ClickAsync();
        await Assertions.Expect(page.GetByTestId("state-4")).ToHaveTextAsync("Rejected");
        await page.Locator("#value-3").FillAsync("50243");
        await page.Locator("#value-3").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("state-3")).ToHaveTextAsync("Accepted, edited");
        await page.GetByTestId("accept-all").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-commit")).ToHaveTextAsync("Commit 10 figures");

        // The six accommodation figures are read without a time, so they count as the end of 28 September: after the
        // seed's counts of 20:00 that day (the total of 17,153; 3,665 in Ararat...). Each shows its warning, and the
        // commit waits for a reason.
        await Assertions.Expect(page.Locator("[data-testid^='warning-']")).ToHaveCountAsync(6);
        await Assertions.Expect(page.GetByTestId("warning-5")).ToContainTextAsync("This running total (9,214 people) is lower than the earlier 17,153 people on 2023-09-28 at 20:00");
        await Assertions.Expect(page.GetByTestId("warning-1")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("report-warnings")).ToContainTextAsync("6 accepted candidates look unusual");
        await Assertions.Expect(page.GetByTestId("report-commit")).ToBeDisabledAsync();
        await page.Locator("#report-warning-reason").FillAsync("The report's accommodation counts are of the morning of 28 September.");
        await Assertions.Expect(page.GetByTestId("report-commit")).ToBeEnabledAsync();

        // A time that is not one is kept on its row with why, and the commit refuses it rather than drop the time.
        var readTime = await page.Locator("#time-2").InputValueAsync();
        await page.Locator("#time-2").FillAsync("25:00");
        await page.Locator("#time-2").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("candidate-2").GetByTestId("error-Time")).ToHaveTextAsync("'25:00' is not a time: write hh:mm on the 24-hour clock, e.g. 20:00.");
        await page.GetByTestId("report-commit").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-errors")).ToContainTextAsync("Nothing was committed");
        await Assertions.Expect(page.GetByTestId("report-errors")).ToContainTextAsync("1 problem is shown on the candidates");
        await using (var db = OpenStore())
        {
            Assert.False(await db.Sources.AnyAsync(s => s.Title == "Office of the Prime Minister of the Republic of Armenia"));
        }

        await page.Locator("#time-2").FillAsync(readTime);
        await page.Locator("#time-2").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("state-2")).ToHaveTextAsync("Accepted, edited");

        // (AMD 100,000 is stored as 10000000: AMD keeps two decimals.)
        // A new source: the title comes from the report's first line; the publisher is typed.
        await Assertions.Expect(page.Locator("#report-title")).ToHaveValueAsync("Office of the Prime Minister of the Republic of Armenia");
        await page.Locator("#report-publisher").FillAsync("Government of Armenia");
        await page.Locator("#report-publisher").PressAsync("Tab");
        await AssertAxeAsync(page, "report review at 1366 px", "report-review-1366.png");

        await page.GetByTestId("report-commit").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Commit 10 figures?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-committed")).ToContainTextAsync("10 figures are saved from this report");
        await Assertions.Expect(Snackbar(page).Filter(new() { HasText = "10 figures committed from the report." })).ToBeVisibleAsync();
        await AssertAxeAsync(page, "report committed, snackbar open", "report-review-committed.png");

        string key;
        await using (var db = OpenStore())
        {
            var source = await db.Sources.AsNoTracking().SingleAsync(s => s.Title == "Office of the Prime Minister of the Republic of Armenia");
            key = source.Key;
            Assert.Equal(("Government of Armenia", new DateOnly(2023, 9, 28)), (source.Publisher, source.Published!.Value));
            var figures = await db.Figures.AsNoTracking().Where(f => f.SourceId == source.Id).OrderBy(f => f.Id).Select(f => new { f.Value, f.SourcePhrase }).ToListAsync();
            Assert.Equal([65036L, 28491L, 50243L, 9214L, 3112L, 1850L, 1402L, 1210L, 1640L, 10000000L], figures.Select(f => f.Value));
            Assert.Equal(
                ["65,036 forcibly displaced persons", "28 491 people", "exceeded 50 thousand", "9,214 people", "3,112", "1,850", "1,402", "1 210", "1,640", "AMD 100,000"],
                figures.Select(f => f.SourcePhrase));
            var reasons = await db.Revisions.AsNoTracking().Where(r => r.EntityType == RevisionLog.FigureType && db.Figures.Any(f => f.Id == r.EntityId && f.SourceId == source.Id))
                .OrderBy(r => r.EntityId).Select(r => r.Reason!).ToListAsync();
            const string Accepted = ". Saved past plausibility warnings: The report's accommodation counts are of the morning of 28 September. (accepted: ";
            Assert.Equal([false, false, false, true, true, true, true, true, true, false], reasons.Select(r => r.Contains(Accepted, StringComparison.Ordinal)));
        }

        // The phrase stands beside the figure on the timeline's table.
        await editor.GotoAsync("/timeline?from=2023-09-19&to=2023-10-31");
        var row = page.GetByTestId("table-timeline").Locator("tr", new() { HasText = "65,036" }).Filter(new() { HasText = "Office of the Prime Minister" });
        await Assertions.Expect(row.GetByTestId("source-phrase")).ToHaveTextAsync("65,036 forcibly displaced persons");

        // The same report again: the stored source is suggested (same title and day); picked, every stored figure is flagged.
        await editor.GotoAsync("/reports/new");
        await PasteAndExtractAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex($"^{key} ") }).CheckAsync();
        await Assertions.Expect(page.Locator("[data-testid^='duplicate-']")).ToHaveCountAsync(9);
        await Assertions.Expect(page.GetByTestId("duplicate-1")).ToContainTextAsync($"from {key}");
        await Assertions.Expect(page.GetByTestId("duplicate-3")).ToHaveCountAsync(0); // stored as 50,243, read as 50,000
        await Assertions.Expect(page.GetByTestId("duplicate-4")).ToHaveCountAsync(0); // rejected the first time
        await page.GetByTestId("accept-1").ClickAsync();
        await page.GetByTestId("report-commit").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Commit" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-1-Duplicate")).ToContainTextAsync("is already in the store as figure");
        await Assertions.Expect(page.GetByTestId("report-errors")).ToContainTextAsync("Nothing was committed");
        await AssertAxeAsync(page, "second commit refused, duplicates flagged", "report-review-duplicates.png");
        await using (var db = OpenStore())
        {
            Assert.Equal(10, await db.Figures.CountAsync(f => f.Source.Key == key));
        }

        Assert.Empty(editor.Problems);
    }

    [Fact]
    public async Task ReviewPage_OnAPhone_HasNoSidewaysScroll_AndPassesAxe()
    {
        await using var phone = await WatchedPage.OpenAsync(fixture, 390);
        await phone.SignInAsync("/reports/new");
        var page = phone.Page;
        await AssertAxeAsync(page, "report input at 390 px", "report-input-390.png");
        await PasteAndExtractAsync(page);

        await AssertAxeAsync(page, "report review at 390 px", "report-review-390.png");
        Assert.True(await Axe.ScrollWidthAsync(page) <= 390, "the review page scrolls sideways on a phone");
        Assert.Empty(phone.Problems);
    }

    [Fact]
    public async Task AScannedPdf_IsRefusedWithAClearMessage()
    {
        await using var staff = await WatchedPage.OpenAsync(fixture);
        await staff.SignInAsync("/reports/new");
        var page = staff.Page;
        var input = page.Locator("input[type=file]");
        await Assertions.Expect(input).ToBeEnabledAsync();

        await input.SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = Convert.FromBase64String(EmptyPagePdf) });

        await Assertions.Expect(page.GetByTestId("report-read-error")).ToHaveTextAsync("scan.pdf was not read: The PDF holds no text (a scanned image?); paste the text instead.");
        await Assertions.Expect(page.GetByTestId("report-summary")).ToHaveCountAsync(0);
        Assert.Empty(staff.Problems);
    }
}
