using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using DisplacementDashboard.Core.Charts;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>The charts in a real Chromium: labels, widths, culture and downloads, checked against the tables beside them.</summary>
public sealed partial class ChartTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string AnnotationLabels =
        ".apexcharts-xaxis-annotation-label, .apexcharts-yaxis-annotation-label, .apexcharts-point-annotation-label";

    /// <summary>Opens a page and waits until every chart on it is drawn and apexcharts has no work in flight.</summary>
    private static async Task GotoAndDrawAsync(WatchedPage watched, string path)
    {
        await watched.GotoAsync(path);
        foreach (var chart in await watched.Page.Locator(".dd-chart").AllAsync())
        {
            await Assertions.Expect(chart.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        }

        await watched.Page.EvaluateAsync("() => globalThis.ddCharts.settled()");
    }

    private static async Task<List<string>> TextsAsync(ILocator locator)
    {
        var texts = new List<string>();
        foreach (var item in await locator.AllAsync())
        {
            texts.Add((await item.TextContentAsync() ?? "").Trim());
        }

        return texts;
    }

    [Fact]
    public async Task Shelter_MarzBars_AreLabelledWithTheMarzNames_AndTheValueAxisIsGrouped()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await GotoAndDrawAsync(watched, "/shelter");
        var chart = watched.Page.GetByTestId("chart-marz");

        var barLabels = await TextsAsync(chart.Locator(".apexcharts-yaxis-label tspan"));
        var marzes = await TextsAsync(watched.Page.GetByTestId("table-marz").Locator("tbody tr td:first-child"));
        Assert.NotEmpty(marzes);
        Assert.Equal(marzes, barLabels);
        Assert.DoesNotContain(barLabels, l => l.Contains("NaN", StringComparison.Ordinal));

        var valueLabels = await TextsAsync(chart.Locator(".apexcharts-xaxis-label tspan"));
        Assert.NotEmpty(valueLabels);
        Assert.All(valueLabels, l => Assert.Matches(EnGbInteger(), l));
        Assert.Contains(valueLabels, l => l.Contains(',', StringComparison.Ordinal));
        Assert.Empty(watched.Problems);
    }

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task Timeline_AnnotationLabels_DoNotOverlap_AndTheKeyNamesEveryEventWithItsDate(int width, int height)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Page.SetViewportSizeAsync(width, height);
        await GotoAndDrawAsync(watched, "/timeline");
        var chart = watched.Page.GetByTestId("chart-timeline");

        var boxes = await chart.Locator(AnnotationLabels).EvaluateAllAsync<double[][]>(
            "labels => labels.map(l => { const r = (l.previousElementSibling?.tagName === 'rect' ? l.previousElementSibling : l).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })");
        var texts = await TextsAsync(chart.Locator(AnnotationLabels));
        Assert.True(boxes.Length >= 3, $"expected the event, crossing and 40,000 labels, found {boxes.Length}");
        for (var i = 0; i < boxes.Length; i++)
        {
            Assert.True(boxes[i][2] - boxes[i][0] > 0 && boxes[i][3] - boxes[i][1] > 0, $"label '{texts[i]}' has no size");
            for (var j = i + 1; j < boxes.Length; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
                Assert.False(overlap, $"at {width} px '{texts[i]}' [{string.Join(", ", a)}] overlaps '{texts[j]}' [{string.Join(", ", b)}]");
            }
        }

        // Every event marker is a number, and the key under the chart gives that number a date and a title.
        var eventNumbers = await TextsAsync(chart.Locator(".apexcharts-xaxis-annotation-label"));
        Assert.Equal(Enumerable.Range(1, eventNumbers.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), eventNumbers);
        var key = watched.Page.GetByTestId("chart-key");
        foreach (var number in eventNumbers)
        {
            var entry = key.Locator($"li[data-key='{number}']");
            await Assertions.Expect(entry.Locator(".dd-chart-key-when")).ToHaveTextAsync(new Regex(@"^\d{1,2} \S+ 2023$"));
            await Assertions.Expect(entry).ToContainTextAsync(new Regex(@": \S+"));
        }

        // The exodus weeks hold seven events (19 Sep to 7 Oct 2023); the key lists exactly those in the window, and
        // (the seed's figures being unverified) what a hollow point is.
        var listed = await key.Locator("li[data-key]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.key)");
        Assert.Equal(eventNumbers.Concat(["Passed 40,000", "Prepared for 40,000", "Hollow point"]), listed);
        Assert.Contains(texts, t => t == "Passed 40,000");
        Assert.Contains(texts, t => t == "Prepared for 40,000");
        Assert.Empty(watched.Problems);
    }

    [Theory]
    [InlineData("/timeline")]
    [InlineData("/timeline?from=2022-12-01&to=2026-01-31")]
    [InlineData("/shelter")]
    public async Task Page_AtPhoneWidth_DoesNotScrollSideways(string path)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Page.SetViewportSizeAsync(390, 844);
        await GotoAndDrawAsync(watched, path);

        var scrollWidth = await watched.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"{path} is {scrollWidth} px wide at a 390 px viewport");
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Timeline_GermanPage_GroupsAxisNumbersWithDots_AndNamesMonthsInGerman()
    {
        // WatchedPage is always en-GB, and Chromium's own Accept-Language wins over an extra header: a German browser.
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.App.BaseAddress.ToString(),
            Locale = "de-DE",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") { problems.Add(m.Text); } };
        page.PageError += (_, e) => problems.Add(e);
        await page.GotoAsync("/timeline", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        var chart = page.GetByTestId("chart-timeline");
        await Assertions.Expect(chart.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => globalThis.ddCharts.settled()");

        Assert.Equal("de-DE", await page.Locator("html").GetAttributeAsync("lang"));
        var values = await TextsAsync(chart.Locator(".apexcharts-yaxis-label tspan"));
        Assert.Contains("100.000", values);
        Assert.DoesNotContain(values, v => v.Contains(',', StringComparison.Ordinal));
        var days = await TextsAsync(chart.Locator(".apexcharts-xaxis-label tspan"));
        Assert.Contains(days, d => d.Contains("Okt", StringComparison.Ordinal));
        // The table beside the chart agrees with the axis.
        await Assertions.Expect(page.GetByTestId("table-timeline").Locator("td[data-value='42500']").First).ToHaveTextAsync("42.500");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Timeline_CsvAndJsonDownloads_HoldTheTablesFigures()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await GotoAndDrawAsync(watched, "/timeline");
        var table = watched.Page.GetByTestId("table-timeline");
        var values = await table.Locator("td[data-value]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value)");

        var csv = await DownloadTextAsync(watched, "timeline-csv");
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(ChartData.CsvHeader, lines[0]);
        Assert.Equal(values.Length, lines.Length - 1);
        Assert.Equal(values.Order(StringComparer.Ordinal), lines.Skip(1).Select(l => CsvCells(l)[2]).Order(StringComparer.Ordinal));
        var first = CsvCells(lines[1]);
        Assert.Equal((await table.Locator("tbody tr").First.Locator("td").Nth(3).Locator("a").First.TextContentAsync())!.Trim(), first[5]);
        Assert.Matches(@"^2023-\d\d-\d\d(T\d\d:\d\d\+04:00)?$", first[1]);

        using var json = JsonDocument.Parse(await DownloadTextAsync(watched, "timeline-json"));
        Assert.Equal(values.Length, json.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(watched.Page.Url, json.RootElement.GetProperty("address").GetString());
        Assert.StartsWith("Sources: ", json.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Shelter_MarzCsv_EqualsTheMarzTable()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await GotoAndDrawAsync(watched, "/shelter");
        var names = await TextsAsync(watched.Page.GetByTestId("table-marz").Locator("tbody tr td:first-child"));
        var shown = await TextsAsync(watched.Page.GetByTestId("table-marz").Locator("tbody tr td.dd-num"));

        var lines = (await DownloadTextAsync(watched, "marz-csv")).TrimEnd('\n').Split('\n');

        Assert.Equal(ChartData.CsvHeader, lines[0]);
        var rows = lines.Skip(1).Select(CsvCells).ToList();
        Assert.Equal(names, rows.Select(r => r[0]));
        Assert.Equal(shown.Select(s => s.Replace(",", "", StringComparison.Ordinal)), rows.Select(r => r[2]));
        Assert.Empty(watched.Problems);
    }

    [Theory]
    [InlineData("/timeline", "timeline", "Cumulative arrivals in Armenia")]
    [InlineData("/timeline", "daily", "Arrivals in Armenia per day")]
    [InlineData("/shelter", "shelter", "Arrivals in Armenia and people in state-provided accommodation")]
    [InlineData("/shelter", "marz", "People in state-provided accommodation by marz")]
    public async Task ChartImages_CarryTitleSourcesAsOfAndAddress(string path, string chart, string title)
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await GotoAndDrawAsync(watched, path);

        var svg = await DownloadTextAsync(watched, $"{chart}-svg");
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains(title, svg, StringComparison.Ordinal);
        Assert.Contains(System.Security.SecurityElement.Escape(watched.Page.Url), svg, StringComparison.Ordinal);
        Assert.Contains("Figures as of ", svg, StringComparison.Ordinal);
        Assert.Matches("Sources?: [^<]+", svg);
        Assert.Contains("apexcharts-svg", svg, StringComparison.Ordinal);

        var png = await DownloadBytesAsync(watched, $"{chart}-png");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var pngWidth = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.True(pngWidth >= 600, $"PNG is {pngWidth} px wide");
        Assert.True(png.Length > 20_000, $"PNG is only {png.Length} bytes");
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task CopyLink_PutsTheAddressOnTheClipboard_AndSaysSo()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await GotoAndDrawAsync(watched, "/timeline?from=2023-09-20&to=2023-10-05");

        await watched.Page.GetByTestId("daily-copy-link").FocusAsync();
        await watched.Page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(watched.Page.Locator(".mud-snackbar")).ToContainTextAsync("Link copied");
        Assert.Equal(watched.Page.Url, await watched.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.EndsWith("/timeline?from=2023-09-20&to=2023-10-05", watched.Page.Url, StringComparison.Ordinal);
        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task DownloadButtons_AreOutsideTheChartImage_AndInTheTabOrder()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await GotoAndDrawAsync(watched, "/shelter");

        foreach (var id in new[] { "shelter-png", "shelter-svg", "shelter-csv", "shelter-json", "shelter-copy-link", "marz-png", "marz-csv" })
        {
            var button = watched.Page.GetByTestId(id);
            Assert.Equal(0, await button.Locator("xpath=ancestor::*[@role='img']").CountAsync());
            await button.FocusAsync();
            await Assertions.Expect(button).ToBeFocusedAsync();
            Assert.NotEqual("-1", await button.GetAttributeAsync("tabindex") ?? "0");
        }

        Assert.Empty(watched.Problems);
    }

    [Fact]
    public async Task Chart_ShowsASkeletonWhileDrawing_AndTheTableBelowDoesNotMove()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        // Hold apexcharts back so the page is seen before the charts are drawn.
        var release = new TaskCompletionSource();
        await watched.Page.RouteAsync("**/lib/apexcharts/**", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await watched.Page.GotoAsync("/shelter");
        var skeleton = watched.Page.GetByTestId("chart-shelter-skeleton");
        await Assertions.Expect(skeleton).ToBeVisibleAsync();
        var skeletonBox = await BoxAsync(skeleton);
        var tableBefore = await BoxAsync(watched.Page.GetByTestId("table-shelter"));

        release.SetResult();
        await Assertions.Expect(watched.Page.GetByTestId("chart-shelter").Locator("svg.apexcharts-svg")).ToBeVisibleAsync();
        await Assertions.Expect(skeleton).ToHaveCountAsync(0);
        await watched.Page.EvaluateAsync("() => globalThis.ddCharts.settled()");

        Assert.True(skeletonBox.Height >= 399, $"skeleton is {skeletonBox.Height} px high, the chart 400 px");
        var tableAfter = await BoxAsync(watched.Page.GetByTestId("table-shelter"));
        Assert.True(Math.Abs(tableAfter.Y - tableBefore.Y) <= 1, $"the table moved from {tableBefore.Y} to {tableAfter.Y} px when the chart was drawn");
        Assert.Empty(watched.Problems);
    }

    /// <summary>
    /// The element's box, waiting for it: when the circuit starts, Blazor replaces the prerendered element, and for a
    /// moment the locator finds nothing to measure.
    /// </summary>
    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await locator.BoundingBoxAsync(new() { Timeout = 5_000 }) is { } box)
            {
                return box;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{locator} has no box to measure.");
    }

    [Fact]
    public async Task TimelineTable_LongNotesOpenByKeyboard_OtherSourcesHaveTheirOwnColumn_AndBadgesTellTheTruth()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await GotoAndDrawAsync(watched, "/timeline");
        var table = watched.Page.GetByTestId("table-timeline");

        Assert.Equal("sticky", await table.Locator("thead th").First.EvaluateAsync<string>("th => getComputedStyle(th).position"));
        Assert.Equal("Other sources that day", (await table.Locator("thead th").Nth(4).TextContentAsync())!.Trim());
        // No note cell carries another source's value any more ("...(Slovenia))1060 registered").
        Assert.Equal(0, await table.Locator("tbody td:nth-child(6) [data-testid=disagreement]").CountAsync());

        var note = table.Locator("details.dd-note").First;
        var oneLine = (await note.BoundingBoxAsync())!.Height;
        await note.Locator("summary").FocusAsync();
        await watched.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(note).ToHaveAttributeAsync("open", "");
        Assert.True((await note.BoundingBoxAsync())!.Height > oneLine, "the opened note is no taller than its first line");

        // "Same day, time not given" only where this figure or every figure it lists has no time.
        foreach (var row in await table.Locator("tbody tr:has([data-kind=untimed])").AllAsync())
        {
            var when = (await row.Locator("td").First.TextContentAsync())!;
            var listed = (await row.Locator("[data-kind=untimed] + .dd-others").TextContentAsync())!;
            var others = listed.Split("); ");
            Assert.True(when.Contains("time not given", StringComparison.Ordinal) || others.All(o => o.Contains("time not given", StringComparison.Ordinal)),
                $"'{when}' is marked same day, time not given against: {listed}");
        }

        // 26 Sep 2023 08:00: 13,550 and 13,350 at the same stated time are a conflict, not an untimed pair.
        var tass = table.Locator("tbody tr", new() { Has = watched.Page.Locator("td[data-value='13550']") });
        await Assertions.Expect(tass.Locator("[data-kind=conflict] + .dd-others")).ToContainTextAsync("13,350 (08:00");

        var axe = await watched.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Nodes.FirstOrDefault()?.Target}"));
        Assert.Empty(watched.Problems);
    }

    private static async Task<byte[]> DownloadBytesAsync(WatchedPage watched, string testId)
    {
        var download = await watched.Page.RunAndWaitForDownloadAsync(() => watched.Page.GetByTestId(testId).ClickAsync());
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllBytesAsync((await download.PathAsync())!);
    }

    private static async Task<string> DownloadTextAsync(WatchedPage watched, string testId) =>
        Encoding.UTF8.GetString(await DownloadBytesAsync(watched, testId));

    /// <summary>Splits one RFC 4180 line (quotes doubled inside quoted cells).</summary>
    private static List<string> CsvCells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    [GeneratedRegex(@"^\d{1,3}(,\d{3})*$")]
    private static partial Regex EnGbInteger();
}
