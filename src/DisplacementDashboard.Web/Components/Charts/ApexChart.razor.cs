using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DisplacementDashboard.Web.Components.Charts;

/// <summary>
/// Thin interop over apexcharts 4.7 (loaded as an ES module only on pages that draw charts).
/// It hands typed <see cref="ChartOptions"/> to wwwroot/js/apexChart.js and does no chart maths itself.
/// </summary>
public sealed partial class ApexChart : ComponentBase, IAsyncDisposable
{
    /// <summary>Path of the interop module, relative to the app base.</summary>
    public const string ModulePath = "./js/apexChart.js";

    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _chart;
    private ChartOptions? _rendered;
    private bool _drawn;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Parameter, EditorRequired]
    public required ChartOptions Options { get; set; }

    [Parameter, EditorRequired]
    public required string TestId { get; set; }

    /// <summary>Describes the chart for screen readers; the table view carries the numbers.</summary>
    [Parameter, EditorRequired]
    public required string AriaLabel { get; set; }

    /// <summary>What apexcharts will take: it sets min-height: height + 15px on the element it draws into.</summary>
    private string ReservedHeight => (Options.Chart.Height + 15).ToString(CultureInfo.InvariantCulture);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (ReferenceEquals(_rendered, Options))
        {
            return;
        }

        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        if (_chart is null)
        {
            _chart = await _module.InvokeAsync<IJSObjectReference>("create", _element, ChartJson.ToElement(Options), ChartJson.Locale(CultureInfo.CurrentCulture));
        }
        else
        {
            await _module.InvokeVoidAsync("update", _chart, ChartJson.ToElement(Options), ChartJson.Locale(CultureInfo.CurrentCulture));
        }

        _rendered = Options;
        if (!_drawn)
        {
            _drawn = true;
            StateHasChanged();
        }
    }

    /// <summary>
    /// Saves the chart as drawn ("png" or "svg"), framed by <paramref name="caption"/> so the image can be published
    /// on its own. False while the chart is not drawn yet.
    /// </summary>
    public async Task<bool> ExportImageAsync(string format, ChartCaption caption, string fileName)
    {
        if (_chart is null || _module is null)
        {
            return false;
        }

        await _module.InvokeVoidAsync("exportImage", _chart, format, caption, fileName);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_chart is not null && _module is not null)
            {
                await _module.InvokeVoidAsync("destroy", _chart);
            }

            if (_chart is not null)
            {
                await _chart.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser has discarded the chart with the page.
        }
    }
}
