using System.Net;
using DisplacementDashboard.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DisplacementDashboard.IntegrationTests;

/// <summary>Liveness answers while the process runs; readiness only while the store answers a query.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly DashboardFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LiveAndReady_AreHealthy_WhileTheStoreAnswers()
    {
        using var client = _factory.CreateClient();

        foreach (var path in new[] { "/healthz/live", "/healthz/ready", "/healthz" })
        {
            var (status, body) = await GetAsync(client, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", body);
        }
    }

    [Fact]
    public async Task Ready_Fails_WhenTheStoreIsGone_WhileLiveStillAnswers()
    {
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz/ready")).Status);

        // The store file replaced by nothing: a new connection opens an empty file with none of the app's tables.
        SqliteConnection.ClearAllPools();
        File.Move(_factory.DatabasePath, _factory.DatabasePath + ".moved");
        foreach (var side in new[] { "-wal", "-shm" })
        {
            if (File.Exists(_factory.DatabasePath + side))
            {
                File.Move(_factory.DatabasePath + side, _factory.DatabasePath + ".moved" + side);
            }
        }

        var ready = await GetAsync(client, "/healthz/ready");
        var live = await GetAsync(client, "/healthz/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("Unhealthy", ready.Body);
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("Healthy", live.Body);
    }
}
