using System.Net;
using System.Net.Http.Json;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>The benchmark-only endpoints exist only behind Diagnostics:EnableBenchmarkEndpoints.</summary>
public sealed class DiagnosticsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/_diagnostics/memory")]
    [InlineData("/_diagnostics/counter")]
    public async Task BenchmarkEndpoint_ByDefault_IsNotFound(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("data-testid=\"increment\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchmarkEndpoints_WhenSwitchedOn_ReportMemoryAndServeTheCounter()
    {
        using var enabled = factory.WithWebHostBuilder(b => b.UseSetting("Diagnostics:EnableBenchmarkEndpoints", "true"));
        using var client = enabled.CreateClient();

        var reading = await client.GetFromJsonAsync<Reading>("/_diagnostics/memory");
        Assert.NotNull(reading);
        Assert.True(reading.Bytes > 0);
        Assert.Equal(0, reading.Circuits);
        Assert.Contains("data-testid=\"increment\"", await client.GetStringAsync("/_diagnostics/counter"), StringComparison.Ordinal);
    }

    private sealed record Reading(long Bytes, int Circuits);
}
