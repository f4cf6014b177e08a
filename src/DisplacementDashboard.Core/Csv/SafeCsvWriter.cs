using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// A streaming CSV writer (CsvHelper, invariant culture, UTF-8 without BOM, LF line ends, RFC 4180 quoting)
/// that passes every text cell through <see cref="FormulaGuard.Neutralise"/> and writes number cells as they are.
/// Only async flushes reach the stream, so it can write straight to an HTTP response.
/// </summary>
public sealed class SafeCsvWriter : IAsyncDisposable
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\n",
        HasHeaderRecord = false,
    };

    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;
    private bool _disposed;

    /// <summary>Writes to <paramref name="stream"/> and leaves it open.</summary>
    public SafeCsvWriter(Stream stream)
    {
        _text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        _csv = new CsvWriter(_text, Config, leaveOpen: true);
    }

    /// <summary>Data rows ended with <see cref="EndRowAsync"/> so far, the header and HXL rows not counted.</summary>
    public int Rows { get; private set; }

    /// <summary>A text cell, neutralised against formula injection; null is written as an empty cell.</summary>
    public void Text(string? value) => _csv.WriteField(value is null ? "" : FormulaGuard.Neutralise(value));

    /// <summary>A number cell (invariant digits, a sign allowed); never neutralised.</summary>
    public void Number(long value) => _csv.WriteField(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number cell given as invariant text ("3.4", "-12"); never neutralised.</summary>
    public void Number(string invariantNumber) => _csv.WriteField(invariantNumber);

    /// <summary>Writes a row of text cells (header, HXL row) that does not count as data.</summary>
    public async Task WriteHeaderRowAsync(IEnumerable<string> cells, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var cell in cells)
        {
            Text(cell);
        }

        await _csv.NextRecordAsync();
    }

    /// <summary>Ends the current data row.</summary>
    public async Task EndRowAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _csv.NextRecordAsync();
        Rows++;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _csv.FlushAsync();
        await _text.FlushAsync();
        await _csv.DisposeAsync();
        await _text.DisposeAsync();
    }
}
