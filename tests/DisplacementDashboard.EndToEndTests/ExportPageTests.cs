using System.Globalization;
using System.Text.RegularExpressions;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The export page's pickers in a real browser: a picked day lands in the address and in the summary.</summary>
public sealed class ExportPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PickingAnAsOfDay_PutsTheInstantInTheAddress_AndKeepsTheFilters()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/export?metric=cumulative_arrivals_in_armenia");
        var lastMonth = DateTime.UtcNow.AddMonths(-1);

        var picker = await OpenPickerAsync(watched.Page, "As of, day (UTC)");
        await picker.Locator("button.mud-picker-nav-button-prev").ClickAsync();
        await picker.Locator(".mud-picker-calendar-day:not(.mud-hidden)", new() { HasTextRegex = new Regex("^15$") }).ClickAsync();

        var day = new DateTime(lastMonth.Year, lastMonth.Month, 15, 0, 0, 0, DateTimeKind.Utc);
        var instant = day.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await Assertions.Expect(watched.Page).ToHaveURLAsync(new Regex("asOf=" + Regex.Escape(Uri.EscapeDataString(instant))));
        Assert.Contains("metric=cumulative_arrivals_in_armenia", watched.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(picker).ToHaveCountAsync(0); // the dialog closes on the pick
        await Assertions.Expect(watched.Page.GetByTestId("export-summary")).ToContainTextAsync($"as the store held them at {day:yyyy-MM-dd} 00:00:00 UTC");
        // Shown in the page's culture (en-GB: day first).
        await Assertions.Expect(watched.Page.GetByRole(AriaRole.Textbox, new() { Name = "As of, day (UTC)" })).ToHaveValueAsync(day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await Assertions.Expect(watched.Page.GetByTestId("download-csv")).ToHaveAttributeAsync("href", new Regex("asOf=" + Regex.Escape(Uri.EscapeDataString(instant))));
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task AnAsOfInTheFuture_IsRefusedWithAMessage_AndThePickerKeepsIt()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        var future = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await watched.GotoAsync($"/export?asOf={future}T12:00:00Z");

        await Assertions.Expect(watched.Page.GetByTestId("export-errors")).ToContainTextAsync("is in the future");
        await Assertions.Expect(watched.Page.GetByTestId("download-csv")).ToHaveCountAsync(0);
        await Assertions.Expect(watched.Page.GetByRole(AriaRole.Textbox, new() { Name = "As of, time (UTC)" })).ToHaveValueAsync("12:00");
        Assert.Contains("asOf=", watched.Page.Url, StringComparison.Ordinal);
        Assert.Empty(watched.Problems);
    }

    /// <summary>
    /// Opens a MudDatePicker's dialog. A click on the prerendered page, before the circuit is up, does nothing (on a busy
    /// machine network-idle comes first), so click again until the dialog is there.
    /// </summary>
    private static async Task<ILocator> OpenPickerAsync(IPage page, string name)
    {
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = name });
        for (var attempt = 0; attempt < 20 && await dialog.CountAsync() == 0; attempt++)
        {
            await page.GetByRole(AriaRole.Textbox, new() { Name = name }).ClickAsync();
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
        return dialog;
    }
}
