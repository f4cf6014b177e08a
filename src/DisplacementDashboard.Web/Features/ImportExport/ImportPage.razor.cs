using DisplacementDashboard.Web.Hosting;
using System.Globalization;
using DisplacementDashboard.Core.Csv;
using DisplacementDashboard.Core.Seeding;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace DisplacementDashboard.Web.Features.ImportExport;

/// <summary>
/// Upload, preview, then commit. The uploaded bytes stay in memory between preview and commit (at most the
/// configured file size), and the commit names the previewed SHA-256 so a different file cannot slip in.
/// </summary>
public sealed partial class ImportPage : ComponentBase, IAsyncDisposable
{
    private string? _warningReason;
    private ElementReference _dropZone;
    private IJSObjectReference? _dropModule;

    private const int MaxErrorsShown = 500;

    private byte[]? _file;
    private string _fileName = "";
    private ImportPreview? _preview;
    private ImportBundle? _bundle;
    private BundlePreview? _bundlePreview;
    private string? _message;
    private bool _succeeded;
    private bool _busy;
    private bool _dragging;

    // What is happening now, and how far through the file the reader is (null: no measure, the bar is indeterminate).
    private string _phase = "";
    private double? _percent;

    // A new key gives a fresh file input after a commit, so the same file can be chosen again.
    private int _inputKey;

    // The file input stays disabled until the page is interactive and InputFile has attached its listener
    // (it does so after its first interactive render); a file chosen earlier would be silently ignored.
    private bool _ready;

    [Inject]
    public required ImportService Imports { get; init; }

