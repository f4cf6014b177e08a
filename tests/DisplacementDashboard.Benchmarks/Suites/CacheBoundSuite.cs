using System.Collections.Concurrent;
using System.Globalization;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;
using DisplacementDashboard.Benchmarks.Store;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Editing;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// The proof that the dashboard cache is bounded (issue 11): many distinct /timeline windows and /shelter snapshot
/// strings over real HTTP against the published app, the managed heap after a forced full GC read at 0, a tenth, a
/// quarter, half and all of the requests; beside a second app process that gets the same number of requests, in the
/// same places, for one window and one snapshot. Batches alternate between the two processes so both see the same
/// minutes of the machine.
/// </summary>
public sealed class CacheBoundSuite(string storePath, RunSettings settings, TextWriter log)
{
    /// <summary>Requests in flight at once against each process.</summary>
    private const int Concurrency = 2;

    public async Task<List<ResultRow>> RunAsync()
    {
        var count = settings.CacheRequests;
        IReadOnlyList<string> keys;
        await using (var services = SyntheticStore.Services(storePath))
        {
            keys = (await services.GetRequiredService<IDashboardService>().GetShelterAsync(null)).Snapshots.Select(s => s.Key).ToList();
        }

        // The app runs with the default editing bounds; a window outside them would be refused with a message.
        var earliest = new EditingOptions().EarliestReferenceDate;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var distinct = WindowPlan.DistinctRequests(count, earliest, today, keys, settings.Seed);
        var repeated = WindowPlan.RepeatedRequests(count, (TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo), keys.FirstOrDefault());
        log.WriteLine($"cache: {count:N0} requests, {distinct.Distinct().Count():N0} distinct addresses ({keys.Count} published snapshots), against {repeated.Distinct().Count()} in the baseline");

        var host = await AppProcess.PublishOnceAsync(log);
        // Both processes start at once: a start takes 10 to 30 s on this machine.
        var starting = new[] { AppProcess.StartAsync(host, storePath), AppProcess.StartAsync(host, storePath) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        await using var measuredApp = starting[0].Result;
        await using var baselineApp = starting[1].Result;
        var measured = new Side("distinct", measuredApp, distinct);
        var baseline = new Side("one window", baselineApp, repeated);

        // The same warm-up on both: the default pages and the baseline's window, so JIT and the pools are settled.
        string[] warmup = ["/timeline", "/shelter", repeated[0], WindowPlan.Shelter(keys.FirstOrDefault())];
        foreach (var side in new[] { measured, baseline })
        {
            for (var i = 0; i < 5; i++)
            {
                foreach (var path in warmup)
                {
                    await side.GetAsync(path, null);
                }
            }
        }

        var checkpoints = MemoryGrowth.Checkpoints(count);
        await measured.ReadAsync(0);
        await baseline.ReadAsync(0);
        for (var c = 1; c < checkpoints.Count; c++)
        {
            var (first, second) = c % 2 == 1 ? (measured, baseline) : (baseline, measured);
            foreach (var side in new[] { first, second })
            {
                await side.RunAsync(checkpoints[c - 1], checkpoints[c]);
                await side.ReadAsync(checkpoints[c]);
            }

            log.WriteLine($"cache: {checkpoints[c]:N0} requests: distinct {Mb(measured.Readings[^1].Bytes - measured.Readings[0].Bytes, signed: true)}, one window {Mb(baseline.Readings[^1].Bytes - baseline.Readings[0].Bytes, signed: true)}");
        }

        var noise = MemoryGrowth.Noise(baseline.Readings);
        var growth = MemoryGrowth.Summarise(measured.Readings, noise);
        var baseGrowth = MemoryGrowth.Summarise(baseline.Readings, noise);
        var bound = CachedDashboardService.MaxEntries * ModelBytes;
        var overBaseline = growth.Total - baseGrowth.Total;
        var met = growth.LevelledOff && overBaseline <= bound;
        var (early, late) = (checkpoints[1], checkpoints[^2]);
        var measuredLatency = Summary.Of(measured.Times.ToList());
        var baselineLatency = Summary.Of(baseline.Times.ToList());
        return
        [
            new ResultRow(
                $"Cache bound: {count:N0} distinct /timeline windows (and every tenth a /shelter snapshot string) over HTTP",
                $"heap levels off (growth {late:N0} to {count:N0} at most {MemoryGrowth.MaxLateOverEarly:0.##} x growth 0 to {early:N0}, plus the baseline's noise) and grows at most {Mb(bound)} more than the baseline ({CachedDashboardService.MaxEntries} models x {ModelBytes / 1024} KB)",
                $"a second app process, the same {count:N0} requests for one window and one snapshot, batches alternated",
                $"{Mb(growth.Total, signed: true)} at {count:N0} (0 to {early:N0}: {Mb(growth.Early, signed: true)}; {late:N0} to {count:N0}: {Mb(growth.Late, signed: true)}); {(growth.LevelledOff ? "levelled off" : "still growing")}",
                $"{Mb(baseGrowth.Total, signed: true)} (0 to {early:N0}: {Mb(baseGrowth.Early, signed: true)}; {late:N0} to {count:N0}: {Mb(baseGrowth.Late, signed: true)}; noise {Mb(noise)})",
                growth.LateOverEarly,
                met,
                $"ratio = growth {late:N0} to {count:N0} over growth 0 to {early:N0} (unbounded: about 5); heap after GC, distinct: {Trace(measured.Readings)}; one window: {Trace(baseline.Readings)}; " +
                $"page time, distinct median {QuerySuite.Ms(measuredLatency.Median)}, p95 {QuerySuite.Ms(measuredLatency.P95)}; one window median {QuerySuite.Ms(baselineLatency.Median)}, p95 {QuerySuite.Ms(baselineLatency.P95)}; {Concurrency} requests in flight per process"),
        ];
    }

    /// <summary>What one model may cost, from <see cref="CachedDashboardService.MaxEntries"/>'s documentation (about 250 KB at most).</summary>
    private const long ModelBytes = 250 * 1024;

    private static string Trace(IReadOnlyList<MemoryCheckpoint> readings) =>
        string.Join(", ", readings.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Requests:N0}: {Mb(r.Bytes)}")));

    private static string Mb(long bytes, bool signed = false) =>
        (bytes / 1024.0 / 1024.0).ToString(signed ? "+0.0;-0.0;0.0" : "F1", CultureInfo.InvariantCulture) + " MB";

    /// <summary>One app process and its requests.</summary>
    private sealed class Side(string name, AppProcess app, IReadOnlyList<string> requests)
    {
        public List<MemoryCheckpoint> Readings { get; } = [];

        public ConcurrentBag<double> Times { get; } = [];

        public async Task ReadAsync(int requestsDone) => Readings.Add(new MemoryCheckpoint(requestsDone, (await app.MemoryAsync()).Bytes));

        public Task RunAsync(int from, int to) =>
            Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
                await GetAsync(requests[i], Times));

        /// <summary>One page; anything but 200, or a timeline window the page refuses, is a refused operation.</summary>
        public async Task GetAsync(string path, ConcurrentBag<double>? times)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            using var response = await app.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            times?.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"cache ({name}): GET {path} answered {(int)response.StatusCode}.");
            }

            if (path.StartsWith("/timeline", StringComparison.Ordinal) && body.Contains("data-testid=\"window-error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"cache ({name}): GET {path} was refused by the page (window-error): the plan made a window outside the app's dates.");
            }
        }
    }
}
