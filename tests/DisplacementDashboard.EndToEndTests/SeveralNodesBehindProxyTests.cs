using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using DisplacementDashboard.Tests.Shared;
using Microsoft.Playwright;
using Npgsql;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>
/// Two app processes on one PostgreSQL database behind a real nginx with sticky sessions (Proxy/nginx.conf, the
/// configuration docs/deployment.md shows): staff sign in through the proxy and save a figure on one node, and a
/// timeline page served by the other node shows it within 2 s (issue 13).
/// </summary>
public sealed class SeveralNodesBehindProxyTests : IAsyncLifetime
{
    private const string Nginx = "/usr/sbin/nginx";

    private readonly string _prefix = Directory.CreateTempSubdirectory("dd-nginx-").FullName;
    private PostgresServer _server = null!;
    private string _database = "";
    private AppProcess? _nodeA;
    private AppProcess? _nodeB;
    private Process? _nginx;
    private IPlaywright? _playwright;
    private IBrowser _browser = null!;
    private Uri _proxy = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Nginx))
        {
            throw new InvalidOperationException($"The proxy test needs nginx ({Nginx}): install it with `apt-get install nginx-light` (.ci/run does this).");
        }

        Assertions.SetDefaultExpectTimeout(20_000);
        _server = await PostgresServer.GetAsync();
        _database = await _server.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "postgres",
            ["ConnectionStrings__Dashboard"] = _database,
            ["Security__TrustedProxies__0"] = "127.0.0.1",
        };

        // One after the other: the first start migrates and seeds the empty database.
        var (exitCode, output) = await AppProcess.RunCommandAsync(AppProcess.NewDirectory(), BrowserFixture.AdminPassword, environment, "create-admin", "--email", BrowserFixture.AdminEmail);
        Assert.True(exitCode == 0, output);
        _nodeA = await AppProcess.StartAsync(null, environment);
        _nodeB = await AppProcess.StartAsync(null, environment);

        var port = FreePort();
        var config = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Proxy", "nginx.conf")))
            .Replace("__PREFIX__", _prefix, StringComparison.Ordinal)
            .Replace("__PORT__", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__NODE_A__", _nodeA.BaseAddress.Authority, StringComparison.Ordinal)
            .Replace("__NODE_B__", _nodeB.BaseAddress.Authority, StringComparison.Ordinal);
        var configPath = Path.Combine(_prefix, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var start = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", _prefix, "-c", configPath })
        {
            start.ArgumentList.Add(argument);
        }

        _nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        _nginx.BeginErrorReadLine();
        _nginx.BeginOutputReadLine();
        _proxy = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        await WaitForProxyAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [Fact]
    public async Task StaffSaveAFigureThroughOneNode_AndATimelineServedByTheOtherShowsItWithin2Seconds()
    {
        var (onA, onB) = await StickyCookiesAsync();

        await using var viewer = await WatchedPage.OpenAsync(_browser, _proxy);
        await viewer.Context.AddCookiesAsync([Cookie(onB)]);
        var served = await viewer.Page.GotoAsync("/timeline", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(_nodeB!.BaseAddress.Authority, await served!.HeaderValueAsync("x-dashboard-node"));
        await Assertions.Expect(viewer.Page.GetByTestId("table-timeline")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Page.GetByTestId("table-timeline")).Not.ToContainTextAsync("100,651");

        await using var staff = await WatchedPage.OpenAsync(_browser, _proxy);
        await staff.Context.AddCookiesAsync([Cookie(onA)]);
        int sourceId;
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT \"Id\" FROM \"Sources\" WHERE \"Key\" = 'S001'", connection);
            sourceId = (int)(await command.ExecuteScalarAsync())!;
        }

        var form = $"/figures/new?metric=cumulative_arrivals_in_armenia&location=AM&unit=people&source={sourceId.ToString(CultureInfo.InvariantCulture)}";
        await staff.SignInAsync(form);
        var page = staff.Page;
        var formServed = await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(_nodeA!.BaseAddress.Authority, await formServed!.HeaderValueAsync("x-dashboard-node"));
        await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
        await page.Locator("#date").FillAsync("06/10/2023");
        await page.Locator("#date").PressAsync("Tab");
        await page.Locator("#time").FillAsync("09:40");
        await page.GetByTestId("value-input").FillAsync("100651");
        // Between the seed's 100,632 (4 October) and 100,670 (10 October); the "more than 100,600" of 10 October is no
        // ceiling, so the figure saves at the first click, with no plausibility warning to give a reason for.
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        var clock = Stopwatch.StartNew();

        // The other node's open page reloads on the notice (LISTEN/NOTIFY), without a refresh.
        await Assertions.Expect(viewer.Page.GetByTestId("table-timeline")).ToContainTextAsync("100,651", new() { Timeout = 2_000 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
        Assert.Empty(viewer.Problems);
        Assert.Empty(staff.Problems);
    }

    /// <summary>Two dd_node cookie values the proxy sends to node A and to node B (it says which in X-Dashboard-Node).</summary>
    private async Task<(string OnA, string OnB)> StickyCookiesAsync()
    {
        string? onA = null, onB = null;
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _proxy };
        for (var i = 0; i < 64 && (onA is null || onB is null); i++)
        {
            var value = "probe" + i.ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/live");
            request.Headers.Add("Cookie", "dd_node=" + value);
            using var response = await client.SendAsync(request);
            var node = response.Headers.GetValues("X-Dashboard-Node").Single();
            if (node == _nodeA!.BaseAddress.Authority)
            {
                onA ??= value;
            }
            else if (node == _nodeB!.BaseAddress.Authority)
            {
                onB ??= value;
            }
        }

        Assert.NotNull(onA);
        Assert.NotNull(onB);
        return (onA, onB);
    }

    private static Microsoft.Playwright.Cookie Cookie(string value) => new() { Name = "dd_node", Value = value, Domain = "127.0.0.1", Path = "/" };

    private async Task WaitForProxyAsync()
    {
        using var client = new HttpClient { BaseAddress = _proxy, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("/healthz/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline || _nginx!.HasExited)
            {
                throw new InvalidOperationException("nginx did not answer through the proxy" + (_nginx!.HasExited ? $" (exited {_nginx.ExitCode.ToString(CultureInfo.InvariantCulture)})" : ""));
            }

            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        foreach (var node in new[] { _nodeA, _nodeB })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (_database.Length > 0)
        {
            await _server.DropDatabaseAsync(_database);
        }

        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
