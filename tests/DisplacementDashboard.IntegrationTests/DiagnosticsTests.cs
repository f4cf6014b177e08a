using System.Net;
using System.Net.Http.Json;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>The benchmark-only endpoints exist only behind Diagnostics:EnableBenchmarkEndpoints.</summary>
public sealed class DiagnosticsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/_diagnostics/memory")]
    [InlineData("/_diagnostics/counter")]
    [InlineData("/_diagnostics/circuits")]
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

    [Fact]
    public async Task CircuitsEndpoint_WhenSwitchedOn_ReportsTheConfiguredRetention()
    {
        using var enabled = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Diagnostics:EnableBenchmarkEndpoints", "true");
            b.ConfigureTestServices(s => s.Configure<CircuitOptions>(o =>
            {
                o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(42);
                o.DisconnectedCircuitMaxRetained = 7;
            }));
        });
        using var client = enabled.CreateClient();

        var reading = await client.GetFromJsonAsync<CircuitReading>("/_diagnostics/circuits");
        Assert.Equal(new CircuitReading(0, 42, 7), reading);
    }

    private sealed record CircuitReading(int Circuits, double DisconnectedRetentionSeconds, int DisconnectedMaxRetained);

    private sealed record Reading(long Bytes, int Circuits);
}
