using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;

namespace DisplacementDashboard.Web.Components.Layout;

/// <summary>
/// MudBlazor's <see cref="IBrowserViewportService"/> (what <c>MudDrawer</c> asks for the window's breakpoint) with only
/// plain numbers crossing JS interop (<c>wwwroot/js/viewport.js</c>). MudBlazor's own service sends its option and
/// size objects, and every circuit's interop serializer builds its own reflection metadata for each such type, dozens of
/// emitted accessors per circuit: about 110 KB of server memory per open page for the drawer alone
/// (docs/performance.md, issue 9). The rules are MudBlazor's: breakpoints from the window width
/// (<see cref="DefaultBreakpoints"/>, or <see cref="ResizeOptions.BreakpointDefinitions"/> where set), an observer with
/// <see cref="ResizeOptions.NotifyOnBreakpointOnly"/> told only when the breakpoint changes, a subscription with
/// <c>fireImmediately</c> told the current size at once.
/// </summary>
public sealed class ViewportService : IBrowserViewportService
{
    private const string Module = "./js/viewport.js";

    /// <summary>MudBlazor's default breakpoints: the lowest window width (CSS px) of each.</summary>
    public static readonly IReadOnlyDictionary<Breakpoint, int> DefaultBreakpoints = new Dictionary<Breakpoint, int>
    {
        [Breakpoint.Xxl] = 2560,
        [Breakpoint.Xl] = 1920,
        [Breakpoint.Lg] = 1280,
        [Breakpoint.Md] = 960,
        [Breakpoint.Sm] = 600,
        [Breakpoint.Xs] = 0,
    };

    private static readonly Breakpoint[] Descending = [Breakpoint.Xxl, Breakpoint.Xl, Breakpoint.Lg, Breakpoint.Md, Breakpoint.Sm];

    private readonly IJSRuntime _js;
    private readonly Dictionary<Guid, Subscription> _observers = [];
    private readonly Guid _listenerId = Guid.NewGuid();
    private readonly string _listenerKey;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ViewportService>? _self;
    private BrowserWindowSize? _latest;
    private int _listeningRate;
    private bool _disposed;

    public ViewportService(IJSRuntime js, IOptions<ResizeOptions>? options = null)
    {
        _js = js;
        ResizeOptions = options?.Value ?? new ResizeOptions();
        _listenerKey = _listenerId.ToString("N");
    }

    public ResizeOptions ResizeOptions { get; }

    /// <summary>The breakpoint a window <paramref name="width"/> pixels wide is in.</summary>
    public static Breakpoint BreakpointOf(int width, IReadOnlyDictionary<Breakpoint, int>? definitions = null)
    {
        definitions ??= DefaultBreakpoints;
        foreach (var breakpoint in Descending)
        {
            if (width >= (definitions.TryGetValue(breakpoint, out var min) ? min : DefaultBreakpoints[breakpoint]))
            {
                return breakpoint;
            }
        }

        return Breakpoint.Xs;
    }

    public async Task SubscribeAsync(IBrowserViewportObserver observer, bool fireImmediately = true)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (_disposed)
        {
            return;
        }

