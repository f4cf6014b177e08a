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
