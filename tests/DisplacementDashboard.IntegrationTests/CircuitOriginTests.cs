using System.Net;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Security:AllowedOrigins adds origins that may open a circuit; everything else foreign is refused.</summary>
public sealed class CircuitOriginTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("https://dashboard.example.org", HttpStatusCode.OK)]
    [InlineData("https://dashboard.example.org/", HttpStatusCode.OK)]
    [InlineData("https://other.example.org", HttpStatusCode.Forbidden)]
    [InlineData("http://dashboard.example.org", HttpStatusCode.Forbidden)]
    public async Task ConfiguredOrigin_MayNegotiate_OthersMayNot(string origin, HttpStatusCode expected)
    {
        await using var configured = factory.WithWebHostBuilder(b => b.UseSetting("Security:AllowedOrigins:0", "https://dashboard.example.org"));
        using var client = configured.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
