using System.Globalization;
using System.Text.RegularExpressions;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Core.Figures;
using DisplacementDashboard.Core.History;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>
/// "Known when" in a real Chromium (issue 12): the picker above the pages, the banner and the address that carry the
/// instant, and the timeline's replay, each step drawing only what had been published by its moment.
/// </summary>
public sealed partial class KnownWhenTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private DashboardDbContext OpenStore() =>
        new(new DbContextOptionsBuilder<DashboardDbContext>().UseSqlite($"Data Source={fixture.App.DatabasePath}").Options);

    /// <summary>The values of the exodus window's running totals in Armenia whose source had been published by <paramref name="knownAt"/>.</summary>
    private async Task<List<long>> CumulativePublishedByAsync(DateTimeOffset knownAt)
    {
        await using var db = OpenStore();
        var figures = await db.Figures
            .Where(f => !f.IsRetracted && f.Metric.Code == WellKnown.CumulativeArrivals && f.Location.Code == WellKnown.Armenia && f.UnitCode == WellKnown.People
                        && f.ReferenceDate >= TimelineBuilder.DefaultFrom && f.ReferenceDate <= TimelineBuilder.DefaultTo)
            .Select(f => new { f.Value, f.Source.Published, f.Source.PublishedTime })
            .ToListAsync();
        return figures.Where(f => KnownWhen.PublishedInstant(f.Published, f.PublishedTime) is { } at && at <= knownAt).Select(f => f.Value).ToList();
    }

    private static async Task<List<long>> TableValuesAsync(IPage page)
    {
        var shown = new List<long>();
        foreach (var cell in await page.GetByTestId("table-timeline").Locator("td[data-value]").AllAsync())
        {
            shown.Add(long.Parse((await cell.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
        }

        return shown;
    }

    private static DateTimeOffset KnownAtInAddress(IPage page)
    {
        var match = KnownAtParameter().Match(Uri.UnescapeDataString(page.Url));
        Assert.True(match.Success, $"no knownAt in {page.Url}");
        Assert.True(KnownWhen.TryParseInstant(match.Groups[1].Value, out var instant), match.Groups[1].Value);
        return instant;
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task Replay_StepsThroughTheMoments_AndEachStepDrawsOnlyWhatHadBeenPublished(int width)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, width);
        await watched.GotoAsync("/timeline");
        var page = watched.Page;
        var moment = page.GetByTestId("replay-moment");
        await Assertions.Expect(moment).ToHaveAttributeAsync("data-index", "-1");
        var allNow = await TableValuesAsync(page);

        await page.GetByTestId("replay-first").ClickAsync();
        await Assertions.Expect(moment).ToHaveAttributeAsync("data-index", "0");
        await Assertions.Expect(page.GetByTestId("knownwhen-banner")).ToBeVisibleAsync();

        // Step on until the first running total has been published, checking the table, the chart and the headline.
        var steps = 0;
        var previousCount = -1;
        while (true)
        {
            var knownAt = KnownAtInAddress(page);
            var expected = await CumulativePublishedByAsync(knownAt);
            await Assertions.Expect(page.GetByTestId("table-timeline").Locator("td[data-value]")).ToHaveCountAsync(expected.Count);
            Assert.Equal(expected.Order(), (await TableValuesAsync(page)).Order());
            await page.EvaluateAsync("() => globalThis.ddCharts.settled()");
            Assert.Equal(expected.Count, await page.GetByTestId("chart-timeline").Locator("g.apexcharts-series .apexcharts-marker").CountAsync());
            Assert.True(expected.Count >= previousCount, "a later moment never shows fewer running totals");
            previousCount = expected.Count;
            if (expected.Count > 0)
            {
                var headline = long.Parse((await page.GetByTestId("replay-arrivals").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
                Assert.Contains(headline, expected);
                break;
            }

            await Assertions.Expect(moment).ToContainTextAsync("No running total of arrivals had been published yet");
            steps++;
            Assert.True(steps < 20, "no running total within 20 steps");
            await page.GetByTestId("replay-next").ClickAsync();
            await Assertions.Expect(moment).ToHaveAttributeAsync("data-index", steps.ToString(CultureInfo.InvariantCulture));
        }

        Assert.True(previousCount < allNow.Count, "the early moments leave later running totals out");

        // Play moves on by itself; pause stops it.
        var index = int.Parse((await moment.GetAttributeAsync("data-index"))!, CultureInfo.InvariantCulture);
        var play = page.GetByTestId("replay-play");
        await play.ClickAsync();
        await Assertions.Expect(play).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(moment).Not.ToHaveAttributeAsync("data-index", index.ToString(CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        await play.ClickAsync();
        await Assertions.Expect(play).ToHaveAttributeAsync("aria-pressed", "false");

        // The last step is what has been published by the latest source: every running total of the window.
        await page.GetByTestId("replay-last").ClickAsync();
        await Assertions.Expect(page.GetByTestId("table-timeline").Locator("td[data-value]")).ToHaveCountAsync((await CumulativePublishedByAsync(KnownAtInAddress(page))).Count);

        Assert.Empty(await Axe.SeriousViolationsAsync(page, $"/timeline replay at {width}"));
        Assert.True(await Axe.ScrollWidthAsync(page) <= width, "the replay fits the width");
        await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, $"timeline-replay-{width}.png"), FullPage = false });
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Picker_ShowsTheOverviewAsPublishedByAnInstant_AndTheNavigationKeepsIt()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/");
        var page = watched.Page;
        await Assertions.Expect(page.GetByTestId("knownwhen-banner")).ToHaveCountAsync(0);

        await page.GetByTestId("knownwhen-toggle").ClickAsync();
        await page.Locator("#knownwhen-knownat").FillAsync("2023-09-26T20:00");
        await page.GetByTestId("knownwhen-apply").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("knownAt=2023-09-26T20(%3A|:)00(%2B|\\+)04(%3A|:)00"));
        await Assertions.Expect(page.GetByTestId("knownwhen-banner")).ToContainTextAsync("26 September 2023, 20:00 Yerevan time");
        var evening = new DateTimeOffset(2023, 9, 26, 20, 0, 0, KnownWhen.ArmeniaOffset);
        await using (var db = OpenStore())
        {
            // The card's figure is the latest running total among those published by then.
            var figures = (await db.Figures
                    .Where(f => !f.IsRetracted && f.Metric.Code == WellKnown.CumulativeArrivals && f.Location.Code == WellKnown.Armenia && f.UnitCode == WellKnown.People)
                    .Select(f => new { f.Value, f.ReferenceDate, f.Source.Published, f.Source.PublishedTime }).ToListAsync())
                .Where(f => KnownWhen.PublishedInstant(f.Published, f.PublishedTime) is { } at && at <= evening).ToList();
            var latestDay = figures.Max(f => f.ReferenceDate);
            var shown = long.Parse((await page.GetByTestId("kpi-arrivals-value").TextContentAsync())!, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB"));
            Assert.Contains(shown, figures.Where(f => f.ReferenceDate == latestDay).Select(f => f.Value));
        }

        await page.Locator("#dd-nav").GetByRole(AriaRole.Link, new() { Name = "Timeline" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/timeline\\?knownAt="));
        await Assertions.Expect(page.GetByTestId("knownwhen-banner")).ToBeVisibleAsync();
        Assert.Equal(evening, KnownAtInAddress(page));

        await page.GetByTestId("knownwhen-now").ClickAsync();
        await Assertions.Expect(page.GetByTestId("knownwhen-banner")).ToHaveCountAsync(0);
        Assert.DoesNotContain("knownAt", page.Url, StringComparison.Ordinal);
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Picker_RefusesAMomentInTheFuture_WithAMessage_AndKeepsThePage()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture, 390);
        await watched.GotoAsync("/aid");
        var page = watched.Page;

        await page.GetByTestId("knownwhen-toggle").ClickAsync();
        await page.Locator("#knownwhen-knownat").FillAsync("2999-01-01T12:00");
        await page.GetByTestId("knownwhen-apply").ClickAsync();

        await Assertions.Expect(page.GetByTestId("knownwhen-form-error")).ToContainTextAsync("future");
        Assert.DoesNotContain("knownAt", page.Url, StringComparison.Ordinal);
        Assert.Empty(await Axe.SeriousViolationsAsync(page, "/aid with the picker's error"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(fixture.ScreenshotDirectory, "knownwhen-picker-error-390.png") });
        Assert.Empty(watched.Problems);
    }

    [GeneratedRegex("knownAt=([^&#]+)")]
    private static partial Regex KnownAtParameter();
}
