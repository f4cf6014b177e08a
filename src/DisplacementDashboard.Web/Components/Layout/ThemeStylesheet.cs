using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>
/// The theme's CSS (MudBlazor's <c>--mud-*</c> variables for light and dark), rendered once at startup by
/// <c>MudThemeProvider</c> itself and served as one cacheable file, instead of a <c>MudThemeProvider</c> in every
/// circuit (about 15 KB of style text per page, kept in each circuit's render tree and sent in every page's HTML).
/// Light is the default; <c>html[data-theme=dark]</c> (the remembered cookie, or the toggle) switches to dark, and
/// without a choice <c>prefers-color-scheme: dark</c> does.
/// </summary>
public sealed class ThemeStylesheet
{
    /// <summary>Where the file is served; <see cref="Href"/> adds the content hash.</summary>
    public const string Path = "/css/theme.css";

    private ThemeStylesheet(string css)
    {
        Css = css;
        Bytes = Encoding.UTF8.GetBytes(css);
        Version = Convert.ToHexStringLower(SHA256.HashData(Bytes))[..12];
    }

    /// <summary>The whole stylesheet.</summary>
    public string Css { get; }

    /// <summary>The stylesheet as UTF-8.</summary>
    public byte[] Bytes { get; }

    /// <summary>A hash of the content: a new theme gets a new address, so the file can be cached for a year.</summary>
    public string Version { get; }

    /// <summary>The address to link, with the content hash.</summary>
    public string Href => $"{Path.TrimStart('/')}?v={Version}";

    /// <summary>Renders <c>MudThemeProvider</c> for light and dark with a static HTML renderer (no circuit, no JS).</summary>
    internal static async Task<ThemeStylesheet> BuildAsync(IServiceProvider services, ILoggerFactory loggers, MudTheme theme)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var light = await RenderAsync(renderer, theme, dark: false);
        var dark = await RenderAsync(renderer, theme, dark: true);
        return new ThemeStylesheet(Compose(light, dark));
    }

    /// <summary>
    /// Light as rendered (its <c>:root</c> block and the provider's other rules), then dark's <c>:root</c> block twice:
    /// under <c>html[data-theme=dark]</c>, and under <c>prefers-color-scheme: dark</c> unless light was chosen.
    /// </summary>
    public static string Compose(string lightHtml, string darkHtml)
    {
        var light = StyleText(lightHtml);
        var darkRoot = RootBlock(StyleText(darkHtml));
        var sb = new StringBuilder(light.Length + (2 * darkRoot.Length) + 200);
        sb.Append(light).Append('\n');
        sb.Append(":root[data-theme=dark]{").Append(darkRoot).Append("}\n");
        sb.Append("@media (prefers-color-scheme: dark){:root:not([data-theme=light]){").Append(darkRoot).Append("}}\n");
        return sb.ToString();
    }

    private static async Task<string> RenderAsync(HtmlRenderer renderer, MudTheme theme, bool dark) =>
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });

    /// <summary>The text of every <c>style</c> element, in order.</summary>
    private static string StyleText(string html)
    {
        var sb = new StringBuilder(html.Length);
        var at = 0;
        while ((at = html.IndexOf("<style", at, StringComparison.Ordinal)) >= 0)
        {
            var start = html.IndexOf('>', at) + 1;
            var end = html.IndexOf("</style>", start, StringComparison.Ordinal);
            sb.Append(html, start, end - start).Append('\n');
            at = end;
        }

        return sb.ToString();
    }

    /// <summary>The declarations inside the first <c>:root { ... }</c> block.</summary>
    private static string RootBlock(string css)
    {
        var root = css.IndexOf(":root", StringComparison.Ordinal);
        if (root < 0)
        {
            throw new InvalidOperationException("MudThemeProvider rendered no :root block.");
        }

        var open = css.IndexOf('{', root) + 1;
        var close = css.IndexOf('}', open);
        return css[open..close];
    }
}

/// <summary>The app's one <see cref="ThemeStylesheet"/>, built on first use and shared by every request.</summary>
public sealed class ThemeStylesheetSource(IServiceProvider services, ILoggerFactory loggers)
{
    private readonly Lazy<Task<ThemeStylesheet>> _sheet =
        new(() => ThemeStylesheet.BuildAsync(services, loggers, DashboardTheme.Theme), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The stylesheet of <see cref="DashboardTheme.Theme"/>.</summary>
    public Task<ThemeStylesheet> GetAsync() => _sheet.Value;
}
