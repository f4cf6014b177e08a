using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DisplacementDashboard.Benchmarks.Measurement;
using DisplacementDashboard.Benchmarks.Reporting;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// A sign-in flood against the published app (issue 11): several workers post the sign-in form as fast as they can
/// from one client address (127.0.0.2) while another client (127.0.0.3) reads /timeline; its page latency during the
/// flood is compared with the same client's latency just before it. Each flood worker first loads the form, so its
/// posts carry a valid antiforgery token and the ones the limiter lets through are real sign-in attempts.
/// </summary>
public sealed partial class FloodSuite(string storePath, RunSettings settings, TextWriter log)
{
    /// <summary>The app's default (Accounts:LoginAttemptsPerMinute), set explicitly so the harness knows it.</summary>
    public const int LoginAttemptsPerMinute = 10;

    private const int FloodWorkers = 4;
    private const string Page = "/timeline";
    private const double GoalLatencyRatio = 2;
    private static readonly IPAddress FloodAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress ReaderAddress = IPAddress.Parse("127.0.0.3");

    public async Task<List<ResultRow>> RunAsync()
    {
        var host = await AppProcess.PublishOnceAsync(log);
        await using var app = await AppProcess.StartAsync(host, storePath, new Dictionary<string, string>
        {
            ["Accounts__LoginAttemptsPerMinute"] = LoginAttemptsPerMinute.ToString(CultureInfo.InvariantCulture),
        });
        using var reader = LoopbackClient.Create(ReaderAddress, app.BaseAddress, new CookieContainer());

        // Warm-up (JIT, pools): at least 50 loads and half the baseline's time, so the baseline is not the app's first minute.
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < 50 || warmup.Elapsed < TimeSpan.FromSeconds(settings.FloodBaselineSeconds / 2); i++)
        {
            await GetPageAsync(reader);
        }

        var before = await ReadPagesAsync(reader, TimeSpan.FromSeconds(settings.FloodBaselineSeconds), CancellationToken.None);
        log.WriteLine($"flood: {Page} from {ReaderAddress} before the flood: {Summary.Of(before)}");

        // The flood, with the reader reading through it; halfway, the reader also posts the sign-in form once.
        var attempts = new List<FloodAttempt>();
        var floodClock = new Stopwatch();
        using var flooding = new CancellationTokenSource(TimeSpan.FromSeconds(settings.FloodSeconds));
        var workers = new List<Task>();
        var forms = new List<(HttpClient Client, string Token)>();
        for (var w = 0; w < FloodWorkers; w++)
        {
            var client = LoopbackClient.Create(FloodAddress, app.BaseAddress, new CookieContainer());
            forms.Add((client, await LoadFormAsync(client)));
        }

        floodClock.Start();
        foreach (var (worker, (client, token)) in forms.Index())
        {
            workers.Add(FloodAsync(worker, client, token, floodClock, attempts, flooding.Token));
        }

