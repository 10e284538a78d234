using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// CSV rows through CsvHelper's span-based <see cref="CsvReader"/> (UTF-8 bytes, separator detection). Fields are
/// transcoded to UTF-16 into one reusable buffer per row, so reading allocates nothing per line.
/// </summary>
internal sealed class CsvRowSource : RowSource
{
    private const int SniffBytes = 1 << 20;

    private readonly FileStream _file;
    private readonly Stream _stream;
    private readonly CsvReader _reader;
    private readonly string[] _headers;
    private readonly bool _compressed;
    private readonly string _encodingName;
    private readonly long _fileLength;
    private char[] _chars = new char[4096];
    private int _used;
    private bool _warnedInvalidUtf8;
    private bool _checkedLength;

    private CsvRowSource(FileStream file, Stream stream, CsvReader reader, string[] headers, bool compressed, string encodingName, string displayName, ReaderLimits limits, CancellationToken ct)
        : base(displayName, limits, ct)
    {
        _file = file;
        _stream = stream;
        _reader = reader;
        _headers = headers;
        _compressed = compressed;
        _encodingName = encodingName;
        _fileLength = file.Length;
    }

    public override IReadOnlyList<string> Headers => _headers;

    public override int FieldCount => _reader.FieldCount;

    public override long Line => _reader.LineNumber;

    public override double BytesFraction => _fileLength == 0 ? 1 : Math.Min(1, (double)_file.Position / _fileLength);

    /// <summary>The separator in use.</summary>
    public char Delimiter => (char)_reader.Separator;

    public static CsvRowSource Open(string path, string displayName, char? delimiter, ReaderLimits limits, CancellationToken ct)
    {
        var compressed = IsGzip(path);
        var (encoding, encodingName) = SniffEncoding(path, compressed);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var fileLength = file.Length;
        Stream stream = file;
        try
        {
            if (compressed)
            {
                // Inflate through the limits guard, on a second thread: inflating and parsing then overlap on two cores.
                var inflated = new LimitedReadStream(
                    new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), () => file.Position, limits, displayName, "the decompressed text",
                    (limits.MaxDecompressedBytes, nameof(ReaderLimits.MaxDecompressedBytes)), RunLimit.Lines(limits), ct);
                stream = new ReadAheadStream(inflated, 1 << 20, 4, ct);
            }
            else
            {
                stream = new LimitedReadStream(
                    file, null, limits, displayName, "the text", (limits.MaxDecompressedBytes, nameof(ReaderLimits.MaxDecompressedBytes)), RunLimit.Lines(limits), ct);
            }

            var options = new CsvReaderOptions
            {
                Separator = delimiter,
                Encoding = encoding,
                TrackLineNumbers = true,
                DetectSeparatorHint = true,
                BufferSize = 1 << 18,
            };
            var reader = CsvReader.Create(stream, options, leaveOpen: true);
            string[] headers;
            try
            {
                headers = [.. reader.Headers];
            }
            catch (CsvFormatException ex)
            {
                reader.Dispose();
                throw new DataFileException(displayName, "the header line cannot be read: " + ex.Message, 1, innerException: ex);
            }

            if (headers.Length == 0 || headers.All(h => string.IsNullOrWhiteSpace(h.Trim('\uFEFF'))))
            {
                reader.Dispose();
                throw fileLength == 0
                    ? new NoDataException(displayName, "the file is empty.")
                    : new NoDataException(displayName, "the file holds no header and no data (only a byte-order mark, separators or blank lines).");
            }

            CheckHeaders(displayName, headers, limits);
            return new CsvRowSource(file, stream, reader, headers, compressed, encodingName, displayName, limits, ct);
        }
        catch
        {
            stream.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Gzip by extension or by its magic bytes 1F 8B.</summary>
    public static bool IsGzip(string path)
    {
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var f = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        return f.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    public override DetectedFormat Format(char decimalSeparator, DateLayout dateLayout) =>
        new("csv", Delimiter, _encodingName, decimalSeparator, dateLayout, _compressed, []);

    protected override bool MoveNext()
    {
        _used = 0;
        if (_reader.Read())
        {
            return true;
        }

        CheckGzipLength();
        return false;
    }

    /// <summary>
    /// GZipStream ends quietly on a truncated file; the gzip trailer stores the uncompressed length (mod 2^32), so a
    /// mismatch reveals a cut-off upload. Only a warning: files of several concatenated gzip members also differ.
    /// </summary>
    private void CheckGzipLength()
    {
        if (_stream is not ReadAheadStream inflated || _checkedLength)
        {
            return;
        }

        _checkedLength = true;
        Span<byte> trailer = stackalloc byte[4];
        using var f = new FileStream(_file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        f.Seek(-4, SeekOrigin.End);
        f.ReadExactly(trailer);
        var expected = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if ((uint)inflated.BytesRead != expected)
        {
            Warnings.Add($"The gzip data ends after {inflated.BytesRead:N0} bytes but its trailer announces {expected:N0}: the file looks truncated, so its last lines may be missing.");
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>\N</c>, the null of PostgreSQL and MySQL exports, reads as an empty (missing) field, as the DuckDB path reads
    /// it (<see cref="Sources.DuckDbFileSource.NullTexts"/>).
    /// </remarks>
    public override ReadOnlySpan<char> Field(int index)
    {
        var utf8 = _reader.GetSpan(index);
        if (utf8.IsEmpty || (utf8.Length == 2 && utf8[0] == (byte)'\\' && utf8[1] == (byte)'N'))
        {
            return [];
        }

        if (_chars.Length - _used < utf8.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + utf8.Length));
        }

        var destination = _chars.AsSpan(_used);
        var status = Utf8.ToUtf16(utf8, destination, out _, out var written, replaceInvalidSequences: true);
        if (status != System.Buffers.OperationStatus.Done && !_warnedInvalidUtf8)
        {
            _warnedInvalidUtf8 = true;
            Warnings.Add($"Line {Line}: invalid UTF-8 bytes were replaced by '\uFFFD'.");
        }

        CheckFieldLength(written, index);
        var span = _chars.AsSpan(_used, written);
        _used += written;
        return span;
    }

    public override string RawRow() => Encoding.UTF8.GetString(_reader.RawRecord);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _stream.Dispose();
            _file.Dispose();
        }
    }

    /// <summary>
    /// UTF-8 (with or without BOM) when the first megabyte is valid UTF-8; otherwise Windows-1252, the usual
    /// encoding of CSV files saved by Excel on Western Windows (a superset of ISO-8859-1's printable range).
    /// </summary>
    private static (Encoding? Encoding, string Name) SniffEncoding(string path, bool compressed)
    {
        using var file = File.OpenRead(path);
        using var stream = compressed ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        var buffer = new byte[SniffBytes];
        int read;
        try
        {
            read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException)
        {
            // A damaged gzip stream is reported by the main read with line details.
            return (null, "utf-8");
        }

        var bytes = buffer.AsSpan(0, read);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (null, "utf-8 (BOM)");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (null, "utf-16");
        }

        var chars = new char[read];
        var status = Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: read < SniffBytes);
        if (status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData)
        {
            return (null, "utf-8");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return (Encoding.GetEncoding(1252), "windows-1252");
    }
}
