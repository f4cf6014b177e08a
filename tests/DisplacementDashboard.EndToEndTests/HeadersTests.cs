using System.Net;
using DisplacementDashboard.EndToEndTests.Infrastructure;

namespace DisplacementDashboard.EndToEndTests;

/// <summary>Response headers as Kestrel sends them over real HTTP (the in-memory test server adds no Server header).</summary>
public sealed class HeadersTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/timeline", HttpStatusCode.OK)]
    [InlineData("/api/figures?limit=1", HttpStatusCode.OK)]
    [InlineData("/api/export/figures.csv", HttpStatusCode.OK)]
    [InlineData("/css/app.css", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/sources/999999", HttpStatusCode.NotFound)]
    public async Task EveryResponse_CarriesTheSecurityHeaders_AndNoServerHeader(string path, HttpStatusCode status)
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };

        using var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), $"{path} sent Server: {string.Join(", ", response.Headers.TryGetValues("Server", out var v) ? v : [])}");
    }
}

/// <summary>Only the app's own pages (or configured origins) may open a circuit: cross-site WebSocket hijacking.</summary>
public sealed class CircuitOriginTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Foreign = "http://evil.example";

    private string Own => fixture.App.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<HttpResponseMessage> NegotiateAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private async Task<System.Net.WebSockets.ClientWebSocket> ConnectAsync(string token, string origin)
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        var address = new UriBuilder(fixture.App.BaseAddress) { Scheme = "ws", Path = "/_blazor", Query = "id=" + Uri.EscapeDataString(token) }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);
        return socket;
    }

    [Fact]
    public async Task Negotiate_FromAForeignOrigin_Is403_FromTheAppsOwn_Is200()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };

        using var foreign = await NegotiateAsync(client, Foreign);
        using var own = await NegotiateAsync(client, Own);

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("DisplacementDashboard.Security[5002]", await fixture.App.WaitForLogAsync($"Refused a live connection from origin {Foreign} for /_blazor/negotiate (client 127.0.0.1)"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocketUpgrade_FromAForeignOrigin_IsRefused_FromTheAppsOwn_Opens()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var negotiated = await NegotiateAsync(client, Own);
        using var json = System.Text.Json.JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("connectionToken").GetString()!;

        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => ConnectAsync(token, Foreign));
        using var opened = await ConnectAsync(token, Own);

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, opened.State);
        await opened.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }
}

