using DisplacementDashboard.Core.Data;
using DisplacementDashboard.Web.Components;
using DisplacementDashboard.Web.Features.Api;
using Microsoft.Extensions.Options;
using Radzen;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>The web app's wiring, kept out of Program.cs so it reads as a list of steps.</summary>
public static class WebHostingExtensions
{
    /// <summary>Blazor Server, Radzen, compression and health checks.</summary>
    public static IServiceCollection AddDashboardFeatures(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddResponseCompression(o => o.EnableForHttps = true);
        services.AddHealthChecks().AddDbContextCheck<DashboardDbContext>("store");
        services.AddDashboardApi();
        services.AddRequestLocalization(o =>
        {
            // Numbers and dates on screen follow the browser's language among these; files are always invariant.
            string[] cultures = ["en-GB", "en-US", "fr-FR", "de-DE", "ru-RU", "hy-AM"];
            o.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
        });
        return services;
    }

    /// <summary>The request pipeline: errors without stack traces, static assets, pages, health.</summary>
    public static WebApplication UseDashboardPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseResponseCompression();
        app.UseRequestLocalization();
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHealthChecks("/healthz");
        app.MapDashboardApi();
        return app;
    }

    /// <summary>Applies migrations and the idempotent seed before the app takes requests.</summary>
    public static async Task InitializeStoreAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<DashboardDataOptions>>().Value.InitializeOnStartup)
        {
            await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        }
    }
}
