namespace DisplacementDashboard.Web.Features.ImportExport;

/// <summary>
/// A read-only view of an in-memory upload that reports how far the reader has got. The import reads its file exactly
/// once per phase, front to back, so the bytes read are an honest measure of the parse without touching the importer.
/// Reports are throttled to whole percents.
/// </summary>
internal sealed class ReadProgressStream(byte[] data, Action<double> report) : Stream
{
    private readonly MemoryStream _inner = new(data, writable: false);
    private int _lastPercent = -1;

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Reported(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Reported(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Reported(await _inner.ReadAsync(buffer, cancellationToken));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Reported(await _inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Reported(int read)
    {
        var percent = _inner.Length == 0 ? 100 : (int)(_inner.Position * 100 / _inner.Length);
        if (percent != _lastPercent)
        {
            _lastPercent = percent;
            report(percent);
        }

        return read;
    }
}