        var options = observer.ResizeOptions ?? ResizeOptions;
        var known = _observers.ContainsKey(observer.Id);
        _observers[observer.Id] = new Subscription(observer, options, null);
        await ListenAsync(Math.Max(options.ReportRate, 0));
        if (!known && fireImmediately)
        {
            var size = await GetCurrentBrowserWindowSizeAsync();
            var breakpoint = BreakpointOf(size.Width, Definitions(options));
            _observers[observer.Id] = new Subscription(observer, options, breakpoint);
            await observer.NotifyBrowserViewportChangeAsync(new BrowserViewportEventArgs(_listenerId, size, breakpoint, isImmediate: true));
        }
    }

    public Task SubscribeAsync(Guid observerId, Action<BrowserViewportEventArgs> lambda, ResizeOptions? options = null, bool fireImmediately = true)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        return SubscribeAsync(new LambdaObserver(observerId, options, e =>
        {
            lambda(e);
            return Task.CompletedTask;
        }), fireImmediately);
    }

    public Task SubscribeAsync(Guid observerId, Func<BrowserViewportEventArgs, Task> lambda, ResizeOptions? options = null, bool fireImmediately = true)
    {
        ArgumentNullException.ThrowIfNull(lambda);
        return SubscribeAsync(new LambdaObserver(observerId, options, lambda), fireImmediately);
    }

    public Task UnsubscribeAsync(IBrowserViewportObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return UnsubscribeAsync(observer.Id);
    }

    public async Task UnsubscribeAsync(Guid observerId)
    {
        if (_observers.Remove(observerId) && _observers.Count == 0 && _module is not null && !_disposed)
        {
            _listeningRate = 0;
            await Quietly(() => _module.InvokeVoidAsync("cancel", _listenerKey));
        }
    }

    public async Task<bool> IsMediaQueryMatchAsync(string mediaQuery) =>
        await (await ModuleAsync()).InvokeAsync<bool>("matches", mediaQuery);

    public async Task<bool> IsBreakpointWithinWindowSizeAsync(Breakpoint breakpoint) => breakpoint switch
    {
        Breakpoint.None => false,
        Breakpoint.Always => true,
        _ => await IsBreakpointWithinReferenceSizeAsync(breakpoint, await GetCurrentBreakpointAsync()),
    };

    public Task<bool> IsBreakpointWithinReferenceSizeAsync(Breakpoint breakpoint, Breakpoint reference) =>
        Task.FromResult(Within(breakpoint, reference));

    /// <summary>MudBlazor's rule: whether a window in <paramref name="reference"/> meets <paramref name="breakpoint"/>.</summary>
    public static bool Within(Breakpoint breakpoint, Breakpoint reference) => breakpoint switch
    {
        Breakpoint.None => false,
        Breakpoint.Always => true,
        Breakpoint.Xs or Breakpoint.Sm or Breakpoint.Md or Breakpoint.Lg or Breakpoint.Xl or Breakpoint.Xxl => reference == breakpoint,
        Breakpoint.SmAndDown => reference <= Breakpoint.Sm,
        Breakpoint.MdAndDown => reference <= Breakpoint.Md,
        Breakpoint.LgAndDown => reference <= Breakpoint.Lg,
        Breakpoint.XlAndDown => reference <= Breakpoint.Xl,
        Breakpoint.SmAndUp => reference >= Breakpoint.Sm,
        Breakpoint.MdAndUp => reference >= Breakpoint.Md,
        Breakpoint.LgAndUp => reference >= Breakpoint.Lg,
        Breakpoint.XlAndUp => reference >= Breakpoint.Xl,
        _ => false,
    };

    public async Task<Breakpoint> GetCurrentBreakpointAsync()
    {
        // While something listens, the last reported size is current; otherwise ask the browser.
        var size = _latest is not null && _observers.Count > 0 ? _latest : await GetCurrentBrowserWindowSizeAsync();
        return BreakpointOf(size.Width, Definitions(ResizeOptions));
    }

    public async Task<BrowserWindowSize> GetCurrentBrowserWindowSizeAsync()
    {
        var size = await (await ModuleAsync()).InvokeAsync<int[]>("size");
        _latest = new BrowserWindowSize { Width = size[0], Height = size[1] };
        return _latest;
    }

    /// <summary>Called by viewport.js when the window has been resized.</summary>
    [JSInvokable]
    public async Task OnResized(int width, int height)
    {
        _latest = new BrowserWindowSize { Width = width, Height = height };
        foreach (var (id, subscription) in _observers.ToArray())
        {
            var breakpoint = BreakpointOf(width, Definitions(subscription.Options));
            if (subscription.Options.NotifyOnBreakpointOnly && subscription.Last == breakpoint)
            {
                continue;
            }

            _observers[id] = subscription with { Last = breakpoint };
            await subscription.Observer.NotifyBrowserViewportChangeAsync(new BrowserViewportEventArgs(_listenerId, _latest, breakpoint));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _observers.Clear();
        if (_module is not null)
        {
            await Quietly(() => _module.InvokeVoidAsync("cancel", _listenerKey));
            await Quietly(() => _module.DisposeAsync());
        }

        _self?.Dispose();
    }

    private static IReadOnlyDictionary<Breakpoint, int>? Definitions(ResizeOptions options) =>
        options.BreakpointDefinitions is { Count: > 0 } definitions ? definitions : null;

    private async Task ListenAsync(int reportRate)
    {
        // One browser listener for every observer, at the quickest rate any of them asked for.
        if (_listeningRate != 0 && _listeningRate <= reportRate)
        {
            return;
        }

        _listeningRate = Math.Max(reportRate, 1);
        _self ??= DotNetObjectReference.Create(this);
        await (await ModuleAsync()).InvokeVoidAsync("listen", _self, _listenerKey, _listeningRate);
    }

    private async Task<IJSObjectReference> ModuleAsync() =>
        _module ??= await _js.InvokeAsync<IJSObjectReference>("import", Module);

    private static async Task Quietly(Func<ValueTask> call)
    {
        try
        {
            await call();
        }
        catch (JSDisconnectedException)
        {
            // The page is gone, and its listener with it.
        }
        catch (TaskCanceledException)
        {
        }
    }

    private sealed record Subscription(IBrowserViewportObserver Observer, ResizeOptions Options, Breakpoint? Last);

    private sealed class LambdaObserver(Guid id, ResizeOptions? options, Func<BrowserViewportEventArgs, Task> notify) : IBrowserViewportObserver
    {
        public Guid Id { get; } = id;

        public ResizeOptions? ResizeOptions { get; } = options;

        public Task NotifyBrowserViewportChangeAsync(BrowserViewportEventArgs browserViewportEventArgs) => notify(browserViewportEventArgs);
    }
}
