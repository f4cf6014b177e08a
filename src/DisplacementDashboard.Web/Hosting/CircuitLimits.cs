using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// The limits of live connections (Blazor circuits), under <c>Circuits</c> in configuration. Each is set here on
/// purpose rather than left to the framework's default, with the reason beside it.
/// </summary>
public sealed class CircuitLimitOptions
{
    public const string SectionName = "Circuits";

    /// <summary>
    /// Open circuits one client address may hold at once; the next is refused with 429 until one closes. A circuit
    /// costs the server about half a megabyte (docs/performance.md), so this caps what one address can take. An
    /// office or newsroom behind one NAT address shares it: 30 open tabs is well above one team's use.
    /// </summary>
    public int MaxPerClient { get; set; } = 30;

    /// <summary>
    /// How long a circuit whose connection dropped is kept so the page can reconnect without losing its state
    /// (a phone going through a tunnel). Three minutes, the framework's default, chosen: longer keeps memory for
    /// tabs that are gone.
    /// </summary>
    public int DisconnectedRetentionSeconds { get; set; } = 180;

    /// <summary>At most this many disconnected circuits are kept at once; the oldest are dropped first.</summary>
    public int DisconnectedMaxRetained { get; set; } = 100;

    /// <summary>
    /// A call into the browser (drawing a chart, a download) that has not answered in this time fails, so a tab
    /// that stopped responding cannot hold server work forever. 30 s: the slowest chart draw measured on a slow
    /// phone link is under 10 s.
    /// </summary>
    public int JsInteropTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The largest message a browser may send over the circuit. 32 KB, the framework's default: file uploads
    /// stream in chunks below it, and nothing else the app receives comes near it.
    /// </summary>
    public int MaxReceiveMessageKilobytes { get; set; } = 32;
}

/// <summary>Applies <see cref="CircuitLimitOptions"/> and counts open circuits per client address.</summary>
public static class CircuitLimits
{
    public static IServiceCollection AddDashboardCircuits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(CircuitLimitOptions.SectionName).Get<CircuitLimitOptions>() ?? new CircuitLimitOptions();
        if (limits.MaxPerClient < 1 || limits.DisconnectedRetentionSeconds < 0 || limits.DisconnectedMaxRetained < 0
            || limits.JsInteropTimeoutSeconds < 1 || limits.MaxReceiveMessageKilobytes < 1)
        {
            throw new InvalidOperationException(
                $"{CircuitLimitOptions.SectionName}: MaxPerClient, JsInteropTimeoutSeconds and MaxReceiveMessageKilobytes must be at least 1, the others at least 0.");
        }

        services.AddSingleton(limits);
        services.AddSingleton<CircuitCounter>();
        services.AddRazorComponents()
            .AddInteractiveServerComponents(o =>
            {
                o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(limits.DisconnectedRetentionSeconds);
                o.DisconnectedCircuitMaxRetained = limits.DisconnectedMaxRetained;
                o.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(limits.JsInteropTimeoutSeconds);
            })
            .AddHubOptions(o => o.MaximumReceiveMessageSize = limits.MaxReceiveMessageKilobytes * 1024L);
        return services;
    }

    /// <summary>
    /// Refuses a client's new circuit (the negotiate request, and the connection itself) with 429 while it already
    /// holds <see cref="CircuitLimitOptions.MaxPerClient"/>. A circuit is counted for as long as its connection
    /// request is open (a WebSocket or server-sent events stream; a long poll while it waits). The client address is
    /// the one after <see cref="TrustedProxies"/>.
    /// </summary>
    public static WebApplication UseCircuitLimits(this WebApplication app)
    {
        var counter = app.Services.GetRequiredService<CircuitCounter>();
        var limit = app.Services.GetRequiredService<CircuitLimitOptions>().MaxPerClient;
        var logger = SecurityLog.For(app.Services);
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var connects = HttpMethods.IsGet(context.Request.Method) && path.Equals(CircuitOriginCheck.HubPath, StringComparison.OrdinalIgnoreCase);
            var negotiates = path.Equals(CircuitOriginCheck.HubPath + "/negotiate", StringComparison.OrdinalIgnoreCase);
            if (!connects && !negotiates)
            {
                await next(context);
                return;
            }

            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (negotiates)
            {
                if (counter.Count(client) >= limit)
                {
                    Refuse(context, logger, client, limit);
                    return;
                }

                await next(context);
                return;
            }

            if (!counter.TryOpen(client, limit))
            {
                Refuse(context, logger, client, limit);
                return;
            }

            try
            {
                await next(context);
            }
            finally
            {
                counter.Close(client);
            }
        });
        return app;
    }

    private static void Refuse(HttpContext context, ILogger logger, string client, int limit)
    {
        SecurityLog.CircuitRefused(logger, client, limit);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
    }
}

/// <summary>Open circuits per client address; thread-safe, and an address with none is not kept.</summary>
public sealed class CircuitCounter
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Count(string client) => _open.TryGetValue(client, out var count) ? count : 0;

    /// <summary>Counts one more open circuit for <paramref name="client"/>, unless it already holds <paramref name="limit"/>.</summary>
    public bool TryOpen(string client, int limit)
    {
        while (true)
        {
            if (_open.TryGetValue(client, out var count))
            {
                if (count >= limit)
                {
                    return false;
                }

                if (_open.TryUpdate(client, count + 1, count))
                {
                    return true;
                }
            }
            else if (_open.TryAdd(client, 1))
            {
                return true;
            }
        }
    }

    public void Close(string client)
    {
        while (_open.TryGetValue(client, out var count))
        {
            if (count <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(client, count)) : _open.TryUpdate(client, count - 1, count))
            {
                return;
            }
        }
    }

    /// <summary>Addresses holding at least one circuit (for the diagnostics and the tests).</summary>
    public int Clients => _open.Count;
}
