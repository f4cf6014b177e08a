using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using Microsoft.Playwright;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// Circuit churn against the published app (issue 11): visitors open /timeline in a fresh browser context, change its
/// window twice, go to /figures and page the grid, and leave, some by closing the tab (Blazor tells the server, the
/// circuit ends at once) and some by dropping the connection (the circuit is kept for the app's disconnected-circuit
/// retention, as for a phone that went to sleep), while a few pages stay open all along. The managed heap after a
/// forced full GC is read after a warm-up, every few minutes, and at the end once the retention has passed; the goal is
/// an end within 10% of the start.
/// </summary>
public sealed partial class SoakSuite(string storePath, RunSettings settings, TextWriter log)
{
    /// <summary>Pages open from start to end: the three chart and grid pages.</summary>
    private static readonly string[] KeptOpen = ["/timeline", "/figures", "/shelter"];

    /// <summary>Visitors at once; each is one browser context after the other.</summary>
    private const int Visitors = 2;

    private const double GoalPercent = 10;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    public async Task<List<ResultRow>> RunAsync()
    {
        var host = await AppProcess.PublishOnceAsync(log);
        await using var app = await AppProcess.StartAsync(host, storePath);
        var circuits = await app.CircuitsAsync();
        log.WriteLine($"soak: the app keeps disconnected circuits for {circuits.Retention.TotalSeconds:F0} s (at most {circuits.DisconnectedMaxRetained})");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserSuite.LaunchAsync(playwright);
        await using var keptContext = await browser.NewContextAsync();
        foreach (var path in KeptOpen)
        {
            var page = await keptContext.NewPageAsync();
            page.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
            await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
            await ReadyAsync(page, path);
        }

        await app.WaitForCircuitsAsync(KeptOpen.Length, StepTimeout);

        // Warm-up: every step done once per visitor (a cold app on a loaded machine may need a second try), each
        // leaving by closing the tab, so no circuit is retained afterwards.
        var tally = new VisitTally();
        await Task.WhenAll(Enumerable.Range(0, Visitors).Select(async _ =>
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                if (await VisitAsync(browser, app, tally, closeTab: true))
                {
                    break;
                }
            }
        }));
        if (tally.Visits < Visitors)
        {
            throw new InvalidOperationException("The soak's warm-up visits did not complete: " + tally);
        }

        await app.WaitForAtMostCircuitsAsync(KeptOpen.Length, circuits.Retention + TimeSpan.FromSeconds(30));
        var start = await SteadyReadingAsync(app);
        log.WriteLine($"soak: start {Mb(start.Bytes)} at {start.Circuits} circuits after the warm-up: {tally}");
        tally = new VisitTally();

        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(settings.SoakMinutes);
        var samples = new List<(TimeSpan At, long Bytes, int Circuits)> { (TimeSpan.Zero, start.Bytes, start.Circuits) };
        using var stop = new CancellationTokenSource(duration);
        var visitors = Enumerable.Range(0, Visitors).Select(async v =>
        {
            // Alternate the ways of leaving; the two visitors start on different ones.
            var closeTab = v % 2 == 0;
            while (!stop.IsCancellationRequested)
            {
                await VisitAsync(browser, app, tally, closeTab);
                closeTab = !closeTab;
            }
        }).ToList();
        var sampler = Task.Run(async () =>
        {
            var interval = TimeSpan.FromMinutes(settings.SoakSampleMinutes);
            try
            {
                while (true)
                {
                    await Task.Delay(interval, stop.Token);
                    var reading = await app.MemoryAsync();
                    lock (samples)
                    {
                        samples.Add((clock.Elapsed, reading.Bytes, reading.Circuits));
                    }

                    log.WriteLine($"soak: {clock.Elapsed.TotalMinutes:F1} min, {Mb(reading.Bytes)} ({SoakReport.PercentChange(start.Bytes, reading.Bytes):+0.0;-0.0}%) at {reading.Circuits} circuits, {tally.Visits} visits");
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Task.WhenAll(visitors);
        await sampler;
        var churn = clock.Elapsed;
        var lastClose = Stopwatch.StartNew();

        // The last reading: every closed page's circuit gone, retained ones included.
        var retention = circuits.Retention;
        if (settings.SoakWaitsForRetention)
        {
            var rest = retention + TimeSpan.FromSeconds(10) - lastClose.Elapsed;
            log.WriteLine($"soak: waiting {rest.TotalSeconds:F0} s for the disconnected-circuit retention to pass");
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        // Quick mode does not wait out the retention: the dropped connections' circuits are still there, and say so.
        var drained = await app.WaitForAtMostCircuitsAsync(KeptOpen.Length, settings.SoakWaitsForRetention ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(5));
        var end = await SteadyReadingAsync(app);
        samples.Add((clock.Elapsed, end.Bytes, end.Circuits));
        log.WriteLine($"soak: end {Mb(end.Bytes)} at {end.Circuits} circuits, {lastClose.Elapsed.TotalSeconds:F0} s after the last visit; {tally}");

        if (tally.Visits == 0)
        {
            throw new InvalidOperationException("The soak completed no visit: " + tally);
        }

        if (tally.Refused.Count > 0)
        {
            throw new InvalidOperationException("The app refused requests during the soak: " + string.Join("; ", tally.Refused.Take(10)));
        }

        var percent = SoakReport.PercentChange(start.Bytes, end.Bytes);
        var clicks = tally.ClickTimes();
        var inv = CultureInfo.InvariantCulture;
        var note = string.Join("; ",
            string.Create(inv, $"{tally.Visits:N0} visits in {churn.TotalMinutes:F1} min ({tally.TabsClosed:N0} closed the tab, {tally.Dropped:N0} dropped the connection, {tally.Failed} failed; {tally.GridClicksRepeated} \"Next page\" clicks repeated), {KeptOpen.Length} pages open throughout"),
            string.Create(inv, $"retention {retention.TotalSeconds:F0} s {(settings.SoakWaitsForRetention ? "waited out" : "not waited out (quick mode)")}, {end.Circuits} circuits at the end{(drained ? "" : $" ({end.Circuits - KeptOpen.Length} of the closed pages' still kept)")}"),
            "readings: " + SoakReport.Trace(samples.Select(s => (s.At, s.Bytes)).ToList(), start.Bytes));
        if (clicks.Count >= 10)
        {
            note += $"; window change, click to screen: median {QuerySuite.Ms(Statistics.Median(clicks[..(clicks.Count / 5)]))} over the first fifth of the visits, {QuerySuite.Ms(Statistics.Median(clicks[^(clicks.Count / 5)..]))} over the last";
        }

        return
        [
            new ResultRow(
                $"Soak: {settings.SoakMinutes.ToString("0.##", CultureInfo.InvariantCulture)} min of circuit churn (open /timeline, change the window twice, page /figures, leave)",
                $"end within {GoalPercent:F0}% of the start (managed heap after a full GC)",
                "the same process at the start, after a warm-up, with the same pages open",
                $"{Mb(end.Bytes)} ({percent:+0.0;-0.0}%)",
                Mb(start.Bytes),
                Statistics.Ratio(end.Bytes, start.Bytes),
                percent <= GoalPercent,
                note),
        ];
    }

    /// <summary>
    /// One visitor: a fresh context, /timeline, two window changes, /figures page 2, then away. True when every step
    /// finished.
    /// </summary>
    private async Task<bool> VisitAsync(IBrowser browser, AppProcess app, VisitTally tally, bool closeTab)
    {
        var context = await browser.NewContextAsync();
        var step = "open /timeline";
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    tally.Refuse($"{response.Status} {response.Url}");
                }
            };
            await page.GotoAsync(new Uri(app.BaseAddress, "/timeline").ToString());
            await ReadyAsync(page, "/timeline");
            await page.BringToFrontAsync();
            foreach (var label in new[] { "Whole record", "Exodus weeks" })
            {
                step = "click " + label;
                tally.Click(await page.EvaluateAsync<double>(BrowserSuite.TimeTimelineClick, label).WaitAsync(StepTimeout));
            }

            step = "go to /figures";
            await page.Locator("a.mud-nav-link[href='/figures']").ClickAsync();
            await ReadyAsync(page, "/figures");
            step = "page the grid";
            await PageTheGridAsync(page, tally);
            step = "leave";
            if (closeTab)
            {
                // Leaving the page runs Blazor's unload handler, which tells the server the circuit is over.
                await page.GotoAsync("about:blank");
                tally.TabClosed();
            }
            else
            {
                // A dropped connection: Blazor's goodbye (navigator.sendBeacon to _blazor/disconnect on pagehide) is
                // never sent, so the server keeps the circuit for its retention period, as for a phone that went to sleep.
                await page.EvaluateAsync("() => { navigator.sendBeacon = () => true; }");
                tally.ConnectionDropped();
            }

            return true;
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            tally.Fail();
            log.WriteLine($"soak: a visit failed at \"{step}\": {e.Message.Split('\n')[0]}");
            return false;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task ReadyAsync(IPage page, string path)
    {
        switch (path)
        {
            case "/timeline":
                await page.GetByTestId("chart-timeline").Locator("svg.apexcharts-svg").WaitForAsync();
                break;
            case "/shelter":
                await page.Locator("svg.apexcharts-svg").First.WaitForAsync();
                break;
            default:
                await page.Locator(GridRows).First.WaitForAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeEnabledAsync(new() { Timeout = (float)StepTimeout.TotalMilliseconds });
                break;
        }
    }

    /// <summary>
    /// Clicks "Next page" until the address says page 2. On a fresh app the first click can be lost (seen in the first
    /// visits of three runs: the address stayed on page 1 for 90 s), so a click that has not taken after 15 s is
    /// repeated, at most twice, and counted.
    /// </summary>
    private static async Task PageTheGridAsync(IPage page, VisitTally tally)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
            try
            {
                await page.WaitForURLAsync(SecondPage(), new() { Timeout = attempt < 3 ? 15_000 : (float)StepTimeout.TotalMilliseconds });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                tally.GridClickRepeated();
            }
        }
    }

    /// <summary>The median of three readings, each after a forced full GC.</summary>
    private static async Task<(long Bytes, int Circuits)> SteadyReadingAsync(AppProcess app)
    {
        var readings = new List<(long Bytes, int Circuits)>();
        for (var i = 0; i < 3; i++)
        {
            readings.Add(await app.MemoryAsync());
        }

        return readings.OrderBy(r => r.Bytes).ElementAt(1);
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB";

    private const string GridRows = "[data-testid=grid-figures] tbody tr.dd-figure-row";

    [GeneratedRegex("page=2")]
    private static partial Regex SecondPage();

    /// <summary>What the visitors did, counted from several tasks.</summary>
    private sealed class VisitTally
    {
        private readonly object _gate = new();
        private readonly List<(long At, double Ms)> _clicks = [];

        public int Visits => TabsClosed + Dropped;

        public int TabsClosed { get; private set; }

        public int Dropped { get; private set; }

        public int Failed { get; private set; }

        public int GridClicksRepeated { get; private set; }

        public List<string> Refused { get; } = [];

        public void TabClosed()
        {
            lock (_gate)
            {
                TabsClosed++;
            }
        }

        public void ConnectionDropped()
        {
            lock (_gate)
            {
                Dropped++;
            }
        }

        public void GridClickRepeated()
        {
            lock (_gate)
            {
                GridClicksRepeated++;
            }
        }

        public void Fail()
        {
            lock (_gate)
            {
                Failed++;
            }
        }

        public void Refuse(string what)
        {
            lock (_gate)
            {
                Refused.Add(what);
            }
        }

        public void Click(double ms)
        {
            lock (_gate)
            {
                _clicks.Add((Stopwatch.GetTimestamp(), ms));
            }
        }

        /// <summary>Click-to-screen times in the order they were taken.</summary>
        public List<double> ClickTimes()
        {
            lock (_gate)
            {
                return _clicks.OrderBy(c => c.At).Select(c => c.Ms).ToList();
            }
        }

        public override string ToString() =>
            $"{Visits} visits ({TabsClosed} closed the tab, {Dropped} dropped the connection), {Failed} failed, {GridClicksRepeated} grid clicks repeated, {Refused.Count} refused requests";
    }
}