    [Inject]
    public required SecurityEvents Security { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required IOptions<ImportOptions> Options { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> Auth { get; set; }

    private string MaxMegabytes => (Options.Value.MaxFileBytes / (1024d * 1024)).ToString("0.#", CultureInfo.CurrentCulture);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _dropModule = await JS.InvokeAsync<IJSObjectReference>("import", "./Features/ImportExport/ImportPage.razor.js");
            await _dropModule.InvokeVoidAsync("attach", _dropZone);
        }

        if (!_ready)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dropModule is not null)
        {
            try
            {
                await _dropModule.InvokeVoidAsync("detach", _dropZone);
                await _dropModule.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the page with it.
            }
        }
    }

    private async Task PreviewAsync(IBrowserFile? file)
    {
        if (_busy || file is null)
        {
            return;
        }

        _busy = true;
        _dragging = false;
        (_preview, _message, _succeeded, _file) = (null, null, false, null);
        (_bundle, _bundlePreview) = (null, null);
        try
        {
            if (file.Size > Options.Value.MaxFileBytes)
            {
                _message = $"{file.Name} is {Megabytes(file.Size)} MB; the limit is {MaxMegabytes} MB. Split it into smaller files.";
                return;
            }

            var uploading = $"Uploading {file.Name} ({Megabytes(file.Size)} MB)…";
            Show(uploading, 0);
            using var buffer = new MemoryStream((int)file.Size);
            await using (var upload = file.OpenReadStream(Options.Value.MaxFileBytes))
            {
                // The browser sends the file in chunks over the circuit; a large file takes a while, so show how far it is.
                var chunk = new byte[64 * 1024];
                int read;
                while ((read = await upload.ReadAsync(chunk)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    Show(uploading, file.Size == 0 ? 100 : buffer.Length * 100d / file.Size);
                }
            }

            _file = buffer.ToArray();
            _fileName = file.Name;
            if (ImportBundle.LooksLikeZip(_file))
            {
                // A zip is the six-file import: unpacked (within its limits) and checked file by file.
                Show($"Unpacking and checking {_fileName}…", null);
                var bundle = ImportBundle.FromZip(_file, _fileName, Options.Value);
                _bundlePreview = await Task.Run(() => Imports.PreviewBundleAsync(bundle));
                _bundle = bundle;
                return;
            }

            var reading = $"Reading and checking {Lines(_file)} of {_fileName}…";
            using var stream = Measured(_file, reading, "Comparing each row with the store…");
            // Off the circuit's thread, so the progress bar can redraw while the file is parsed.
            _preview = await Task.Run(() => Imports.PreviewAsync(stream, _fileName));
        }
        catch (IOException ex)
        {
            _message = "The upload did not complete (" + ex.Message + "). Try again.";
        }
        finally
        {
            _busy = false;
        }
    }

    private static string NewSourcesText(ImportPreview? preview) => preview is { NewSources.Count: > 0 } p
        ? $"; {p.NewSources.Count.ToString(CultureInfo.CurrentCulture)} new source{(p.NewSources.Count == 1 ? "" : "s")} ({string.Join(", ", p.NewSources.Select(s => s.Source.Key))})"
        : "";

    private async Task CommitAsync()
    {
        if (_busy || _file is null || _preview is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var user = (await Auth).User;
            var preview = _preview;
            // The import reads the file again inside its transaction; once read, the rest is writing.
            using var stream = Measured(_file, $"Checking {Lines(_file)} again against the store…", $"Writing {preview.NewCount.ToString("N0", CultureInfo.CurrentCulture)} new and {preview.UpdateCount.ToString("N0", CultureInfo.CurrentCulture)} corrected figures in one transaction…");
            var name = _fileName;
            var reason = _warningReason;
            var result = await Task.Run(() => Imports.CommitAsync(stream, name, user, preview.Sha256, reason));
            _succeeded = result.Succeeded;
            _message = result.Succeeded
                ? $"Imported {_fileName}: {result.Created} new, {result.Updated} corrected, {result.Unchanged} unchanged{NewSourcesText(result.Preview)}. Each change is in its figure's history."
                : result.Message;
            _preview = result.Succeeded ? null : result.Preview ?? _preview;
            var account = user.Identity?.Name ?? "an anonymous visitor";
            if (result.Succeeded)
            {
                Security.ImportCommitted(name, account, result.Created, result.Updated, result.Unchanged);
            }
            else
            {
                Security.ImportRefused(name, account, result.Message);
            }

            if (result.Succeeded)
            {
                _warningReason = null;
                _file = null;
                _inputKey++;
                _ready = false;
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CommitBundleAsync()
    {
        if (_busy || _bundle is null || _bundlePreview is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var user = (await Auth).User;
            var (bundle, preview) = (_bundle, _bundlePreview);
            Show($"Writing {preview.NewCount.ToString("N0", CultureInfo.CurrentCulture)} new and {preview.UpdateCount.ToString("N0", CultureInfo.CurrentCulture)} corrected rows in one transaction…", null);
            var reason = _warningReason;
            var result = await Task.Run(() => Imports.CommitBundleAsync(bundle, user, preview.Sha256, reason));
            _succeeded = result.Succeeded;
            _message = result.Succeeded ? result.Message + " Each change is in its history." : result.Message;
            _bundlePreview = result.Succeeded ? null : result.Preview ?? _bundlePreview;
            var account = user.Identity?.Name ?? "an anonymous visitor";
            if (result.Succeeded)
            {
                Security.ImportCommitted(bundle.Name, account, result.Created, result.Updated, result.Unchanged);
                (_bundle, _file, _warningReason) = (null, null, null);
                _inputKey++;
                _ready = false;
            }
            else
            {
                Security.ImportRefused(bundle.Name, account, result.Message);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>A stream over the upload that moves the bar while it is read, then switches to <paramref name="after"/> (indeterminate).</summary>
    private ReadProgressStream Measured(byte[] data, string reading, string after)
    {
        Show(reading, 0);
        return new ReadProgressStream(data, percent => _ = InvokeAsync(() =>
        {
            if (_busy)
            {
                Show(percent < 100 ? reading : after, percent < 100 ? percent : null);
            }
        }));
    }

    private void Show(string phase, double? percent)
    {
        (_phase, _percent) = (phase, percent);
        StateHasChanged();
    }

    // Lines, not rows: a quoted cell may hold a line break. Counting bytes is vectorised and costs nothing next to the parse.
    private static string Lines(byte[] data)
    {
        var lines = data.AsSpan().Count((byte)'\n') + (data.Length > 0 && data[^1] != (byte)'\n' ? 1 : 0);
        return lines.ToString("N0", CultureInfo.CurrentCulture) + (lines == 1 ? " line" : " lines");
    }

    private static string Megabytes(long bytes) => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.CurrentCulture);

    private static string CommitLabel(ImportPreview p) =>
        $"Import {p.NewCount} new and {p.UpdateCount} corrected figures";

    private static List<CsvError> ErrorsShown(ImportPreview p) => p.Errors.Take(MaxErrorsShown).ToList();

    private static List<CsvError> WarningsShown(ImportPreview p) => p.Warnings.Take(MaxErrorsShown).ToList();

    private static List<SeedError> BundleWarningsShown(BundlePreview p) => p.Warnings.Take(MaxErrorsShown).ToList();

    /// <summary>Rows with warnings are imported only with a reason, which their revisions keep.</summary>
    private bool MissingReason(ImportPreview p) => p.WarnedCount > 0 && string.IsNullOrWhiteSpace(_warningReason);
}