        var otherPost = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.FloodSeconds / 2));
            return await PostLoginAsync(reader, await LoadFormAsync(reader), "reader@example.org", CancellationToken.None);
        });
        // The reader starts a second after the flood, so the flood is at full rate for every reading.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var during = await ReadPagesAsync(reader, TimeSpan.FromSeconds(settings.FloodSeconds - 1), flooding.Token);
        await Task.WhenAll(workers);
        var otherStatus = await otherPost;
        foreach (var (client, _) in forms)
        {
            client.Dispose();
        }

        var verdict = FloodTally.Judge(attempts, LoginAttemptsPerMinute);
        var latency = new SideBySideResult(Summary.Of(during), Summary.Of(before));
        var statuses = string.Join(", ", verdict.ByStatus.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Value:N0} x {s.Key}")));
        log.WriteLine($"flood: {verdict.Total:N0} posts from {FloodAddress} in {settings.FloodSeconds:F0} s ({statuses}); passed per minute: {string.Join(", ", verdict.PassedPerMinute)}; the reader's own post: {otherStatus}");
        log.WriteLine($"flood: {Page} from {ReaderAddress} during the flood: {latency.Measured} (before: {latency.Baseline})");
        if (verdict.ByStatus.Keys.Any(s => s >= 500))
        {
            throw new InvalidOperationException($"The app failed sign-in posts during the flood: {statuses}.");
        }

        var limited = verdict.Limited && otherStatus != FloodTally.TooManyRequests;
        var inv = CultureInfo.InvariantCulture;
        return
        [
            new ResultRow(
                $"Sign-in flood: {FloodWorkers} workers posting /account/login from one address for {settings.FloodSeconds:0} s",
                $"limited: at most {LoginAttemptsPerMinute} passed per minute (429 beyond), another address's post still passes",
                $"the limit ({LoginAttemptsPerMinute}/min) over the {verdict.Windows} minute window(s) the flood touched",
                string.Create(inv, $"{verdict.Rejected:N0} of {verdict.Total:N0} refused with 429 ({verdict.Total / settings.FloodSeconds:N0} posts/s), {verdict.Passed:N0} passed ({string.Join(" + ", verdict.PassedPerMinute)} per minute)"),
                string.Create(inv, $"{verdict.Allowed:N0} allowed"),
                Statistics.Ratio(verdict.Passed, verdict.Allowed),
                limited,
                string.Create(inv, $"ratio = passed over allowed; statuses: {statuses}; the post from {ReaderAddress} halfway through: {otherStatus}; flood from {FloodAddress}, reader {ReaderAddress} (both loopback, no X-Forwarded-For)")),
            new ResultRow(
                $"Page latency for another client during the sign-in flood (GET {Page})",
                $"p95 <= {GoalLatencyRatio:0} x before the flood",
                $"the same client, the same page, {settings.FloodBaselineSeconds:0} s just before the flood",
                $"median {QuerySuite.Ms(latency.Measured.Median)}, p95 {QuerySuite.Ms(latency.Measured.P95)} ({latency.Measured.Count} loads)",
                $"median {QuerySuite.Ms(latency.Baseline.Median)}, p95 {QuerySuite.Ms(latency.Baseline.P95)} ({latency.Baseline.Count} loads)",
                latency.P95Ratio,
                latency.P95Ratio <= GoalLatencyRatio,
                string.Create(inv, $"median ratio {latency.MedianRatio:F2}; the flooding client runs on the same 2 cores as the app")),
        ];
    }

    /// <summary>Loads the sign-in form (its antiforgery cookie goes into the client's cookies) and returns the form's token.</summary>
    private static async Task<string> LoadFormAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/account/login");
        return TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
    }

    private static async Task<int> PostLoginAsync(HttpClient client, string token, string email, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = "not the password of anyone",
        });
        using var response = await client.PostAsync("/account/login", form, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    private static async Task FloodAsync(int worker, HttpClient client, string token, Stopwatch clock, List<FloodAttempt> attempts, CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            var at = clock.Elapsed;
            int status;
            try
            {
                status = await PostLoginAsync(client, token, string.Create(CultureInfo.InvariantCulture, $"flood{worker}-{n++}@example.org"), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            lock (attempts)
            {
                attempts.Add(new FloodAttempt(at, status));
            }
        }
    }

    /// <summary>Loads the page again and again (a short pause between loads) for the given time; milliseconds per load.</summary>
    private static async Task<List<double>> ReadPagesAsync(HttpClient reader, TimeSpan duration, CancellationToken stop)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && !stop.IsCancellationRequested)
        {
            times.Add(await SideBySide.TimeAsync(() => GetPageAsync(reader)));
            await Task.Delay(20, CancellationToken.None);
        }

        return times;
    }

    private static async Task GetPageAsync(HttpClient reader)
    {
        using var response = await reader.GetAsync(Page);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"flood: the reader's GET {Page} answered {(int)response.StatusCode}.");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
