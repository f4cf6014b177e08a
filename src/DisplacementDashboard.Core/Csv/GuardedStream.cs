using System.Security.Cryptography;

namespace DisplacementDashboard.Core.Csv;

/// <summary>Raised while reading a file that breaks a file-level rule (size, binary content).</summary>
internal sealed class CsvFileRuleException(string reason) : Exception(reason);

/// <summary>
/// A read-only view of an uploaded file that enforces the size limit, refuses binary content (NUL bytes) and
/// computes the file's SHA-256 while it is read, so the file is never held in memory as a whole.
/// </summary>
internal sealed class GuardedStream(Stream inner, long maxBytes) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Bytes { get; private set; }

    /// <summary>SHA-256 (lower-case hex) of the whole file, once it has been read to the end; otherwise null.</summary>
    public string? Sha256 { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Check(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Check(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Check(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Check(ReadOnlySpan<byte> read)
    {
        if (read.Length == 0)
        {
            Sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
            return 0;
        }

        var start = Bytes;
        Bytes += read.Length;
        if (Bytes > maxBytes)
        {
            throw new CsvFileRuleException($"the file is larger than the limit of {FormatBytes(maxBytes)} (setting Import:MaxFileBytes); split it into smaller files");
        }

        var nul = read.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new CsvFileRuleException($"the file contains binary data (a NUL byte at byte {start + nul}); expected a UTF-8 CSV text file (UTF-16 files must be saved as UTF-8)");
        }

        _hash.AppendData(read);
        return read.Length;
    }

    internal static string FormatBytes(long bytes) => bytes % (1024 * 1024) == 0
        ? FormattableString.Invariant($"{bytes / (1024 * 1024)} MB")
        : FormattableString.Invariant($"{bytes} bytes");
}
