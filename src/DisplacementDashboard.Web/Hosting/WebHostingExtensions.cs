using DisplacementDashboard.Core.Accounts;
using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Web.Components;
using DisplacementDashboard.Web.Components.Layout;
using DisplacementDashboard.Web.Components.Shared;
using DisplacementDashboard.Web.Features.Api;
using DisplacementDashboard.Web.Features.Changes;
using DisplacementDashboard.Web.Features.Timeline;
using System.IO.Compression;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>The web app's wiring, kept out of Program.cs so it reads as a list of steps.</summary>
public static class WebHostingExtensions
{
    /// <summary>The health checks that decide readiness (the store).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Blazor Server, MudBlazor, compression and health checks.</summary>
    public static IServiceCollection AddDashboardFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();

        // Behind a reverse proxy, the client's address and scheme come from X-Forwarded-For/-Proto, but only from the
        // proxies listed in Security:TrustedProxies (none by default), so the per-client limits count real clients.
        services.AddTrustedProxies(configuration);
        // Security events (sign-in, refusals, imports, account changes) under one log category, with the client address.
        services.AddSecurityLog();

        // No "Server: Kestrel" header: it tells an attacker what to look up and tells a reader nothing.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        // Blazor Server with its limits set on purpose (CircuitLimits: retention, JS interop timeout, message size,
        // circuits per client).
        services.AddDashboardCircuits(configuration);
        services.AddMudServices();
        // The drawer's breakpoint with plain numbers over interop: MudBlazor's own viewport service cost about 110 KB of
        // server memory per open page in serializer metadata (Components/Layout/ViewportService.cs).
        services.Replace(ServiceDescriptor.Scoped<MudBlazor.IBrowserViewportService, ViewportService>());
        services.AddResponseCompression(o => o.EnableForHttps = true);
        // Pages are compressed as they are sent (static files are precompressed at build). The default level
        // (Fastest, brotli quality 1) leaves the prerendered /timeline at about 20 KB; Optimal costs about a
        // millisecond per page more and saves about a fifth of the bytes on every page view (docs/performance.md).
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        // Ready: the store answers a query on its own tables (a missing or replaced file fails it, not only a
        // connection that cannot open). Live: the process answers at all, with no check behind it.
        services.AddHealthChecks().AddDbContextCheck<DashboardDbContext>(
            "store",
            tags: [ReadyTag],
            customTestQuery: static async (db, cancellationToken) =>
            {
                await db.Sources.AsNoTracking().Select(s => s.Id).FirstOrDefaultAsync(cancellationToken);
                return true;
            });
        services.AddDashboardApi();

        // HTML and chart options that are the same for every viewer of a cached model, shared between circuits.
        services.AddSingleton<StaticMarkup>();
        services.AddSingleton<ThemeStylesheetSource>();
        services.AddSingleton<TimelineViews>();
        services.AddRequestLocalization(o =>
        {
            // Numbers and dates on screen follow the browser's language among these; files are always invariant.
            string[] cultures = ["en-GB", "en-US", "fr-FR", "de-DE", "ru-RU", "hy-AM"];
            o.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
        });
        return services;
    }

    /// <summary>
    /// Headers on every response, pages, API, files and errors alike (added as the response starts, so an error page
    /// that clears the headers still gets them): no MIME sniffing, no framing by other sites, the address sent to
    /// linked sites cut to the origin, and no camera, microphone, location or payment features for any script.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }

    /// <summary>The request pipeline: errors without stack traces, static assets, pages, health.</summary>
    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseContentSecurityPolicy();
        app.UseCircuitOriginCheck();
        app.UseCircuitLimits();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseResponseCompression();
        app.UseRequestLocalization();
        // A fresh scope for the re-executed /not-found page: a page that calls NavigationManager.NotFound() has already
        // initialised the request's navigation manager, and re-rendering in its scope fails with a 500.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapThemeStylesheet();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        // Liveness for a supervisor that restarts a hung process; readiness for a proxy or orchestrator that sends
        // traffic only to a node whose store answers. /healthz is the readiness check under its old address.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = static _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = static c => c.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = static c => c.Tags.Contains(ReadyTag) });
        app.MapDashboardApi();
        app.MapChangesFeed();
        return app;
    }

    /// <summary>
    /// The theme's stylesheet (<see cref="ThemeStylesheet"/>): cached for a year at its hashed address, revalidated
    /// (ETag) without the hash; compressed by the response compression above.
    /// </summary>
    private static void MapThemeStylesheet(this WebApplication app) =>
        app.MapGet(ThemeStylesheet.Path, async (HttpContext http, ThemeStylesheetSource source) =>
        {
            var sheet = await source.GetAsync();
            var etag = $"\"{sheet.Version}\"";
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = http.Request.Query["v"] == sheet.Version
                ? "public, max-age=31536000, immutable"
                : "no-cache";
            return http.Request.Headers.IfNoneMatch == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(sheet.Bytes, "text/css; charset=utf-8");
        }).ExcludeFromDescription(); // the theme stylesheet, not part of the read API (docs/api.md)

    /// <summary>Applies migrations and the idempotent seed before the app takes requests.</summary>
    public static async Task InitializeStoreAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DashboardDataOptions>>().Value.InitializeOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StaffDirectory>().EnsureRolesAsync();
        }
    }
}
