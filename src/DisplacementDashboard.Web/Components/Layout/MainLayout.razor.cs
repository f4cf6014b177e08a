using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Interfaces;

namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>
/// App bar, navigation drawer (overlay below md, persistent above) and the light/dark toggle. The theme's colours are
/// a static stylesheet (<see cref="ThemeStylesheet"/>) chosen by <c>html[data-theme]</c> or the system's
/// <c>prefers-color-scheme</c>; the layout only keeps which one shows, for the toggle's icon and label.
/// </summary>
public sealed partial class MainLayout : LayoutComponentBase, IAsyncDisposable
{
    private const string ThemeModule = "./js/theme.js";
    private MudDrawer? _drawer;
    private IJSObjectReference? _themeModule;
    private DotNetObjectReference<MainLayout>? _self;
    private bool _drawerOpen = true;
    private bool _isDark;
    private bool _followSystem = true;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    public ThemeChoice? Choice { get; set; }

    protected override void OnInitialized()
    {
        if (Choice?.Preference is { } preference)
        {
            _followSystem = false;
            _isDark = preference == "dark";
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _followSystem)
        {
            _themeModule ??= await JS.InvokeAsync<IJSObjectReference>("import", ThemeModule);
            _self = DotNetObjectReference.Create(this);
            var dark = await _themeModule.InvokeAsync<bool>("followSystem", _self);
            if (_followSystem && dark != _isDark)
            {
                _isDark = dark;
                StateHasChanged();
            }
        }
    }

    /// <summary>Called by theme.js when the system's light/dark preference changes while no choice is remembered.</summary>
    [JSInvokable]
    public Task SystemDarkModeChanged(bool dark)
    {
        if (_followSystem && dark != _isDark)
        {
            _isDark = dark;
            return InvokeAsync(StateHasChanged);
        }

        return Task.CompletedTask;
    }

    /// <summary>A public page's link keeps the instant the reader chose (<see cref="KnownWhen.KnownWhenQuery"/>).</summary>
    private string CarryKnownWhen(string href) =>
        KnownWhen.KnownWhenQuery.Honours(href.TrimStart('/')) ? KnownWhen.KnownWhenQuery.Carry(href, Navigation.Uri) : href;

    /// <summary>
    /// Whether <paramref name="href"/> is the page shown: the same path (<paramref name="exact"/>) or a path under it,
    /// the query and fragment ignored (NavLink's rules).
    /// </summary>
    private bool IsCurrent(string href, bool exact) => IsCurrent(Navigation.ToBaseRelativePath(Navigation.Uri), href, exact);

    internal static bool IsCurrent(string relativeUri, string href, bool exact)
    {
        var end = relativeUri.AsSpan().IndexOfAny('?', '#');
        var path = "/" + (end < 0 ? relativeUri : relativeUri[..end]).TrimEnd('/');
        var target = href.TrimEnd('/');
        if (target.Length == 0)
        {
            return path == "/";
        }

        return path.Equals(target, StringComparison.OrdinalIgnoreCase)
            || (!exact && path.StartsWith(target + "/", StringComparison.OrdinalIgnoreCase));
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    /// <summary>After a tap on a menu link: the drawer closes where it overlays the page (what MudNavLink does).</summary>
    private Task OnNavigatedAsync() => _drawer is INavigationEventReceiver receiver ? receiver.OnNavigation() : Task.CompletedTask;

    private async Task ToggleThemeAsync()
    {
        _isDark = !_isDark;
        _followSystem = false;
        _themeModule ??= await JS.InvokeAsync<IJSObjectReference>("import", ThemeModule);
        await _themeModule.InvokeVoidAsync("remember", _isDark ? "dark" : "light");
    }

    public async ValueTask DisposeAsync()
    {
        if (_themeModule is not null)
        {
            try
            {
                await _themeModule.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with the page.
            }
        }

        _self?.Dispose();
    }
}
