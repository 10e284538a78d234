using System.Globalization;
using System.IO.Compression;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Which column (0-based) of an order-line file holds what; null lets <see cref="OrderLineReader"/> decide from the
/// header or, without one, from the values.
/// </summary>
public sealed record OrderLineReadOptions
{
    /// <summary>Decide everything from the file.</summary>
    public static OrderLineReadOptions Default { get; } = new();

    /// <summary>Column of the customer id.</summary>
    public int? CustomerColumn { get; init; }

    /// <summary>Column of the purchase date.</summary>
    public int? DateColumn { get; init; }

    /// <summary>Column of the purchase amount.</summary>
    public int? AmountColumn { get; init; }

    /// <summary>Column of the quantity (optional).</summary>
    public int? QuantityColumn { get; init; }

    /// <summary>Column of the order id (optional).</summary>
    public int? OrderIdColumn { get; init; }

    /// <summary>Date formats tried in order (invariant culture).</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = ["yyyyMMdd", "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss"];
}

/// <summary>What an order-line file held: the purchases, the columns used, and the lines that could not be used.</summary>
public sealed record OrderLineReadResult(
    PurchaseLog Purchases,
    double[]? Quantities,
    string[]? OrderIds,
    long LinesRead,
    bool HasHeader,
    IReadOnlyDictionary<ColumnRole, int> Columns,
    IReadOnlyList<ParseIssue> Issues,
    long IssueCount);

/// <summary>
/// Reads order-line files: one row per order or purchase with a customer, a date and an amount (optionally an order
/// id and a quantity) and no products, such as the CDNOW files — whitespace-, comma-, semicolon- or tab-separated,
/// with or without a header, plain or gzip-compressed, <c>yyyyMMdd</c> dates. Hand-written rather than CsvHelper
/// because these files are space-padded columns, not delimited records.
/// </summary>
public static class OrderLineReader
{
    private const int MaxIssuesKept = 20;
    private static readonly char[] Separators = [' ', '\t', ',', ';'];

