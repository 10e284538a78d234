using System.IO.Compression;
using System.Text;

namespace SegmentIQ.Analytics.Baskets;

/// <summary>How items are separated on a line of a basket file.</summary>
public enum BasketSeparator
{
    /// <summary>Comma when any of the first lines holds a comma, otherwise whitespace.</summary>
    Auto,

    /// <summary>Items separated by commas (items may contain spaces, e.g. "whole milk").</summary>
    Comma,

    /// <summary>Items separated by spaces or tabs (the FIMI <c>.dat</c> format).</summary>
    Whitespace,
}

/// <summary>Raised when a basket file cannot be read; names the file and the 1-based line.</summary>
public sealed class BasketFormatException(string source, int line, string message)
    : FormatException(line > 0 ? $"{source}, line {line}: {message}" : $"{source}: {message}")
{
    /// <summary>The file (or stream) name.</summary>
    public string SourceName { get; } = source;

    /// <summary>1-based line number, 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; } = line;
}

/// <summary>
/// Reads basket-format files: one basket per line, items separated by commas or whitespace, no header, lines of any
/// length (e.g. the arules Groceries CSV or the FIMI <c>retail.dat</c>). Gzip input is recognised by its magic bytes.
/// Tokens are trimmed; a repeated item in a basket counts once; blank lines are skipped and reported as a warning.
/// </summary>
public static class BasketFileReader
{
    private const int SniffLines = 200;

    /// <summary>Reads a file (plain or gzip).</summary>
    public static BasketDatabase ReadFile(string path, BasketSeparator separator = BasketSeparator.Auto, CancellationToken cancellationToken = default) =>
        ReadFile(path, Path.GetFileName(path), separator, Ingestion.ReaderLimits.Default, cancellationToken);

