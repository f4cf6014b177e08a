using System.Globalization;
using DisplacementDashboard.Core.Charts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace DisplacementDashboard.Web.Components.Charts;

/// <summary>
/// PNG and SVG of a chart framed by its caption (title, sources, as of, address), its data as CSV and JSON (made on
/// the server by <see cref="ChartData"/>), and a copy of the view's address. The rows are the ones the chart plots.
/// </summary>
public sealed partial class ChartDownloads : ComponentBase, IAsyncDisposable
{
    private IJSObjectReference? _module;
    private bool _busy;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    /// <summary>The drawn chart the images are taken from.</summary>
    [Parameter, EditorRequired]
    public required Func<ApexChart?> Chart { get; set; }

    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<ChartDataRow> Rows { get; set; }

    /// <summary>Start of the file names ("timeline-cumulative"); the view's window or snapshot follows it.</summary>
    [Parameter, EditorRequired]
    public required string FileStem { get; set; }

    [Parameter, EditorRequired]
    public required string TestId { get; set; }

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    /// <summary>The key under the chart, so an image with numbered markers still says what they mark.</summary>
    [Parameter]
    public IReadOnlyList<ChartKeyEntry> Key { get; set; } = [];

    private ChartCaption Caption() => new(Title, ChartData.SourceLine(Rows), ChartData.AsOf(Rows, Culture), Navigation.Uri,
        Key.Select(k => $"{k.Key} · {(k.When.Length > 0 ? k.When + ": " : "")}{k.Text}{(k.SourceTitle is { } s ? $" ({s})" : "")}").ToList());

    private async Task ImageAsync(string format)
    {
        await RunAsync(async () =>
        {
            if (Chart() is not { } chart || !await chart.ExportImageAsync(format, Caption(), $"{FileStem}.{format}"))
            {
                Snackbar.Add("The chart is still being drawn; try again in a moment.", Severity.Info);
            }
        });
    }

    private Task CsvAsync() => RunAsync(async () =>
        await SaveAsync($"{FileStem}.csv", "text/csv;charset=utf-8", await ChartData.ToCsvAsync(Rows)));

    private Task JsonAsync() => RunAsync(async () =>
        await SaveAsync($"{FileStem}.json", "application/json", ChartData.ToJson(Title, Navigation.Uri, Rows, Culture)));

    private async Task CopyLinkAsync()
    {
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ApexChart.ModulePath);
        if (await _module.InvokeAsync<bool>("copyText", Navigation.Uri))
        {
            Snackbar.Add("Link copied", Severity.Success);
        }
        else
        {
            Snackbar.Add($"The browser did not allow copying. The link is: {Navigation.Uri}", Severity.Warning);
        }
    }

    private async Task SaveAsync(string fileName, string mimeType, string text)
    {
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ApexChart.ModulePath);
        await _module.InvokeVoidAsync("saveText", fileName, mimeType, text);
    }

    private async Task RunAsync(Func<Task> work)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await work();
        }
        finally
        {
            _busy = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the module with the page.
        }
    }
}