/// <summary>
/// The Content-Security-Policy in a real browser: the app's pages, charts, downloads and staff forms work under it
/// without one violation, and a script injected inline is refused.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // Every violation the browser reports, kept on window so the test can read them after each step.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
        """;

    private static async Task<string[]> ViolationsAsync(WatchedPage watched) =>
        await watched.Page.EvaluateAsync<string[]>("() => window.__cspViolations ?? ['(recorder missing)']");

    [Fact]
    public async Task Pages_ChartsAndDownloads_WorkUnderThePolicy_WithoutAViolation()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Context.AddInitScriptAsync(RecordViolations);
        var seen = new List<string>();

        foreach (var path in new[] { "/", "/timeline", "/shelter", "/aid", "/figures?pageSize=10", "/export" })
        {
            await watched.GotoAsync(path);
            if (path is "/timeline" or "/shelter")
            {
                // The chart is drawn by apexcharts (a module under the import map) and its PNG goes through a data: image.
                await Microsoft.Playwright.Assertions.Expect(watched.Page.Locator(".apexcharts-svg").First).ToBeVisibleAsync();
                var chart = path == "/timeline" ? "timeline" : "shelter";
                var download = await watched.Page.RunAndWaitForDownloadAsync(() => watched.Page.GetByTestId($"{chart}-png").ClickAsync());
                Assert.EndsWith(".png", download.SuggestedFilename, StringComparison.Ordinal);
            }

            seen.AddRange((await ViolationsAsync(watched)).Select(v => $"{path}: {v}"));
        }

        // Staff pages: sign-in (a static form posting to the app) and the interactive import page.
        await watched.SignInAsync("/import");
        seen.AddRange((await ViolationsAsync(watched)).Select(v => $"/import: {v}"));

        Assert.True(seen.Count == 0, string.Join(Environment.NewLine, seen));
        Assert.True(watched.Problems.Count == 0, string.Join(Environment.NewLine, watched.Problems));
    }

    [Fact]
    public async Task AnInjectedInlineScript_IsRefused_WhileTheAppsOwnScriptsRun()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Context.AddInitScriptAsync(RecordViolations);
        await watched.GotoAsync("/timeline");

        // What an HTML injection would do: add an inline script and an inline event handler to the page.
        var ran = await watched.Page.EvaluateAsync<bool>("""
            () => {
              window.__injected = false;
              const script = document.createElement('script');
              script.textContent = 'window.__injected = true;';
              document.body.appendChild(script);
              const img = document.createElement('img');
              img.setAttribute('onerror', 'window.__injected = true;');
              img.src = 'data:,not-an-image';
              document.body.appendChild(img);
              return window.__injected;
            }
            """);
        await watched.Page.WaitForFunctionAsync("() => window.__cspViolations.length >= 2");

        Assert.False(ran);
        Assert.False(await watched.Page.EvaluateAsync<bool>("() => window.__injected"));
        var violations = await ViolationsAsync(watched);
        Assert.All(violations, v => Assert.StartsWith("script-src", v, StringComparison.Ordinal));
        // Blazor itself is running (the circuit drew the chart), so the policy did not stop the app's own scripts.
        await Microsoft.Playwright.Assertions.Expect(watched.Page.Locator(".apexcharts-svg").First).ToBeVisibleAsync();
    }
}

/// <summary>Refused authorization is in the security log with the client's address, over HTTP and in a circuit.</summary>
public sealed class SecurityLogTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AStaffPageRequestedAnonymously_IsLoggedAsRefused_WithTheClientAddress()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };

        using var response = await client.GetAsync("/figures/new");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var logged = await fixture.App.WaitForLogAsync("Refused GET /figures/new to an anonymous visitor from 127.0.0.1: not signed in");
        Assert.Contains("DisplacementDashboard.Security[2001]", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStaffPageReachedByALinkInsideTheApp_IsLoggedAsRefused_FromTheCircuit()
    {
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.GotoAsync("/figures");

        // Followed inside the running app (no HTTP request for the page): the router refuses it in the circuit.
        await watched.Page.EvaluateAsync("() => Blazor.navigateTo('/import')");
        await watched.Page.WaitForURLAsync("**/account/login**");

        Assert.Contains("DisplacementDashboard.Security[2001]", await fixture.App.WaitForLogAsync("Refused /import to an anonymous visitor from 127.0.0.1: not signed in"), StringComparison.Ordinal);
    }
}

/// <summary>Sign-in, sign-out and their failures in the security log, through the real pages.</summary>
public sealed class SignInLogTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignInFailedSucceededAndSignedOut_AreLogged_WithTheAccountAndAddress_AndNoPassword()
    {
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
        await using var watched = await WatchedPage.OpenAsync(fixture);
        await watched.Page.GotoAsync("/account/login");
        await watched.Page.Locator("#email").FillAsync(unknown);
        await watched.Page.Locator("#password").FillAsync("a wrong password typed");
        await watched.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var failed = await fixture.App.WaitForLogAsync($"Sign-in failed for {unknown} from 127.0.0.1: unknown account or wrong password");

        await watched.SignInAsync("/figures");
        var succeeded = await fixture.App.WaitForLogAsync($"Sign-in succeeded for {BrowserFixture.AdminEmail} from 127.0.0.1");
        await watched.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await watched.Page.WaitForURLAsync("**/account/signed-out");
        var signedOut = await fixture.App.WaitForLogAsync($"{BrowserFixture.AdminEmail} signed out from 127.0.0.1; every session of the account ended");

        Assert.Contains("DisplacementDashboard.Security[1002]", failed, StringComparison.Ordinal);
        Assert.Contains("DisplacementDashboard.Security[1001]", succeeded, StringComparison.Ordinal);
        Assert.Contains("DisplacementDashboard.Security[1005]", signedOut, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.App.Output, line => line.Contains("a wrong password typed", StringComparison.Ordinal) || line.Contains(BrowserFixture.AdminPassword, StringComparison.Ordinal));
    }
}