    /// <summary>
    /// Reads a file (plain or gzip) under <paramref name="limits"/> (decompressed bytes, compression ratio, line length),
    /// naming it <paramref name="displayName"/>. A damaged gzip stream is a <see cref="BasketFormatException"/>; a passed
    /// limit an <see cref="Ingestion.ReadLimitException"/>.
    /// </summary>
    public static BasketDatabase ReadFile(string path, string displayName, BasketSeparator separator, Ingestion.ReaderLimits limits, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(limits);
        using var file = File.OpenRead(path);
        var decoded = MaybeGunzip(file);
        var compressed = !ReferenceEquals(decoded, file);
        using var limited = new Ingestion.LimitedReadStream(
            decoded, compressed ? () => file.Position : null, limits, displayName, compressed ? "the decompressed text" : "the text",
            (limits.MaxDecompressedBytes, nameof(Ingestion.ReaderLimits.MaxDecompressedBytes)), Ingestion.RunLimit.Lines(limits), cancellationToken);
        try
        {
            using var reader = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            return Read(reader, displayName, separator, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new BasketFormatException(displayName, 0, "the compressed (gzip) data is damaged, truncated or not gzip at all: " + ex.Message);
        }
    }

    /// <summary>Reads a stream (plain or gzip, UTF-8); <paramref name="sourceName"/> names it in messages.</summary>
    public static BasketDatabase Read(Stream stream, string sourceName, BasketSeparator separator = BasketSeparator.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var decoded = MaybeGunzip(stream);
        try
        {
            using var reader = new StreamReader(decoded, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            return Read(reader, sourceName, separator, cancellationToken);
        }
        finally
        {
            // The decoder (never the caller's stream) is ours to release.
            if (!ReferenceEquals(decoded, stream))
            {
                decoded.Dispose();
            }
        }
    }

    /// <summary>Reads baskets from a text reader; <paramref name="sourceName"/> names it in messages.</summary>
    public static BasketDatabase Read(TextReader reader, string sourceName, BasketSeparator separator = BasketSeparator.Auto, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        sourceName = string.IsNullOrWhiteSpace(sourceName) ? "basket file" : sourceName;
        if (!Enum.IsDefined(separator))
        {
            throw new ArgumentOutOfRangeException(nameof(separator), separator, "BasketSeparator must be Auto, Comma or Whitespace.");
        }

        // Buffer the first lines so the separator can be chosen before anything is split.
        var head = new List<string>(SniffLines);
        string? line;
        while (head.Count < SniffLines && (line = reader.ReadLine()) is not null)
        {
            head.Add(line);
        }

        if (separator == BasketSeparator.Auto)
        {
            separator = head.Exists(l => l.Contains(',', StringComparison.Ordinal)) ? BasketSeparator.Comma : BasketSeparator.Whitespace;
        }

        var firstNonBlank = head.FindIndex(l => !string.IsNullOrWhiteSpace(l));
        if (firstNonBlank >= 0 && BasketFileDetector.LooksLikeTransactionHeader(head[firstNonBlank]))
        {
            throw new BasketFormatException(sourceName, firstNonBlank + 1,
                "the first line is a header of transaction columns (InvoiceNo, StockCode…): this is a transaction table, not a basket file.");
        }

        var builder = new BasketBuilder();
        var blank = 0;
        var emptyTokens = 0;
        var lineNo = 0;
        foreach (var l in head)
        {
            AddLine(builder, l, ++lineNo, separator, sourceName, ref blank, ref emptyTokens);
        }

        while ((line = reader.ReadLine()) is not null)
        {
            if ((++lineNo & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            AddLine(builder, line, lineNo, separator, sourceName, ref blank, ref emptyTokens);
        }

        if (builder.BasketCount == 0)
        {
            throw new BasketFormatException(sourceName, 0, "the file holds no baskets (every line is empty).");
        }

        var warnings = new List<string>();
        if (blank > 0)
        {
            warnings.Add($"{blank:N0} blank lines were skipped (not counted as baskets).");
        }

        if (emptyTokens > 0)
        {
            warnings.Add($"{emptyTokens:N0} empty items (doubled separators) were ignored.");
        }

        return builder.Build(warnings);
    }

    private static void AddLine(BasketBuilder builder, string line, int lineNo, BasketSeparator separator, string source, ref int blank, ref int emptyTokens)
    {
        if (line.Contains('\0', StringComparison.Ordinal))
        {
            throw new BasketFormatException(source, lineNo, "binary content (NUL character): this is not a text basket file.");
        }

        var span = line.AsSpan();
        var added = 0;
        var empties = 0;
        while (true)
        {
            var cut = separator == BasketSeparator.Comma ? span.IndexOf(',') : span.IndexOfAny(' ', '\t');
            var token = (cut < 0 ? span : span[..cut]).Trim();
            if (token.Length >= 2 && token[0] == '"' && token[^1] == '"')
            {
                token = token[1..^1].Trim();
            }

            if (token.IsEmpty)
            {
                empties++;
            }
            else
            {
                builder.Add(token);
                added++;
            }

            if (cut < 0)
            {
                break;
            }

            span = span[(cut + 1)..];
        }

        if (added == 0)
        {
            blank++;
            return;
        }

        // Whitespace runs and trailing spaces (FIMI lines end with a space) are not missing items.
        if (separator == BasketSeparator.Comma)
        {
            emptyTokens += empties;
        }

        builder.EndBasket();
    }

    /// <summary>
    /// Wraps the stream in a gzip decoder when it starts with the gzip magic bytes. A wrapper returned here never
    /// closes <paramref name="stream"/> when disposed.
    /// </summary>
    internal static Stream MaybeGunzip(Stream stream)
    {
        if (!stream.CanSeek)
        {
            // Forward-only (e.g. an upload body): read the two magic bytes and replay them in front of the rest.
            var first = new byte[2];
            var read = stream.ReadAtLeast(first, 2, throwOnEndOfStream: false);
            Stream prefixed = new PrefixedStream(first.AsSpan(0, read).ToArray(), stream);
            return read == 2 && first[0] == 0x1F && first[1] == 0x8B ? new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: true) : prefixed;
        }

        var pos = stream.Position;
        var b0 = stream.ReadByte();
        var b1 = stream.ReadByte();
        stream.Position = pos;
        return b0 == 0x1F && b1 == 0x8B ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
    }

    /// <summary>Replays a few already-read bytes before the rest of a forward-only stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _pos;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pos < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _pos);
                prefix.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
