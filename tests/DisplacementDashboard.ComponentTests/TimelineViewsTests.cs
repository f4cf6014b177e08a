using System.Globalization;
using DisplacementDashboard.ComponentTests.Infrastructure;
using DisplacementDashboard.Core.Dashboard;
using DisplacementDashboard.Web.Components.Shared;
using DisplacementDashboard.Web.Features.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DisplacementDashboard.ComponentTests;

public sealed class TimelineViewsTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().BuildServiceProvider(validateScopes: true);
    private readonly StaticMarkup _markup;
    private readonly TimelineViews _views;

    public TimelineViewsTests()
    {
        _markup = new StaticMarkup(_services.GetRequiredService<IServiceScopeFactory>(), NullLoggerFactory.Instance);
        _views = new TimelineViews(_markup);
    }

    private static TimelineModel Model(string? note = null)
    {
        var figure = TestFigures.Row(1, 100632) with { Note = note };
        return TimelineBuilder.Build([figure], [], TimelineBuilder.DefaultFrom, TimelineBuilder.DefaultTo);
    }

    [Fact]
    public async Task GetAsync_SameModelAndCulture_SharesOneView()
    {
        var model = Model();
        var culture = CultureInfo.GetCultureInfo("en-GB");

        var first = await _views.GetAsync(model, culture);
        var second = await _views.GetAsync(model, culture);

        Assert.Same(first, second);
        Assert.NotSame(first, await _views.GetAsync(Model(), culture));
    }

    [Fact]
    public async Task GetAsync_TableCitesItsSourceAndCarriesTheStoredValue_InTheViewersCulture()
    {
        var model = Model();

        var british = (await _views.GetAsync(model, CultureInfo.GetCultureInfo("en-GB"))).CumulativeTable.Value;
        var german = (await _views.GetAsync(model, CultureInfo.GetCultureInfo("de-DE"))).CumulativeTable.Value;

        Assert.Contains("data-value=\"100632\"", british, StringComparison.Ordinal);
        Assert.Contains("100,632", british, StringComparison.Ordinal);
        Assert.Contains("100.632", german, StringComparison.Ordinal);
        Assert.Contains("href=\"/sources/10\"", british, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">", british, StringComparison.Ordinal);
        Assert.Contains("<caption>", british, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_TextFromTheStore_IsHtmlEncoded()
    {
        var view = await _views.GetAsync(Model("<script>alert(1)</script>"), CultureInfo.GetCultureInfo("en-GB"));

        Assert.DoesNotContain("<script>", view.CumulativeTable.Value, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", view.CumulativeTable.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ChartAndTableShowTheSameFigures()
    {
        var view = await _views.GetAsync(Model(), CultureInfo.GetCultureInfo("en-GB"));

        var exact = view.CumulativeChart.Series.Single(s => s.Name == TimelineChartBuilder.ExactSeries);
        Assert.Equal(100632m, Assert.Single(exact.Data).Y);
        Assert.Contains("data-value=\"100632\"", view.CumulativeTable.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_KeepsNoModelAlive_OnceNothingElseHoldsIt()
    {
        // Issue 11: an app-lifetime renderer kept every rendered component, and through its parameters every timeline
        // model ever viewed (+2 GB after 10,000 distinct windows). A model nobody holds must be collectable.
        var models = await ViewModelsAndForgetThemAsync(20);

        for (var i = 0; i < 3 && models.Any(m => m.IsAlive); i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(0, models.Count(m => m.IsAlive));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task<List<WeakReference>> ViewModelsAndForgetThemAsync(int count)
    {
        var models = new List<WeakReference>();
        for (var i = 0; i < count; i++)
        {
            var model = Model($"window {i}");
            var view = await _views.GetAsync(model, CultureInfo.GetCultureInfo("en-GB"));
            Assert.Contains($"window {i}", view.CumulativeTable.Value, StringComparison.Ordinal);
            models.Add(new WeakReference(model));
        }

        return models;
    }

    public async ValueTask DisposeAsync()
    {
        await _markup.DisposeAsync();
        await _services.DisposeAsync();
    }
}
