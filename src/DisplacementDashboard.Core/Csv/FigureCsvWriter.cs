using DisplacementDashboard.Core.Seeding;

namespace DisplacementDashboard.Core.Csv;

/// <summary>Writes figures in the <see cref="FigureCsv"/> format, one row at a time.</summary>
public sealed class FigureCsvWriter : IAsyncDisposable
{
    private readonly SafeCsvWriter _csv;

    public FigureCsvWriter(Stream stream) => _csv = new SafeCsvWriter(stream);

    public int Rows => _csv.Rows;

    /// <summary>The header row and, when given, the HXL hashtag row under it (see <see cref="Hxl"/>).</summary>
    public async Task WriteHeaderAsync(IReadOnlyList<string>? hxlRow = null, CancellationToken cancellationToken = default)
    {
        await _csv.WriteHeaderRowAsync(FigureCsv.Columns, cancellationToken);
        if (hxlRow is not null)
        {
            await _csv.WriteHeaderRowAsync(hxlRow, cancellationToken);
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
