using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Web.Features.Diagnostics;

/// <summary>
/// Switch for the endpoints the performance harness needs (tests/DisplacementDashboard.Benchmarks): a forced-GC
/// memory reading with the number of open circuits, and a minimal counter page as a baseline. Off by default;
/// never turn it on for a public server (a forced full GC on request is a denial-of-service lever).
/// </summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "Diagnostics";

    public bool EnableBenchmarkEndpoints { get; set; }
}

/// <summary>Counts open Blazor circuits (only registered when the switch is on).</summary>
public sealed class CircuitCounter
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    internal void Opened() => Interlocked.Increment(ref _open);

    internal void Closed() => Interlocked.Decrement(ref _open);
}

internal sealed class CountingCircuitHandler(CircuitCounter counter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Closed();
        return Task.CompletedTask;
    }
}

/// <summary>Wiring for the benchmark endpoints; both calls do nothing unless the switch is on.</summary>
public static class BenchmarkDiagnosticsExtensions
{
    /// <summary>Path prefix of everything the switch exposes.</summary>
    public const string PathPrefix = "/_diagnostics";

    public static IServiceCollection AddBenchmarkDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiagnosticsOptions>().Bind(configuration.GetSection(DiagnosticsOptions.SectionName));
        if (configuration.GetValue<bool>($"{DiagnosticsOptions.SectionName}:{nameof(DiagnosticsOptions.EnableBenchmarkEndpoints)}"))
        {
            services.AddSingleton<CircuitCounter>();
            services.AddScoped<CircuitHandler, CountingCircuitHandler>();
        }

        return services;
    }

    /// <summary>
    /// When on: GET /_diagnostics/memory returns the managed heap after a forced full GC and the open circuits;
    /// GET /_diagnostics/circuits returns the open circuits (no GC) and how long disconnected ones are kept, as
    /// configured (the soak waits that long before its last reading).
    /// When off: every /_diagnostics address answers 404, including the counter page (a routed component).
    /// </summary>
    public static WebApplication MapBenchmarkDiagnostics(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>($"{DiagnosticsOptions.SectionName}:{nameof(DiagnosticsOptions.EnableBenchmarkEndpoints)}"))
        {
            app.MapGet(PathPrefix + "/memory", (CircuitCounter circuits) =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return Results.Json(new MemoryReading(GC.GetTotalMemory(forceFullCollection: true), circuits.Open));
            });
            app.MapGet(PathPrefix + "/circuits", (CircuitCounter circuits, IOptions<CircuitOptions> options) =>
                Results.Json(new CircuitReading(
                    circuits.Open,
                    options.Value.DisconnectedCircuitRetentionPeriod.TotalSeconds,
                    options.Value.DisconnectedCircuitMaxRetained)));
        }
        else
        {
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(PathPrefix))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        return app;
    }
}

/// <summary>Managed bytes after a full collection, and open circuits.</summary>
public sealed record MemoryReading(long Bytes, int Circuits);

/// <summary>Open circuits (disconnected ones still retained included) and the retention the app runs with.</summary>
public sealed record CircuitReading(int Circuits, double DisconnectedRetentionSeconds, int DisconnectedMaxRetained);
