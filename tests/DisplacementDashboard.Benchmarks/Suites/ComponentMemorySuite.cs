using System.Globalization;
using DisplacementDashboard.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Web.HtmlRendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;

namespace DisplacementDashboard.Benchmarks.Suites;

/// <summary>
/// Where a circuit's memory goes, piece by piece: the managed bytes one instance of a piece of the layout or of the
/// timeline page keeps alive once rendered (components, their parameter state, their render trees), measured in
/// process with a static HTML renderer (which, like a circuit's renderer, keeps every component and its last render
/// tree until it is disposed): the heap after a forced full GC before and after rendering it N times, divided by N.
/// No circuit, SignalR or browser: it answers "which component costs what", the browser suite answers "what does a
/// page cost". Run with <c>--only components</c>.
/// </summary>
public sealed class ComponentMemorySuite(TextWriter log)
{
    private const int Instances = 200;

    /// <summary>Each piece as it is used in the app (MainLayout.razor, Features/Timeline/TimelinePage.razor).</summary>
    private static readonly (string Name, RenderFragment Fragment)[] Pieces =
    [
        ("empty host (subtracted from every row)", _ => { }),
        ("MudThemeProvider (DashboardTheme)", b => Component<MudThemeProvider>(b, ("Theme", DashboardTheme.Theme))),
        ("MudPopoverProvider", b => Component<MudPopoverProvider>(b)),
        ("MudDialogProvider", b => Component<MudDialogProvider>(b)),
        ("MudSnackbarProvider", b => Component<MudSnackbarProvider>(b)),
        ("MudNavMenu with 8 MudNavLinks", b => Component<MudNavMenu>(b, ("ChildContent", Links(mud: true)))),
        ("nav with 8 NavLinks (Mud's nav classes)", Links(mud: false)),
        ("MudIconButton in a MudTooltip", b => Component<MudTooltip>(b, ("Text", "Use the dark theme"), ("ChildContent", (RenderFragment)IconButton))),
        ("MudIconButton alone", IconButton),
        ("MudAppBar + MudDrawer + MudMainContent in MudLayout (empty)", b => Component<MudLayout>(b, ("ChildContent", (RenderFragment)(c =>
        {
            Component<MudAppBar>(c, ("Dense", true));
            Component<MudDrawer>(c, ("Open", true), ("Variant", DrawerVariant.Responsive));
            Component<MudMainContent>(c);
        })))),
        ("2 MudDatePickers (PickerVariant.Dialog, as on /timeline)", b =>
        {
            DatePicker(b, "from");
            DatePicker(b, "to");
        }),
        ("1 MudDatePicker (PickerVariant.Dialog)", b => DatePicker(b, "from")),
        ("1 MudDateRangePicker (PickerVariant.Dialog)", b => Component<MudDateRangePicker>(b,
            ("DateRange", new DateRange(new DateTime(2023, 9, 19), new DateTime(2023, 10, 8))),
            ("Culture", CultureInfo.GetCultureInfo("en-GB")), ("PickerVariant", PickerVariant.Dialog), ("Label", "Dates"))),
        ("MudStack + 2 MudLinks + MudAlert", b => Component<MudStack>(b, ("Row", true), ("ChildContent", (RenderFragment)(c =>
        {
            Component<MudLink>(c, ("Href", "/timeline"), ("ChildContent", (RenderFragment)(d => d.AddContent(0, "Exodus weeks"))));
            Component<MudLink>(c, ("Href", "/timeline?from=2022-12-01"), ("ChildContent", (RenderFragment)(d => d.AddContent(0, "Whole record"))));
            Component<MudAlert>(c, ("Severity", Severity.Warning), ("ChildContent", (RenderFragment)(d => d.AddContent(0, "Pick a window."))));
        })))),
        ("div + 2 plain links + p (the same without Mud)", b =>
        {
            b.OpenElement(0, "div");
            b.OpenElement(1, "a");
            b.AddAttribute(2, "href", "/timeline");
            b.AddContent(3, "Exodus weeks");
            b.CloseElement();
            b.OpenElement(4, "a");
            b.AddAttribute(5, "href", "/timeline?from=2022-12-01");
            b.AddContent(6, "Whole record");
            b.CloseElement();
            b.CloseElement();
        }),
    ];

