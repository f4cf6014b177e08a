using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// Which reverse proxies may tell the app the client's address and scheme (<c>X-Forwarded-For</c>,
/// <c>X-Forwarded-Proto</c>): only those listed under <c>Security:TrustedProxies</c>, as addresses (<c>127.0.0.1</c>)
/// or networks (<c>10.0.0.0/8</c>). None by default, so a client cannot pick its own address with a header and
/// escape the per-client limits (sign-in rate, circuits per client); behind a proxy, list the proxy's address.
/// From a trusted proxy only the last address of the header counts (the one that proxy appended), so entries a
/// client put in front of it are ignored too.
/// </summary>
public static class TrustedProxies
{
    public const string ConfigurationKey = "Security:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var entries = configuration.GetSection(ConfigurationKey).Get<string[]>() ?? [];
        var (proxies, networks) = Parse(entries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no known proxy and no known network the middleware would trust every sender, so with nothing
            // configured the headers are not read at all.
            o.ForwardedHeaders = proxies.Count + networks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            o.ForwardLimit = 1;
            // The framework trusts loopback unless told otherwise; here only what is configured counts.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>Reads the configured entries; a malformed one stops the start with its value named.</summary>
    public static (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks) Parse(IEnumerable<string> entries)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} holds \"{raw}\", which is neither an IP address (127.0.0.1) nor a network (10.0.0.0/8).");
            }
        }

        return (proxies, networks);
    }
}