    /// <summary>Reads a file by path.</summary>
    /// <exception cref="DataFileException">No usable line, or the columns cannot be told apart.</exception>
    public static OrderLineReadResult Read(string path, OrderLineReadOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path), options);
    }

    /// <summary>Reads a stream (gzip is detected from its first bytes).</summary>
    /// <exception cref="DataFileException">No usable line, or the columns cannot be told apart.</exception>
    public static OrderLineReadResult Read(Stream stream, string fileName, OrderLineReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= OrderLineReadOptions.Default;
        using var reader = new StreamReader(OpenMaybeGzip(stream));
        var first = reader.ReadLine();
        long lineNumber = 1;
        while (first is not null && string.IsNullOrWhiteSpace(first))
        {
            first = reader.ReadLine();
            lineNumber++;
        }

        if (first is null)
        {
            throw new DataFileException(fileName, "the file is empty.");
        }

        var firstFields = Split(first);
        var hasHeader = !firstFields.Any(f => TryDate(f, options, out _));
        var columns = hasHeader ? FromHeader(firstFields, options, fileName) : FromValues(firstFields, options, fileName);

        var ids = new StringPool();
        var customer = new List<int>();
        var date = new List<DateTime>();
        var amount = new List<double>();
        List<double>? quantity = columns.ContainsKey(ColumnRole.Quantity) ? [] : null;
        List<string>? order = columns.ContainsKey(ColumnRole.Invoice) ? [] : null;
        var issues = new List<ParseIssue>();
        long issueCount = 0, linesRead = 0;
        var needed = columns.Values.Max() + 1;

        void Parse(string line, long number)
        {
            linesRead++;
            var fields = Split(line);
            string? problem = null, column = null, raw = null;
            DateTime day = default;
            double value = 0, items = 0;
            if (fields.Length < needed)
            {
                (problem, column, raw) = ($"has {fields.Length} fields, {needed} expected", "line", line.Trim());
            }
            else if (!TryDate(fields[columns[ColumnRole.Date]], options, out day))
            {
                (problem, column, raw) = ("is not a date", "date", fields[columns[ColumnRole.Date]]);
            }
            else if (!double.TryParse(fields[columns[ColumnRole.Price]], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                (problem, column, raw) = ("is not a number", "amount", fields[columns[ColumnRole.Price]]);
            }
            else if (quantity is not null && !double.TryParse(fields[columns[ColumnRole.Quantity]], NumberStyles.Float, CultureInfo.InvariantCulture, out items))
            {
                (problem, column, raw) = ("is not a number", "quantity", fields[columns[ColumnRole.Quantity]]);
            }

            if (problem is not null)
            {
                issueCount++;
                if (issues.Count < MaxIssuesKept)
                {
                    issues.Add(new ParseIssue(number, column!, raw!, problem));
                }

                return;
            }

            customer.Add(ids.Intern(fields[columns[ColumnRole.Customer]]));
            date.Add(day);
            amount.Add(value);
            quantity?.Add(items);
            order?.Add(fields[columns[ColumnRole.Invoice]]);
        }

        if (!hasHeader)
        {
            Parse(first, lineNumber);
        }

        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                Parse(line, lineNumber);
            }
        }

        if (customer.Count == 0)
        {
            throw new DataFileException(fileName, issues.Count > 0
                ? $"no line could be read; the first problem: {issues[0]}."
                : "the file has a header but no data lines.");
        }

        var log = new PurchaseLog([.. ids.Values], [.. customer], [.. date], [.. amount]);
        return new OrderLineReadResult(log, quantity?.ToArray(), order?.ToArray(), linesRead, hasHeader, columns, issues, issueCount);
    }

    private static Stream OpenMaybeGzip(Stream stream)
    {
        if (!stream.CanSeek)
        {
            // Order-line files are small; a copy lets the first bytes be looked at and read again.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        Span<byte> magic = stackalloc byte[2];
        var start = stream.Position;
        var peek = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return peek == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    private static string[] Split(string line) => line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryDate(string text, OrderLineReadOptions options, out DateTime value)
    {
        foreach (var format in options.DateFormats)
        {
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    private static Dictionary<ColumnRole, int> FromHeader(string[] header, OrderLineReadOptions options, string fileName)
    {
        int Find(int? given, params string[] names)
        {
            if (given is { } g)
            {
                return g;
            }

            for (var i = 0; i < header.Length; i++)
            {
                var name = header[i].ToLowerInvariant();
                if (names.Any(name.Contains))
                {
                    return i;
                }
            }

            return -1;
        }

        var columns = new Dictionary<ColumnRole, int>
        {
            [ColumnRole.Customer] = Find(options.CustomerColumn, "customer", "client", "user"),
            [ColumnRole.Date] = Find(options.DateColumn, "date", "day"),
            [ColumnRole.Price] = Find(options.AmountColumn, "dollar", "amount", "value", "revenue", "sales", "spend", "total"),
        };
        if (columns[ColumnRole.Customer] < 0 && header.Length > 0 && header[0].Equals("id", StringComparison.OrdinalIgnoreCase))
        {
            columns[ColumnRole.Customer] = 0;
        }

        foreach (var (role, index) in columns)
        {
            if (index < 0)
            {
                throw new DataFileException(fileName, $"no column of the header ({string.Join(", ", header)}) looks like the {Describe(role)}; name it in the column mapping.");
            }
        }

        AddOptional(columns, ColumnRole.Quantity, Find(options.QuantityColumn, "quantity", "qty", "number", "items", "cds"));
        AddOptional(columns, ColumnRole.Invoice, Find(options.OrderIdColumn, "order", "invoice"));
        return columns;
    }

    // Without a header: the date is the first field that parses as a date, the amount the last field, the customer
    // the first field that is not the date, a quantity the one whole-number field between date and amount.
    private static Dictionary<ColumnRole, int> FromValues(string[] fields, OrderLineReadOptions options, string fileName)
    {
        var date = options.DateColumn ?? Array.FindIndex(fields, f => TryDate(f, options, out _));
        var amount = options.AmountColumn ?? fields.Length - 1;
        var customer = options.CustomerColumn ?? (date == 0 ? 1 : 0);
        if (fields.Length < 3 || date == amount || customer == amount || customer == date)
        {
            throw new DataFileException(fileName, $"a line needs a customer, a date and an amount, but the first line has {fields.Length} fields ({string.Join(" ", fields)}); name the columns in the column mapping.");
        }

        var columns = new Dictionary<ColumnRole, int> { [ColumnRole.Customer] = customer, [ColumnRole.Date] = date, [ColumnRole.Price] = amount };
        var between = Enumerable.Range(date + 1, Math.Max(0, amount - date - 1)).Where(i => i != customer && long.TryParse(fields[i], CultureInfo.InvariantCulture, out _)).ToList();
        AddOptional(columns, ColumnRole.Quantity, options.QuantityColumn ?? (between.Count == 1 ? between[0] : -1));
        AddOptional(columns, ColumnRole.Invoice, options.OrderIdColumn ?? -1);
        return columns;
    }

    private static void AddOptional(Dictionary<ColumnRole, int> columns, ColumnRole role, int index)
    {
        if (index >= 0 && !columns.ContainsValue(index))
        {
            columns[role] = index;
        }
    }

    private static string Describe(ColumnRole role) => role switch
    {
        ColumnRole.Customer => "customer id",
        ColumnRole.Date => "purchase date",
        _ => "amount",
    };
}
