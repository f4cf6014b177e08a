using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace DisplacementDashboard.Web.Components.Shared;

/// <summary>One component to render to static HTML, with its parameters.</summary>
public sealed record MarkupPiece(Type Component, IReadOnlyDictionary<string, object?> Parameters)
{
    public static MarkupPiece Of<TComponent>(IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent => new(typeof(TComponent), parameters);
}

/// <summary>
/// Renders components without interactivity to HTML strings, for content that is the same for every viewer of a
/// cached model (the timeline's tables). An open page then holds one markup frame that references the shared string
/// instead of its own render tree of every row and cell: the render tree is what each circuit keeps in memory and
/// diffs on every change (docs/performance.md: memory per open /timeline page). Only for components without event
/// handlers or injected per-user state; Razor still HTML-encodes every value.
/// </summary>
/// <remarks>
/// Each call renders its pieces in a renderer of its own and disposes it before returning. A renderer keeps every root
/// component it rendered (and so the component's parameters: a whole timeline model) until it is disposed, and
/// <see cref="HtmlRenderer"/> cannot remove one; an app-lifetime renderer kept every model ever rendered (issue 11:
/// +2 GB after 10,000 distinct windows). The renderers share one service scope for the app's lifetime: the rendering
/// services they resolve from it hold no per-render state.
/// </remarks>
public sealed class StaticMarkup : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly ILoggerFactory _loggerFactory;

    public StaticMarkup(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
    {
        _scope = scopes.CreateAsyncScope();
        _loggerFactory = loggerFactory;
    }

    /// <summary>The component's HTML, its numbers and dates formatted in <paramref name="culture"/>.</summary>
    public async Task<MarkupString> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?> parameters, CultureInfo culture)
        where TComponent : IComponent =>
        (await RenderAllAsync(culture, MarkupPiece.Of<TComponent>(parameters)))[0];

    /// <summary>Each piece's HTML, in order, formatted in <paramref name="culture"/>; one renderer for all of them.</summary>
    public async Task<MarkupString[]> RenderAllAsync(CultureInfo culture, params MarkupPiece[] pieces)
    {
        await using var renderer = new HtmlRenderer(_scope.ServiceProvider, _loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            // The renderer's dispatcher runs on the caller's thread pool: set the caller's culture for these renders only.
            var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            try
            {
                var html = new MarkupString[pieces.Length];
                for (var i = 0; i < pieces.Length; i++)
                {
                    var output = await renderer.RenderComponentAsync(
                        pieces[i].Component, ParameterView.FromDictionary(pieces[i].Parameters.ToDictionary()));
                    html[i] = new MarkupString(output.ToHtmlString());
                }

                return html;
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
                CultureInfo.CurrentUICulture = previousUi;
            }
        });
    }

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