    public async Task RunAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton<NavigationManager, ProbeNavigation>();
        services.AddSingleton<IJSRuntime, NullJSRuntime>();
        services.AddSingleton<INavigationInterception, NullInterception>();
        services.AddSingleton<IScrollToLocationHash, NullScroll>();
        await using var provider = services.BuildServiceProvider();

        var rows = new List<(string Name, double Bytes)>();
        double? host = null;
        foreach (var (name, fragment) in Pieces)
        {
            // Once untimed (statics, caches, JIT), then measured.
            await MeasureAsync(provider, fragment, 5);
            var bytes = await MeasureAsync(provider, fragment, Instances);
            host ??= bytes;
            rows.Add((name, bytes - (name == Pieces[0].Name ? 0 : host.Value)));
        }

        log.WriteLine($"retained managed bytes per instance ({Instances} instances each, static renderer, after a full GC):");
        foreach (var (name, bytes) in rows)
        {
            log.WriteLine($"  {bytes / 1024,9:N1} KB  {name}");
        }
    }

    private static async Task<double> MeasureAsync(IServiceProvider provider, RenderFragment fragment, int instances)
    {
        // Each instance gets its own DI scope and renderer, as each circuit does (popover and section providers
        // allow one per renderer); the empty host's row carries that fixed part and is subtracted.
        var scopes = new List<AsyncServiceScope>(instances);
        var renderers = new List<HtmlRenderer>(instances);
        var before = Heap();
        for (var i = 0; i < instances; i++)
        {
            var scope = provider.CreateAsyncScope();
            var renderer = new HtmlRenderer(scope.ServiceProvider, NullLoggerFactory.Instance);
            await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var root = await renderer.RenderComponentAsync<Host>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["ChildContent"] = fragment }));
                await root.QuiescenceTask;
            });
            scopes.Add(scope);
            renderers.Add(renderer);
        }

        var after = Heap();
        foreach (var renderer in renderers)
        {
            await renderer.DisposeAsync();
        }

        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        return (after - before) / (double)instances;
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Component<T>(RenderTreeBuilder b, params (string Name, object? Value)[] parameters)
        where T : IComponent
    {
        b.OpenComponent<T>(0);
        b.AddMultipleAttributes(1, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value!)));
        b.CloseComponent();
    }

    private static void IconButton(RenderTreeBuilder b) =>
        Component<MudIconButton>(b, ("Icon", Icons.Material.Filled.DarkMode), ("Color", Color.Inherit), ("aria-label", "Use the dark theme"));

    private static void DatePicker(RenderTreeBuilder b, string id) =>
        Component<MudDatePicker>(b, ("Label", id), ("Date", (DateTime?)new DateTime(2023, 9, 19)), ("Culture", CultureInfo.GetCultureInfo("en-GB")),
            ("PickerVariant", PickerVariant.Dialog), ("InputId", id), ("Class", "dd-date"));

    private static readonly string[] Hrefs = ["/", "/timeline", "/shelter", "/aid", "/figures", "/sources", "/events", "/export"];

    private static RenderFragment Links(bool mud) => b =>
    {
        if (!mud)
        {
            b.OpenElement(0, "nav");
            b.AddAttribute(1, "class", "mud-navmenu mud-navmenu-default");
        }

        foreach (var href in Hrefs)
        {
            if (mud)
            {
                Component<MudNavLink>(b, ("Href", href), ("ChildContent", (RenderFragment)(c => c.AddContent(0, href))));
            }
            else
            {
                b.OpenElement(2, "div");
                b.AddAttribute(3, "class", "mud-nav-item");
                Component<NavLink>(b, ("href", href), ("class", "mud-nav-link"), ("ChildContent", (RenderFragment)(c => c.AddContent(0, href))));
                b.CloseElement();
            }
        }

        if (!mud)
        {
            b.CloseElement();
        }
    };

    private sealed class Host : ComponentBase
    {
        [Parameter]
        public RenderFragment? ChildContent { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, ChildContent);
    }

    private sealed class ProbeNavigation : NavigationManager
    {
        public ProbeNavigation() => Initialize("http://localhost/", "http://localhost/timeline");
    }

    private sealed class NullJSRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }

    private sealed class NullInterception : INavigationInterception
    {
        public Task EnableNavigationInterceptionAsync() => Task.CompletedTask;
    }

    private sealed class NullScroll : IScrollToLocationHash
    {
        public Task RefreshScrollPositionForHash(string locationAbsolute) => Task.CompletedTask;
    }
}
