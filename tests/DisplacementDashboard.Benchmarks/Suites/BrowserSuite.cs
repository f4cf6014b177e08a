using System.Globalization;
using System.Text.Json;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using Microsoft.Playwright;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The app in headless Chromium: server memory per open page (slope after a forced GC), click-to-screen latency
/// of a filter change under load, and bytes on the wire for cold and warm loads; each beside the minimal
/// counter page measured the same way in the same run.
/// </summary>
public sealed class BrowserSuite(string storePath, RunSettings settings, TextWriter log)
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private const string Timeline = "/timeline";
    private const string Counter = "/_diagnostics/counter";
    private static readonly TimeSpan CircuitTimeout = TimeSpan.FromMinutes(3);

    // Resolves after the DOM shows the change and one frame is painted; performance.now() brackets the click.
    internal const string TimeTimelineClick = """
        async (label) => {
          const caption = () => document.querySelector('[data-testid="table-timeline"] caption')?.textContent;
          const before = caption();
          const link = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === label);
          return await new Promise(resolve => {
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (caption() !== before) { observer.disconnect(); requestAnimationFrame(() => resolve(performance.now() - t0)); }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            link.click();
          });
        }
        """;

    // The same click on a page whose charts have finished their previous redraw (globalThis.ddCharts in apexChart.js):
    // returns [click to caption and one painted frame, click to both charts redrawn] in ms (NaN if the charts did not
    // finish within 30 s). With many pages in one browser, a hidden tab gets no animation frames, so the previous
    // click's chart redraw waits until the tab is in front again and lands in the next timed click; a person's own tab
    // is in front while they look at it.
    private const string TimeTimelineClickSettled = """
        async (label) => {
          await globalThis.ddCharts.settled();
          await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
          await globalThis.ddCharts.settled();
          const caption = () => document.querySelector('[data-testid="table-timeline"] caption')?.textContent;
          const before = caption();
          const finishedBefore = globalThis.ddCharts.finished;
          const link = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === label);
          const t0 = performance.now();
          const screen = await new Promise(resolve => {
            const observer = new MutationObserver(() => {
              if (caption() !== before) { observer.disconnect(); requestAnimationFrame(() => resolve(performance.now() - t0)); }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            link.click();
          });
          const charts = await new Promise(resolve => {
            const poll = () => {
              if (globalThis.ddCharts.finished >= finishedBefore + 2) { resolve(performance.now() - t0); }
              else if (performance.now() - t0 > 30000) { resolve(NaN); }
              else { setTimeout(poll, 5); }
            };
            poll();
          });
          return [screen, charts];
        }
        """;

    private const string TimeCounterClick = """
        async () => {
          const count = () => document.querySelector('[data-testid="count"]').textContent;
          const before = count();
          return await new Promise(resolve => {
            const t0 = performance.now();
            const observer = new MutationObserver(() => {
              if (count() !== before) { observer.disconnect(); requestAnimationFrame(() => resolve(performance.now() - t0)); }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            document.querySelector('[data-testid="increment"]').click();
          });
        }
        """;

    public async Task<List<ResultRow>> RunAsync()
    {
        var host = await AppProcess.PublishOnceAsync(log);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);

        var results = new List<ResultRow>();

        // The baseline and the measured page each get a fresh server process, so closed pages' circuits (kept for
        // a while for reconnection) cannot leak into the other's slope.
        double counterSlope;
        await using (var app = await AppProcess.StartAsync(host, storePath))
        {
            results.AddRange(await BytesAsync(browser, app));
            results.Add(await ThrottledFirstChartAsync(browser, app));
            await using var counterContext = await browser.NewContextAsync();
            counterSlope = await SlopeAsync(app, counterContext, [], Counter, p => p.GetByTestId("increment").WaitForAsync());
        }

        double timelineSlope;
        SideBySideResult latency;
        ResultRow settledRow;
        await using (var app = await AppProcess.StartAsync(host, storePath))
        {
            await using var context = await browser.NewContextAsync();
            (timelineSlope, latency, settledRow) = await TimelineUnderLoadAsync(app, context, []);
        }

        results.Add(new ResultRow(
            "Server memory per open /timeline page",
            "<= 400 KB",
            "same slope for the minimal counter page",
            $"{Kb(timelineSlope)} per page ({settings.PagesLow} to {settings.PagesHigh} pages)",
            $"{Kb(counterSlope)} per page",
            Statistics.Ratio(timelineSlope, counterSlope),
            timelineSlope <= 400 * 1024));
        results.Add(new ResultRow(
            $"UI event: change the timeline window at {settings.PagesForEvents} open pages",
            "p95 <= 50 ms click to screen",
            "counter button under the same load",
            $"median {QuerySuite.Ms(latency.Measured.Median)}, p95 {QuerySuite.Ms(latency.Measured.P95)}",
            $"median {QuerySuite.Ms(latency.Baseline.Median)}, p95 {QuerySuite.Ms(latency.Baseline.P95)}",
            latency.P95Ratio,
            latency.Measured.P95 <= 50));
        results.Add(settledRow);
        return results;
    }

    /// <summary>Headless Debian Chromium (CHROMIUM_PATH overrides), as every browser suite uses it.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    private async Task<double> SlopeAsync(AppProcess app, IBrowserContext context, List<IPage> pages, string path, Func<IPage, Task> ready)
    {
        await OpenAsync(app, context, pages, path, ready, settings.PagesLow);
        var low = await app.MemoryAsync();
        await OpenAsync(app, context, pages, path, ready, settings.PagesHigh);
        var high = await app.MemoryAsync();
        var slope = Statistics.Slope([(settings.PagesLow, low.Bytes), (settings.PagesHigh, high.Bytes)]);
        log.WriteLine($"memory {path}: {low.Bytes:N0} B at {low.Circuits} circuits, {high.Bytes:N0} B at {high.Circuits}; {slope:N0} B/page");
        return slope;
    }

    private async Task<(double Slope, SideBySideResult Latency, ResultRow Settled)> TimelineUnderLoadAsync(AppProcess app, IBrowserContext context, List<IPage> pages)
    {
        Task Ready(IPage p) => p.GetByTestId("chart-timeline").Locator("svg.apexcharts-svg").WaitForAsync();
        await OpenAsync(app, context, pages, Timeline, Ready, settings.PagesLow);
        var low = await app.MemoryAsync();

        await OpenAsync(app, context, pages, Timeline, Ready, settings.PagesForEvents);
        var watched = pages[^1];
        var counter = await context.NewPageAsync();
        await counter.GotoAsync(new Uri(app.BaseAddress, Counter).ToString());
        await counter.GetByTestId("increment").WaitForAsync();
        await app.WaitForCircuitsAsync(pages.Count + 1, CircuitTimeout);
        await counter.GetByTestId("count").WaitForAsync();
        var label = "Whole record";
        // Hidden tabs get no animation frames: each page is brought to the front before it is timed.
        async Task TimelineClick()
        {
            await watched.BringToFrontAsync();
            await watched.EvaluateAsync<double>(TimeTimelineClick, label);
            label = label == "Whole record" ? "Exodus weeks" : "Whole record";
        }

        // The harness times in the page (performance.now), not around Playwright's round trips.
        var inPage = new List<double>();
        var inCounter = new List<double>();
        for (var i = 0; i < settings.Warmup; i++)
        {
            await TimelineClick();
            await counter.BringToFrontAsync();
            await counter.EvaluateAsync<double>(TimeCounterClick);
        }

        for (var i = 0; i < settings.EventRepeats; i++)
        {
            await watched.BringToFrontAsync();
            inPage.Add(await watched.EvaluateAsync<double>(TimeTimelineClick, label));
            label = label == "Whole record" ? "Exodus weeks" : "Whole record";
            await counter.BringToFrontAsync();
            inCounter.Add(await counter.EvaluateAsync<double>(TimeCounterClick));
        }

        var latency = new SideBySideResult(Summary.Of(inPage), Summary.Of(inCounter));
        log.WriteLine($"ui event at {pages.Count} timeline pages: {latency.Measured} vs counter {latency.Baseline}");

        // Again, each click on a settled page (its charts done with the previous change), beside the counter.
        var settledScreen = new List<double>();
        var settledCharts = new List<double>();
        var settledCounter = new List<double>();
        for (var i = 0; i < settings.EventRepeats; i++)
        {
            await watched.BringToFrontAsync();
            var times = await watched.EvaluateAsync<double[]>(TimeTimelineClickSettled, label);
            label = label == "Whole record" ? "Exodus weeks" : "Whole record";
            settledScreen.Add(times[0]);
            if (!double.IsNaN(times[1]))
            {
                settledCharts.Add(times[1]);
            }

            await counter.BringToFrontAsync();
            settledCounter.Add(await counter.EvaluateAsync<double>(TimeCounterClick));
        }

        var settled = new SideBySideResult(Summary.Of(settledScreen), Summary.Of(settledCounter));
        var charts = settledCharts.Count > 0 ? Summary.Of(settledCharts) : null;
        log.WriteLine($"ui event on a settled page: {settled.Measured} vs counter {settled.Baseline}; charts redrawn: {(charts is null ? "never" : charts.ToString())}");
        var settledRow = new ResultRow(
            $"UI event on a settled page (its charts done with the previous change) at {settings.PagesForEvents} open pages",
            "p95 <= 50 ms click to screen",
            "counter button under the same load",
            $"median {QuerySuite.Ms(settled.Measured.Median)}, p95 {QuerySuite.Ms(settled.Measured.P95)} to the new tables and caption",
            $"median {QuerySuite.Ms(settled.Baseline.Median)}, p95 {QuerySuite.Ms(settled.Baseline.P95)}",
            settled.P95Ratio,
            settled.Measured.P95 <= 50,
            charts is null
                ? "the charts did not finish redrawing within 30 s"
                : $"both charts redrawn after median {QuerySuite.Ms(charts.Median)}, p95 {QuerySuite.Ms(charts.P95)} ({settledCharts.Count} of {settledScreen.Count} clicks)");

        await counter.CloseAsync(new() { RunBeforeUnload = true });

        await OpenAsync(app, context, pages, Timeline, Ready, settings.PagesHigh);
        var high = await app.MemoryAsync();
        var slope = Statistics.Slope([(settings.PagesLow, low.Bytes), (settings.PagesHigh, high.Bytes)]);
        log.WriteLine($"memory {Timeline}: {low.Bytes:N0} B at {low.Circuits} circuits, {high.Bytes:N0} B at {high.Circuits}; {slope:N0} B/page");
        return (slope, latency, settledRow);
    }

    private static async Task OpenAsync(AppProcess app, IBrowserContext context, List<IPage> pages, string path, Func<IPage, Task> ready, int target)
    {
        while (pages.Count < target)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
            await ready(page);
            pages.Add(page);
        }

        await app.WaitForCircuitsAsync(pages.Count, CircuitTimeout);
    }

    private async Task<List<ResultRow>> BytesAsync(IBrowser browser, AppProcess app)
    {
        var timeline = await LoadBytesAsync(browser, app, Timeline, p => p.GetByTestId("chart-timeline").Locator("svg.apexcharts-svg").WaitForAsync());
        var counter = await LoadBytesAsync(browser, app, Counter, p => p.GetByTestId("increment").WaitForAsync());
        log.WriteLine($"bytes {Timeline}: cold {timeline.Cold:N0}, warm {timeline.Warm:N0}, apexcharts loaded: {timeline.Charts}");
        log.WriteLine($"bytes {Counter}: cold {counter.Cold:N0}, warm {counter.Warm:N0}, apexcharts loaded: {counter.Charts}");
        return
        [
            new ResultRow("Bytes, cold load of /timeline", "<= 400 KB", "cold load of the minimal counter page",
                Kb(timeline.Cold), Kb(counter.Cold), Statistics.Ratio(timeline.Cold, counter.Cold), timeline.Cold <= 400 * 1024,
                $"chart script on /timeline: {(timeline.Charts ? "yes" : "no")}; on the counter page: {(counter.Charts ? "yes" : "no")}"),
            new ResultRow("Bytes, warm load of /timeline", "<= 20 KB", "warm load of the minimal counter page",
                Kb(timeline.Warm), Kb(counter.Warm), Statistics.Ratio(timeline.Warm, counter.Warm), timeline.Warm <= 20 * 1024),
        ];
    }

    /// <summary>HTTP bytes received (CDP encodedDataLength: headers and compressed bodies) for a first and a repeated visit.</summary>
    private async Task<(long Cold, long Warm, bool Charts)> LoadBytesAsync(IBrowser browser, AppProcess app, string path, Func<IPage, Task> ready)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // A fresh process's first page (JIT, store) on a shared machine at load 30 can take longer than 30 s.
        page.SetDefaultTimeout(120_000);
        var cdp = await context.NewCDPSessionAsync(page);
        var urls = new Dictionary<string, string>();
        var encodings = new Dictionary<string, string>();
        long total = 0;
        var charts = false;
        cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is not { } json)
            {
                return;
            }

            var id = json.GetProperty("requestId").GetString()!;
            var response = json.GetProperty("response");
            var url = response.GetProperty("url").GetString()!;
            lock (urls)
            {
                urls[id] = url;
                encodings[id] = Header(response, "content-encoding");
                charts |= url.Contains("apexcharts", StringComparison.Ordinal);
            }
        };
        var detail = new List<string>();
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is not { } json)
            {
                return;
            }

            var bytes = (long)json.GetProperty("encodedDataLength").GetDouble();
            var id = json.GetProperty("requestId").GetString()!;
            lock (urls)
            {
                total += bytes;
                detail.Add($"{bytes,9:N0} {encodings.GetValueOrDefault(id, ""),-4} {urls.GetValueOrDefault(id, id)}");
            }
        };
        await cdp.SendAsync("Network.enable");

        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        await ready(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long cold;
        lock (urls)
        {
            cold = total;
            total = 0;
            log.WriteLine($"cold {path}:\n  " + string.Join("\n  ", detail));
            detail.Clear();
        }

        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        await ready(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long warm;
        lock (urls)
        {
            warm = total;
            log.WriteLine($"warm {path}:\n  " + string.Join("\n  ", detail));
        }

        return (cold, warm, charts);
    }

    // Records, in page time (ms since navigation start), when the first chart's SVG is in the document, and when the
    // counter page first answers a click (its circuit is up): the first useful moment of each page.
    private const string RecordFirstUse = """
        (() => {
          const observer = new MutationObserver(() => {
            if (!globalThis.__ddFirstChart && document.querySelector('[data-testid="chart-timeline"] svg.apexcharts-svg')) {
              globalThis.__ddFirstChart = performance.now();
            }
            const count = document.querySelector('[data-testid="count"]');
            if (count && !globalThis.__ddCounterStart) { globalThis.__ddCounterStart = count.textContent; }
            if (count && !globalThis.__ddCounterUp && count.textContent !== globalThis.__ddCounterStart) {
              globalThis.__ddCounterUp = performance.now();
            }
          });
          observer.observe(document, { childList: true, subtree: true, characterData: true });
          // Click the counter until the circuit answers; before that the prerendered button does nothing.
          const clicker = setInterval(() => {
            if (globalThis.__ddCounterUp) { clearInterval(clicker); return; }
            document.querySelector('[data-testid="increment"]')?.click();
          }, 100);
        })();
        """;

    /// <summary>
    /// A cold visit over a slow link (Chromium's network emulation: 400 kbit/s each way, 400 ms latency): time from
    /// navigation start to the first chart drawn on /timeline, beside the time the minimal counter page takes to answer
    /// its first click over the same link.
    /// </summary>
    private async Task<ResultRow> ThrottledFirstChartAsync(IBrowser browser, AppProcess app)
    {
        async Task<double> TimeAsync(string path, string probe)
        {
            await using var context = await browser.NewContextAsync();
            await context.AddInitScriptAsync(RecordFirstUse);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Network.enable");
            await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
            {
                ["offline"] = false,
                ["latency"] = 400,
                ["downloadThroughput"] = 400_000 / 8,
                ["uploadThroughput"] = 400_000 / 8,
            });
            await page.GotoAsync(new Uri(app.BaseAddress, path).ToString(), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync($"() => globalThis.{probe}", null, new() { Timeout = 120_000, PollingInterval = 50 });
            return await page.EvaluateAsync<double>($"() => globalThis.{probe}");
        }

        var chart = new List<double>();
        var counter = new List<double>();
        for (var i = 0; i < settings.ThrottledRepeats; i++)
        {
            chart.Add(await TimeAsync(Timeline, "__ddFirstChart"));
            counter.Add(await TimeAsync(Counter, "__ddCounterUp"));
        }

        var measured = Summary.Of(chart);
        var baseline = Summary.Of(counter);
        log.WriteLine($"throttled first chart on {Timeline}: {measured}; counter page answers: {baseline}");
        return new ResultRow(
            "First chart drawn on /timeline, cold, over 400 kbit/s with 400 ms latency",
            "<= 10 s",
            "the minimal counter page answering its first click over the same link",
            $"median {Seconds(measured.Median)}, worst {Seconds(chart.Max())} ({chart.Count} loads)",
            $"median {Seconds(baseline.Median)}, worst {Seconds(counter.Max())}",
            Statistics.Ratio(measured.Median, baseline.Median),
            chart.Max() <= 10_000);
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s";

    private static string Header(JsonElement response, string name)
    {
        if (response.TryGetProperty("headers", out var headers))
        {
            foreach (var h in headers.EnumerateObject())
            {
                if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return h.Value.GetString() ?? "";
                }
            }
        }

        return "";
    }

    private static string Kb(double bytes) => (bytes / 1024).ToString("F1", CultureInfo.InvariantCulture) + " KB";
}
