using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Csv;

/// <summary>
/// Writes figures in the <see cref="FigureCsv"/> format, one row at a time; with <c>withVerified</c>, the figures
/// export's <see cref="FigureCsv.ExportColumns"/> (the output-only <see cref="FigureCsv.Verified"/> column last).
/// </summary>
public sealed class FigureCsvWriter : IAsyncDisposable
{
    private readonly SafeCsvWriter _csv;
    private readonly bool _withVerified;

    public FigureCsvWriter(Stream stream, bool withVerified = false)
    {
        _csv = new SafeCsvWriter(stream);
        _withVerified = withVerified;
    }

    public int Rows => _csv.Rows;

    /// <summary>The header row and, when given, the HXL hashtag row under it (see <see cref="Hxl"/>).</summary>
    public async Task WriteHeaderAsync(IReadOnlyList<string>? hxlRow = null, CancellationToken cancellationToken = default)
    {
        await _csv.WriteHeaderRowAsync(_withVerified ? FigureCsv.ExportColumns : FigureCsv.Columns, cancellationToken);
        if (hxlRow is not null)
        {
            await _csv.WriteHeaderRowAsync(_withVerified ? [.. hxlRow, Hxl.VerifiedTag] : hxlRow, cancellationToken);
        }
    }

    public async Task WriteAsync(FigureRecord figure, CancellationToken cancellationToken = default)
    {
        // 0 stands for "not in a store yet": the cells stay empty, as in the seed.
        WriteId(figure.FigureId);
        WriteId(figure.Revision);
        _csv.Text(figure.ExternalId);
        _csv.Text(figure.Metric);
        _csv.Text(figure.Location);
        _csv.Text(FigureCsv.FormatDate(figure.Date));
        _csv.Text(FigureCsv.FormatTime(figure.Time));
        _csv.Number(ScaledValue.ToInvariant(figure.Value, figure.Decimals));
        _csv.Text(figure.Unit);
        _csv.Text(FigureCsv.QualifierText(figure.Qualifier));
        _csv.Text(figure.Source);
        _csv.Text(figure.SourceTitle);
        _csv.Text(figure.SourcePublisher);
        _csv.Text(figure.SourceUrl);
        _csv.Text(figure.SourcePublished is { } published ? FigureCsv.FormatDate(published) : null);
        _csv.Text(figure.Note);
        if (_withVerified)
        {
            _csv.Text(figure.Verified ? "true" : "false");
        }

        await _csv.EndRowAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _csv.DisposeAsync();

    private void WriteId(int id)
    {
        if (id > 0)
        {
            _csv.Number(id);
        }
        else
        {
            _csv.Text(null);
        }
    }
}
