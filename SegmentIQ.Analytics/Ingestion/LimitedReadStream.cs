namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// A forward-only guard around a (usually decompressing) stream: counts the bytes it hands out and stops with a
/// <see cref="ReadLimitException"/> as soon as they pass the byte limit, the compression ratio against the compressed
/// bytes consumed so far, or the longest allowed line; and checks the cancellation token on every read, so a bomb is
/// stopped within one buffer instead of after it has been inflated. Neither <c>GZipStream</c> nor <c>ZipArchive</c>
/// offers such limits, hence this small type.
/// </summary>
internal sealed class LimitedReadStream : Stream
{
    /// <summary>Bytes inflated before the compression ratio is judged: tiny files of repeated text may deflate well.</summary>
    private const long RatioFloor = 8L * 1024 * 1024;

    private readonly Stream _inner;
    private readonly Func<long>? _compressedBytes;
    private readonly ReaderLimits _limits;
    private readonly string _fileName;
    private readonly string _what;
    private readonly long _maxBytes;
    private readonly string _maxBytesSetting;
    private readonly RunLimit _run;
    private readonly CancellationToken _ct;
    private long _sinceSeparator;

    /// <param name="inner">The stream to guard; disposed with this one.</param>
    /// <param name="compressedBytes">Compressed bytes consumed so far, or null when <paramref name="inner"/> is not compressed.</param>
    /// <param name="limits">The limits.</param>
    /// <param name="fileName">The file named in messages.</param>
    /// <param name="what">What is read ("the decompressed text", "worksheet part xl/worksheets/sheet1.xml").</param>
    /// <param name="maxBytes">The byte limit and the name of its setting.</param>
    /// <param name="run">Longest run of bytes without a given byte (a line break in text, '&lt;' in XML), or null.</param>
    /// <param name="ct">Checked on every read.</param>
    public LimitedReadStream(Stream inner, Func<long>? compressedBytes, ReaderLimits limits, string fileName, string what, (long Bytes, string Setting) maxBytes, RunLimit? run, CancellationToken ct)
    {
        _inner = inner;
        _compressedBytes = compressedBytes;
        _limits = limits;
        _fileName = fileName;
        _what = what;
        (_maxBytes, _maxBytesSetting) = maxBytes;
        _run = run ?? new RunLimit(0, 0, string.Empty, 0, string.Empty);
        _ct = ct;
    }

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        _ct.ThrowIfCancellationRequested();
        var n = _inner.Read(buffer);
        Count(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _ct.ThrowIfCancellationRequested();
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..n]);
        return n;
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
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(ReadOnlySpan<byte> block)
    {
        BytesRead += block.Length;
        if (BytesRead > _maxBytes)
        {
            throw new ReadLimitException(_fileName, _maxBytesSetting, _maxBytes, $"{_what} (bytes)");
        }

        if (_compressedBytes is not null && BytesRead > RatioFloor)
        {
            var compressed = Math.Max(1, _compressedBytes());
            if (BytesRead / (double)compressed > _limits.MaxCompressionRatio)
            {
                throw new ReadLimitException(_fileName, nameof(ReaderLimits.MaxCompressionRatio), (long)_limits.MaxCompressionRatio,
                    $"the compression ratio of {_what} ({BytesRead:N0} bytes from {compressed:N0}, {BytesRead / (double)compressed:N0}×)");
            }
        }

        if (_run.MaxBytes > 0)
        {
            var last = block.LastIndexOf(_run.Separator);
            _sinceSeparator = last < 0 ? _sinceSeparator + block.Length : block.Length - last - 1;
            if (_sinceSeparator > _run.MaxBytes)
            {
                throw new ReadLimitException(_fileName, _run.Setting, _run.Allowed, $"{_run.What} in {_what}");
            }
        }
    }
}

/// <summary>
/// At most <paramref name="MaxBytes"/> bytes between two <paramref name="Separator"/> bytes; past it, the message names
/// <paramref name="What"/> and the setting <paramref name="Setting"/> with its value <paramref name="Allowed"/>.
/// </summary>
internal sealed record RunLimit(byte Separator, long MaxBytes, string Setting, long Allowed, string What)
{
    /// <summary>Lines of text: the CSV parser buffers a whole line.</summary>
    public static RunLimit Lines(ReaderLimits limits) =>
        new((byte)'\n', limits.MaxLineBytes, nameof(ReaderLimits.MaxLineBytes), limits.MaxLineBytes, "a line's length in bytes (no line break found)");

    /// <summary>Text between XML tags: one cell value or string, at most a field's length in UTF-8 plus room for a tag.</summary>
    public static RunLimit XmlText(ReaderLimits limits) =>
        new((byte)'<', (limits.MaxFieldLength * 4L) + 4096, nameof(ReaderLimits.MaxFieldLength), limits.MaxFieldLength, "the length of a text between two tags");
}
