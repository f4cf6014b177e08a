using System.Security.Cryptography;

namespace DisplacementDashboard.Web.Hosting;

/// <summary>
/// The Content-Security-Policy on every response. Scripts run only from the app's own files, plus the one inline
/// element Blazor needs (the import map, which carries this response's nonce); nothing from another origin, no
/// <c>eval</c>, no inline event handlers, no plugins, no framing, and forms post only to the app.
/// </summary>
/// <remarks>
/// What each part is for:
/// <list type="bullet">
/// <item><c>script-src 'self' 'nonce-…'</c>: blazor.web.js, MudBlazor.min.js, reconnect.js and the JS modules
/// (apexChart.js, apexcharts.esm.js, theme.js) are files; the <c>&lt;script type="importmap"&gt;</c> that maps
/// their fingerprinted addresses is the only inline script, and it gets the nonce (App.razor).</item>
/// <item><c>style-src 'self' 'unsafe-inline'</c>: MudBlazor and apexcharts set <c>style</c> attributes and
/// apexcharts adds a <c>&lt;style&gt;</c> element; styles cannot run script, which is what the policy is for.</item>
/// <item><c>img-src 'self' data: blob:</c>: a chart's PNG download draws its SVG through a <c>data:</c> image onto a
/// canvas; downloads are <c>blob:</c> addresses.</item>
/// <item><c>connect-src 'self'</c>: the circuit's WebSocket goes to the same host (CSP 3 counts ws:/wss: of the
/// page's own host as 'self').</item>
/// </list>
/// </remarks>
public static class ContentSecurityPolicy
{
    private static readonly object NonceKey = new();

    /// <summary>This response's nonce for the import map; empty outside a request that went through the middleware.</summary>
    public static string NonceOf(HttpContext context) => context.Items[NonceKey] as string ?? "";

    /// <summary>The header's value for a nonce.</summary>
    public static string For(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>Gives each request a fresh nonce and sends the policy with its response (errors included).</summary>
    public static WebApplication UseContentSecurityPolicy(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                http.Response.Headers.ContentSecurityPolicy = For(NonceOf(http));
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}
