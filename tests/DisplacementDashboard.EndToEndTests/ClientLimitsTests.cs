using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DisplacementDashboard.EndToEndTests.Infrastructure;
using Microsoft.Playwright;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>
/// Two apps over real HTTP: one that trusts no proxy (the default) and one that trusts loopback as its proxy, both
/// with small limits (3 sign-in posts a minute, 3 circuits per client) so the tests reach them quickly.
/// </summary>
public sealed class ClientLimitsFixture : IAsyncLifetime
{
    public const int SignInLimit = 3;

    public const int CircuitLimit = 3;

    private IPlaywright? _playwright;

    public AppProcess Untrusting { get; private set; } = null!;

    public AppProcess BehindProxy { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var limits = new Dictionary<string, string>
        {
            ["Accounts__LoginAttemptsPerMinute"] = SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Circuits__MaxPerClient"] = CircuitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var untrusting = AppProcess.StartAsync(environment: limits);
        var behindProxy = AppProcess.StartAsync(environment: new Dictionary<string, string>(limits) { ["Security__TrustedProxies__0"] = "127.0.0.1" });
        Untrusting = await untrusting;
        BehindProxy = await behindProxy;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Untrusting is not null)
        {
            await Untrusting.DisposeAsync();
        }

        if (BehindProxy is not null)
        {
            await BehindProxy.DisposeAsync();
        }
    }
}

/// <summary>
/// Per-client limits count real clients: a forged <c>X-Forwarded-For</c> does not make a new client, and one client at
/// its circuit cap is refused while another is served.
/// </summary>
public sealed class ClientLimitsTests(ClientLimitsFixture fixture) : IClassFixture<ClientLimitsFixture>
{
    private static async Task<HttpStatusCode> PostSignInAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "nobody@example.org", ["password"] = "not the password" }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task SignInLimit_IsNotEscaped_ByANewForwardedForPerRequest_WhenNoProxyIsTrusted()
    {
        using var client = new HttpClient { BaseAddress = fixture.Untrusting.BaseAddress };
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < ClientLimitsFixture.SignInLimit + 2; i++)
        {
            answers.Add(await PostSignInAsync(client, $"198.51.100.{i + 1}"));
        }

        // The first ones reach the form (refused there: no antiforgery token); after the limit the limiter answers.
        Assert.All(answers.Take(ClientLimitsFixture.SignInLimit), a => Assert.NotEqual(HttpStatusCode.TooManyRequests, a));
        Assert.All(answers.Skip(ClientLimitsFixture.SignInLimit), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        Assert.Contains("DisplacementDashboard.Security[1004]", await fixture.Untrusting.WaitForLogAsync(
            $"Sign-in attempts from 127.0.0.1 are over the limit of {ClientLimitsFixture.SignInLimit} a minute"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromATrustedProxy_EachClientHasItsOwnLimit_AndAnEntryForgedInFrontDoesNotHelp()
    {
        using var client = new HttpClient { BaseAddress = fixture.BehindProxy.BaseAddress };
        const string A = "203.0.113.10";
        const string B = "203.0.113.11";

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < ClientLimitsFixture.SignInLimit; i++)
        {
            first.Add(await PostSignInAsync(client, A));
        }

        // The proxy appends the address it saw; what a client wrote in front of it is ignored.
        var forged = await PostSignInAsync(client, $"192.0.2.{Random.Shared.Next(1, 250)}, {A}");
        var other = await PostSignInAsync(client, B);

        Assert.All(first, a => Assert.NotEqual(HttpStatusCode.TooManyRequests, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, forged);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other);
    }

    private static async Task<(HttpStatusCode Status, string? Token)> NegotiateAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("connectionToken").GetString());
    }

    /// <summary>A circuit's connection as blazor.web.js opens it: the WebSocket, then SignalR's handshake.</summary>
    private static async Task<ClientWebSocket> ConnectAsync(Uri baseAddress, string token, string forwardedFor)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        var address = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/_blazor", Query = "id=" + Uri.EscapeDataString(token) }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var reply = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, reply.Count));
        return socket;
    }

    [Fact]
    public async Task AClientAtItsCircuitCap_IsRefusedTheNext_WhileAnotherClientsPageWorks()
    {
        var app = fixture.BehindProxy;
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        const string Crowded = "198.51.100.200";
        var open = new List<ClientWebSocket>();
        try
        {
            // Tokens first (a token alone holds nothing), then one connection more than the cap.
            var tokens = new List<string>();
            for (var i = 0; i <= ClientLimitsFixture.CircuitLimit; i++)
            {
                var (status, token) = await NegotiateAsync(client, Crowded);
                Assert.Equal(HttpStatusCode.OK, status);
                tokens.Add(token!);
            }

            for (var i = 0; i < ClientLimitsFixture.CircuitLimit; i++)
            {
                open.Add(await ConnectAsync(app.BaseAddress, tokens[i], Crowded));
            }

            var refusedConnection = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(app.BaseAddress, tokens[^1], Crowded));
            var (refusedNegotiation, _) = await NegotiateAsync(client, Crowded);

            Assert.Contains("429", refusedConnection.Message, StringComparison.Ordinal);
            Assert.Contains("DisplacementDashboard.Security[5001]", await app.WaitForLogAsync($"Refused a live connection for {Crowded}: it already holds {ClientLimitsFixture.CircuitLimit} open circuits"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.TooManyRequests, refusedNegotiation);
            Assert.All(open, s => Assert.Equal(WebSocketState.Open, s.State));

            // Another client (this machine, no forwarded address) gets a working page: its circuit draws the chart.
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
            try
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync("/timeline");
                await Assertions.Expect(page.Locator(".apexcharts-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            }
            finally
            {
                await context.CloseAsync();
            }

            // Once the crowded client closes one circuit, it may open another.
            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            open[0].Dispose();
            open.RemoveAt(0);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpStatusCode again;
            do
            {
                (again, _) = await NegotiateAsync(client, Crowded);
                if (again == HttpStatusCode.OK)
                {
                    break;
                }

                await Task.Delay(100);
            }
            while (DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.OK, again);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }
}
