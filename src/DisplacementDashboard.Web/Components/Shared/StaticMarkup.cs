using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace DisplacementDashboard.Web.Components.Shared;

/// <summary>
/// Renders a component without interactivity to an HTML string, for content that is the same for every viewer
/// of a cached model (the timeline's tables). An open page then holds one markup frame that references the shared
/// string instead of its own render tree of every row and cell: the render tree is what each circuit keeps in
/// memory and diffs on every change (docs/performance.md: memory per open /timeline page). Only for components
/// without event handlers or injected per-user state; Razor still HTML-encodes every value.
/// </summary>
public sealed class StaticMarkup : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly HtmlRenderer _renderer;

    public StaticMarkup(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
    {
        // The renderer resolves scoped rendering services; it gets a scope of its own for the app's lifetime.
        _scope = scopes.CreateAsyncScope();
        _renderer = new HtmlRenderer(_scope.ServiceProvider, loggerFactory);
    }

    /// <summary>The component's HTML, its numbers and dates formatted in <paramref name="culture"/>.</summary>
    public Task<MarkupString> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?> parameters, CultureInfo culture)
        where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            // The renderer's dispatcher is shared by every caller: set the caller's culture for this render only.
            var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            try
            {
                var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary()));
                return new MarkupString(output.ToHtmlString());
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
                CultureInfo.CurrentUICulture = previousUi;
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _renderer.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
