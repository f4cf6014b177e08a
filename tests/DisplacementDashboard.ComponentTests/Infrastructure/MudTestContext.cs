using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DisplacementDashboard.ComponentTests.Infrastructure;

/// <summary>
/// A bUnit context with MudBlazor's services, as the app registers them, and loose JS interop: Mud components call
/// into MudBlazor.min.js (popovers, resize observers), which a component test has no browser for.
/// MudBlazor's services are only async-disposable, so the context is disposed asynchronously (IAsyncLifetime runs
/// before xunit's synchronous Dispose, which then finds nothing left to do).
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
