using System.Globalization;
using System.Text;

namespace SegmentIQ.Analytics.Baskets;

/// <summary>The verdict of <see cref="BasketFileDetector"/>: whether a file is a basket file, and why.</summary>
/// <param name="IsBasketFile">True when the lines look like one basket per line.</param>
/// <param name="Separator">The item separator to read it with (meaningful when <paramref name="IsBasketFile"/>).</param>
/// <param name="Reason">A sentence the upload page can show.</param>
public sealed record BasketDetection(bool IsBasketFile, BasketSeparator Separator, string Reason);

/// <summary>
/// Decides from the first lines of a file whether it is a basket file (one basket per line, no header) rather than a
/// transaction table. Deliberately conservative: a table must never be taken for baskets, so every doubt
/// (header of known columns, quotes, equal field counts, decimal numbers or dates, free text) answers "not baskets".
/// </summary>
public static class BasketFileDetector
{
    private const int MaxLines = 200;
    private const int MaxBytes = 1 << 16;

    private static readonly HashSet<string> TransactionColumns = new(StringComparer.Ordinal)
    {
        "invoiceno", "invoice", "invoiceid", "invoicenumber", "invoicedate", "stockcode", "sku", "productid", "productcode",
        "product", "description", "quantity", "qty", "unitprice", "price", "customerid", "customer", "customerno",
        "country", "date", "orderid", "orderdate", "transactionid", "amount", "channel", "region",
    };

    /// <summary>Looks at the first lines of a text (e.g. a preview of the upload).</summary>
    public static BasketDetection Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        using var reader = new StringReader(text);
        while (lines.Count < MaxLines && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return Detect(lines);
    }

    /// <summary>
    /// Looks at the first 64 KB of a stream (gzip recognised). A seekable stream is rewound to where it was; a
    /// forward-only stream is consumed, so pass a copy or a fresh stream in that case.
    /// </summary>
    public static BasketDetection Detect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = stream.CanSeek ? stream.Position : 0;
        Stream? source = null;
        try
        {
            source = BasketFileReader.MaybeGunzip(stream);
            var buffer = new byte[MaxBytes];
            int read;
            try
            {
                read = source.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException)
            {
                // Damaged gzip: not for the basket reader to judge; the table reader names the problem.
                return new BasketDetection(false, BasketSeparator.Auto, "The compressed data cannot be read.");
            }

            var text = Encoding.UTF8.GetString(buffer, 0, read);
            if (read == buffer.Length)
            {
                // The last line is probably cut; drop it so its field count does not count as ragged.
                var lastBreak = text.LastIndexOf('\n');
                text = lastBreak > 0 ? text[..lastBreak] : text;
            }

            return Detect(text);
        }
        finally
        {
            if (source is not null && !ReferenceEquals(source, stream))
            {
                source.Dispose();
            }

            if (stream.CanSeek)
            {
                stream.Position = start;
            }
        }
    }

    /// <summary>Looks at the given first lines of a file.</summary>
    public static BasketDetection Detect(IReadOnlyList<string> firstLines)
    {
        ArgumentNullException.ThrowIfNull(firstLines);
        var lines = new List<string>();
        foreach (var l in firstLines)
        {
            if (!string.IsNullOrWhiteSpace(l))
            {
                lines.Add(l.TrimStart('\uFEFF'));
            }

            if (lines.Count == MaxLines)
            {
                break;
            }
        }

        if (lines.Count < 2)
        {
            return No("fewer than two non-empty lines: too little to tell.");
        }

        if (LooksLikeTransactionHeader(lines[0]))
        {
            return No("the first line is a header of transaction columns.");
        }

        foreach (var l in lines)
        {
            foreach (var c in l)
            {
                if (c == '"' || c == ';' || c == '\t' || c == '|' || (char.IsControl(c) && c != '\r'))
                {
                    return No($"a line contains '{Printable(c)}', typical of a delimited table, not of a basket list.");
                }
            }
        }

        var separator = lines.Exists(l => l.Contains(',', StringComparison.Ordinal)) ? BasketSeparator.Comma : BasketSeparator.Whitespace;
        var fieldCounts = new HashSet<int>();
        var tokenLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var l in lines)
        {
            var tokens = separator == BasketSeparator.Comma
                ? l.Split(',', StringSplitOptions.TrimEntries)
                : l.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            fieldCounts.Add(tokens.Length);
            foreach (var t in tokens)
            {
                if (t.Length == 0)
                {
                    continue;
                }

                if (LooksLikeDecimalOrDate(t))
                {
                    return No($"'{t}' is a decimal number or a date: the file looks like a table of values.");
                }

                if (separator == BasketSeparator.Whitespace && !IsInteger(t))
                {
                    return No("space-separated lines of words look like free text; only integer item ids (FIMI format) are taken as baskets.");
                }

                total++;
                tokenLines[t] = tokenLines.GetValueOrDefault(t) + 1;
            }
        }

        if (fieldCounts.Count < 2)
        {
            return No($"every line has {fieldCounts.First()} fields: that is a table, baskets have ragged lines.");
        }

        if (tokenLines.Count == total)
        {
            return No("no item appears on two lines: nothing suggests repeated purchases of the same items.");
        }

        var sep = separator == BasketSeparator.Comma ? "commas" : "spaces";
        return new BasketDetection(true, separator, $"{lines.Count} lines of items separated by {sep}, of varying lengths, without a header: read as one basket per line.");
    }

    /// <summary>True when a line's fields name columns of a transaction table (InvoiceNo, StockCode, Quantity…).</summary>
    internal static bool LooksLikeTransactionHeader(string line)
    {
        var hits = 0;
        foreach (var raw in line.Split([',', ';', '\t', '|']))
        {
            var sb = new StringBuilder(raw.Length);
            foreach (var c in raw)
            {
                if (char.IsLetterOrDigit(c))
                {
                    sb.Append(char.ToLowerInvariant(c));
                }
            }

            if (TransactionColumns.Contains(sb.ToString()))
            {
                hits++;
            }
        }

        return hits >= 2;
    }

    private static bool IsInteger(string t) => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    private static bool LooksLikeDecimalOrDate(string t)
    {
        if (!t.Any(char.IsAsciiDigit))
        {
            return false;
        }

        if (t.Contains('.', StringComparison.Ordinal) && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        return t.IndexOfAny(['-', '/', ':']) > 0 && DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static string Printable(char c) => c switch
    {
        '\t' => "\\t",
        '\0' => "\\0",
        _ when char.IsControl(c) => $"U+{(int)c:X4}",
        _ => c.ToString(),
    };

    private static BasketDetection No(string reason) => new(false, BasketSeparator.Auto, "Not a basket file: " + reason);
}
