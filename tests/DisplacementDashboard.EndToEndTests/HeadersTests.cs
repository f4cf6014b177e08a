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
