using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>App bar, navigation drawer (overlay below md, persistent above) and the light/dark theme.</summary>
public sealed partial class MainLayout : LayoutComponentBase, IAsyncDisposable
{
    private MudThemeProvider? _themeProvider;
    private IJSObjectReference? _themeModule;
    private bool _drawerOpen = true;
    private bool _isDark;
    private bool _followSystem = true;

    [Inject]
    public required IJSRuntime JS { get; init; }

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
        if (firstRender && _followSystem && _themeProvider is not null)
        {
            _isDark = await _themeProvider.GetSystemDarkModeAsync();
            await _themeProvider.WatchSystemDarkModeAsync(OnSystemDarkModeChanged);
            StateHasChanged();
        }
    }

    private Task OnSystemDarkModeChanged(bool dark)
    {
        if (_followSystem)
        {
            _isDark = dark;
            return InvokeAsync(StateHasChanged);
        }

        return Task.CompletedTask;
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleThemeAsync()
    {
        _isDark = !_isDark;
        _followSystem = false;
        _themeModule ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/theme.js");
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
    }
}
