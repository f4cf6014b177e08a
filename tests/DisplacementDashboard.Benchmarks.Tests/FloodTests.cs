using System.Net;
using System.Net.Sockets;
using System.Text;
using DisplacementDashboard.Benchmarks.Measurement;

namespace DisplacementDashboard.Benchmarks.Tests;

public sealed class FloodTallyTests
{
    [Fact]
    public void Judge_TenPassedInTheOnlyMinute_RestRefused_IsLimited()
    {
        var attempts = Posts(0, 10, 200).Concat(Posts(1, 500, 429)).ToList();

        var verdict = FloodTally.Judge(attempts, perMinute: 10);

        Assert.Equal(510, verdict.Total);
        Assert.Equal(500, verdict.Rejected);
        Assert.Equal(10, verdict.Passed);
        Assert.Equal(1, verdict.Windows);
        Assert.Equal(10, verdict.Allowed);
        Assert.Equal([10], verdict.PassedPerMinute);
        Assert.True(verdict.Limited);
    }

    [Fact]
    public void Judge_TwoAndAHalfMinutes_AllowTheLimitInEachOfThreeWindows()
    {
        var attempts = Posts(0, 10, 200).Concat(Posts(60.05, 10, 200)).Concat(Posts(120.05, 10, 200))
            .Concat(Posts(1, 100, 429)).Concat(Posts(150, 1, 429)).ToList();

        var verdict = FloodTally.Judge(attempts, perMinute: 10);

        Assert.Equal(3, verdict.Windows);
        Assert.Equal(30, verdict.Allowed);
        Assert.Equal([10, 10, 10], verdict.PassedPerMinute);
        Assert.True(verdict.Limited);
    }

    [Fact]
    public void Judge_MorePassedThanTheLimitAllows_IsNotLimited()
    {
        var attempts = Posts(0, 11, 200).Concat(Posts(1, 50, 429)).ToList();

        Assert.False(FloodTally.Judge(attempts, perMinute: 10).Limited);
    }

    [Fact]
    public void Judge_NothingRefused_IsNotLimited_EvenUnderTheLimit()
    {
        Assert.False(FloodTally.Judge(Posts(0, 5, 200).ToList(), perMinute: 10).Limited);
    }

    [Fact]
    public void Judge_AnyStatusButTooManyRequests_PassedTheLimiter()
    {
        var attempts = Posts(0, 4, 200).Concat(Posts(0.5, 3, 400)).Concat(Posts(1, 20, 429)).ToList();

        var verdict = FloodTally.Judge(attempts, perMinute: 10);

        Assert.Equal(7, verdict.Passed);
        Assert.Equal(new Dictionary<int, int> { [200] = 4, [400] = 3, [429] = 20 }, verdict.ByStatus);
    }

    [Fact]
    public void Judge_NoPosts_Throws()
    {
        Assert.Throws<ArgumentException>(() => FloodTally.Judge([], perMinute: 10));
    }

    private static IEnumerable<FloodAttempt> Posts(double atSeconds, int count, int status) =>
        Enumerable.Range(0, count).Select(i => new FloodAttempt(TimeSpan.FromSeconds(atSeconds + i * 0.001), status));
}

public sealed class LoopbackClientTests
{
    [Fact]
    public async Task Create_ConnectsFromTheGivenLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var remote = (IPEndPoint)socket.RemoteEndPoint!;
            var buffer = new byte[4096];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            return remote.Address;
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var client = LoopbackClient.Create(IPAddress.Parse("127.0.0.2"), new Uri($"http://127.0.0.1:{port}"));
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), await server);
    }
}
