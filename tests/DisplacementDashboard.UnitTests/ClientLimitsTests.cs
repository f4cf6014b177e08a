using System.Net;
using DisplacementDashboard.Web.Hosting;

namespace DisplacementDashboard.UnitTests;

public sealed class TrustedProxiesTests
{
    [Fact]
    public void Parse_ReadsAddressesAndNetworks()
    {
        var (proxies, networks) = TrustedProxies.Parse(["127.0.0.1", " ::1 ", "10.0.0.0/8", "fd00::/8"]);

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], proxies);
        Assert.Equal(2, networks.Count);
        Assert.True(networks[0].Contains(IPAddress.Parse("10.20.30.40")));
        Assert.False(networks[0].Contains(IPAddress.Parse("11.0.0.1")));
    }

    [Theory]
    [InlineData("proxy.example.org")]
    [InlineData("10.0.0.0/33")]
    [InlineData("")]
    public void Parse_NamesAMalformedEntry(string entry)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TrustedProxies.Parse([entry]));

        Assert.Contains($"\"{entry}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(TrustedProxies.ConfigurationKey, error.Message, StringComparison.Ordinal);
    }
}

public sealed class CircuitCounterTests
{
    [Fact]
    public void TryOpen_StopsAtTheLimit_PerClient_AndCloseFreesAPlace()
    {
        var counter = new CircuitCounter();

        var opened = Enumerable.Range(0, 5).Select(_ => counter.TryOpen("a", 3)).ToList();
        var other = counter.TryOpen("b", 3);
        counter.Close("a");
        var again = counter.TryOpen("a", 3);

        Assert.Equal([true, true, true, false, false], opened);
        Assert.True(other);
        Assert.True(again);
        Assert.Equal(3, counter.Count("a"));
    }

    [Fact]
    public void AClientWithNoOpenCircuit_IsNotKept()
    {
        var counter = new CircuitCounter();
        counter.TryOpen("a", 3);
        counter.TryOpen("a", 3);

        counter.Close("a");
        counter.Close("a");
        counter.Close("a"); // one close too many changes nothing

        Assert.Equal(0, counter.Count("a"));
        Assert.Equal(0, counter.Clients);
    }

    [Fact]
    public async Task ConcurrentOpens_NeverExceedTheLimit()
    {
        var counter = new CircuitCounter();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => counter.TryOpen("a", 17))));

        Assert.Equal(17, results.Count(r => r));
        Assert.Equal(17, counter.Count("a"));
    }
}

public sealed class RateLimitLogThrottleTests
{
    [Fact]
    public void ASecondRefusalWithinAMinute_IsNotLoggedAgain_ButAfterAMinuteItIs()
    {
        var client = $"192.0.2.{Random.Shared.Next(1, 250)}-{Guid.NewGuid():N}";
        var start = new DateTime(2026, 12, 2, 5, 0, 0, DateTimeKind.Utc);

        var first = RateLimitLogThrottle.ShouldLog(client, start);
        var soon = RateLimitLogThrottle.ShouldLog(client, start.AddSeconds(30));
        var other = RateLimitLogThrottle.ShouldLog(client + "-other", start.AddSeconds(30));
        var later = RateLimitLogThrottle.ShouldLog(client, start.AddSeconds(61));

        Assert.True(first);
        Assert.False(soon);
        Assert.True(other);
        Assert.True(later);
    }
}
