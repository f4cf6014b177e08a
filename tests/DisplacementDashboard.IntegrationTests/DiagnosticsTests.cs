using System.Net;
using System.Net.Http.Json;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Core.Editing;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task DashboardCache_AfterACommittedChange_LoadsAgain()
    {
        var dashboard = factory.Services.GetRequiredService<IDashboardService>();
        var notifier = factory.Services.GetRequiredService<FigureChangeNotifier>();
        Assert.IsType<CachedDashboardService>(dashboard);

        var first = await dashboard.GetAidAsync();
        Assert.Same(first, await dashboard.GetAidAsync());

        await notifier.NotifyAsync();

        Assert.NotSame(first, await dashboard.GetAidAsync());
    }

    private sealed record Reading(long Bytes, int Circuits);
}
