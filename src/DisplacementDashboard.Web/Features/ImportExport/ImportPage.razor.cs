using System.Globalization;
using DisplacementDashboard.Core.Csv;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;

namespace DisplacementDashboard.Web.Features.ImportExport;

/// <summary>
/// Upload, preview, then commit. The uploaded bytes stay in memory between preview and commit (at most the
/// configured file size), and the commit names the previewed SHA-256 so a different file cannot slip in.
/// </summary>
public sealed partial class ImportPage : ComponentBase
{
    private const int MaxErrorsShown = 500;

    private byte[]? _file;
    private string _fileName = "";
    private ImportPreview? _preview;
    private string? _message;
    private bool _succeeded;
    private bool _busy;

    // A new key gives a fresh file input after a commit, so the same file can be chosen again.
    private int _inputKey;

    // The file input stays disabled until the page is interactive and InputFile has attached its listener
    // (it does so after its first interactive render); a file chosen earlier would be silently ignored.
    private bool _ready;

    [Inject]
    public required ImportService Imports { get; init; }

    [Inject]
    public required IOptions<ImportOptions> Options { get; init; }

    [CascadingParameter]
    public required Task<AuthenticationState> Auth { get; set; }

    private string MaxMegabytes => (Options.Value.MaxFileBytes / (1024d * 1024)).ToString("0.#", CultureInfo.CurrentCulture);

    protected override void OnAfterRender(bool firstRender)
    {
        if (!_ready)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    private async Task PreviewAsync(InputFileChangeEventArgs e)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        (_preview, _message, _succeeded, _file) = (null, null, false, null);
        try
        {
            var file = e.File;
            if (file.Size > Options.Value.MaxFileBytes)
            {
                _message = $"{file.Name} is {file.Size / (1024d * 1024):0.#} MB; the limit is {MaxMegabytes} MB. Split it into smaller files.";
                return;
            }

            using var buffer = new MemoryStream();
            await using (var upload = file.OpenReadStream(Options.Value.MaxFileBytes))
            {
                await upload.CopyToAsync(buffer);
            }

            _file = buffer.ToArray();
            _fileName = file.Name;
            _preview = await Imports.PreviewAsync(new MemoryStream(_file, writable: false), _fileName);
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
            var result = await Imports.CommitAsync(new MemoryStream(_file, writable: false), _fileName, user, _preview.Sha256);
            _succeeded = result.Succeeded;
            _message = result.Succeeded
                ? $"Imported {_fileName}: {result.Created} new, {result.Updated} corrected, {result.Unchanged} unchanged. Each change is in its figure's history."
                : result.Message;
            _preview = result.Succeeded ? null : result.Preview ?? _preview;
            if (result.Succeeded)
            {
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

    private static string CommitLabel(ImportPreview p) =>
        $"Import {p.NewCount} new and {p.UpdateCount} corrected figures";

    private static List<CsvError> ErrorsShown(ImportPreview p) => p.Errors.Take(MaxErrorsShown).ToList();
}
