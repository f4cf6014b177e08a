namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// Which pages may open a Blazor circuit (<c>/_blazor</c>: negotiate, WebSocket, long polling): the app's own origin,
/// and the origins listed under <c>Security:AllowedOrigins</c> (for a public host name the app cannot see, when a
/// proxy rewrites the Host header). A browser always sends <c>Origin</c> with these requests; a foreign one is refused
/// with 403, so another site cannot drive a reader's or a signed-in editor's circuit (cross-site WebSocket hijacking).
/// A request without <c>Origin</c> is not from a page in a browser and carries no one else's cookies, so it passes.
/// </summary>
public static class CircuitOriginCheck
{
    public const string SectionName = "Security";

    /// <summary>The path Blazor Server's hub is mapped under.</summary>
    public const string HubPath = "/_blazor";

    public static WebApplication UseCircuitOriginCheck(this WebApplication app)
    {
        var configured = app.Configuration.GetSection($"{SectionName}:AllowedOrigins").Get<string[]>() ?? [];
        var allowed = new HashSet<string>(configured.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        var logger = SecurityLog.For(app.Services);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HubPath)
                && context.Request.Headers.Origin is { Count: > 0 } origin
                && !IsAllowed(origin.ToString(), context.Request, allowed))
            {
                SecurityLog.OriginRefused(logger, origin.ToString(), context.Request.Path.Value ?? "", SecurityLog.ClientOf(context));
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>Same scheme, host and port as the request (after forwarded headers), or configured.</summary>
    public static bool IsAllowed(string origin, HttpRequest request, IReadOnlySet<string> configured)
    {
        var own = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) || configured.Contains(origin.TrimEnd('/'));
    }
}
