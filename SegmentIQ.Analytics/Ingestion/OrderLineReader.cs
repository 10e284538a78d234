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

    /// <summary>
    /// Role → column name, as the column-mapping dialog returns it: a header, or for a file without one the names of
    /// <see cref="OrderLineReader.ColumnNames"/>. Applied before the numbered columns above.
    /// </summary>
    public IReadOnlyDictionary<ColumnRole, string>? Mapping { get; init; }

    /// <summary>Size limits enforced while reading.</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;

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
    long IssueCount)
{
    /// <summary>The 1-based file line of each purchase, for messages.</summary>
    public int[] SourceLines { get; init; } = [];

    /// <summary>The column names shown for the file: its header, or <see cref="OrderLineReader.ColumnNames"/> without one.</summary>
    public IReadOnlyList<string> ColumnNames { get; init; } = [];
}

/// <summary>
/// The columns of an order-line file cannot be told apart: carries the column names and the roles found and missing,
/// for the column-mapping dialog.
/// </summary>
public sealed class OrderLineColumnsException(
    string fileName, string problem, IReadOnlyList<string> columnNames, IReadOnlyDictionary<ColumnRole, string> matched, IReadOnlyList<ColumnRole> missing)
    : DataFileException(fileName, problem)
{
    /// <summary>The column names (header, or numbered columns with an example value).</summary>
    public IReadOnlyList<string> ColumnNames { get; } = columnNames;

    /// <summary>The roles that were found, by column name.</summary>
    public IReadOnlyDictionary<ColumnRole, string> Matched { get; } = matched;

    /// <summary>The required roles still without a column.</summary>
    public IReadOnlyList<ColumnRole> Missing { get; } = missing;
}

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

    /// <summary>The roles an order-line file must have: customer, date and amount (<see cref="ColumnRole.Price"/>).</summary>
    public static IReadOnlyList<ColumnRole> RequiredRoles { get; } = [ColumnRole.Customer, ColumnRole.Date, ColumnRole.Price];

    /// <summary>
    /// The roles an order-line file may have: quantity and order id. In a mapping, an empty column name for one of them
    /// means the file has no such column (nothing is guessed).
    /// </summary>
    public static IReadOnlyList<ColumnRole> OptionalRoles { get; } = [ColumnRole.Quantity, ColumnRole.Invoice];

    /// <summary>
    /// The names the columns of a file without a header go by: <c>Column 1 (00004)</c>, numbered from 1, with the
    /// first line's value, so a person can tell them apart in the mapping dialog.
    /// </summary>
    public static IReadOnlyList<string> ColumnNames(IReadOnlyList<string> firstLineFields)
    {
        ArgumentNullException.ThrowIfNull(firstLineFields);
        return [.. firstLineFields.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"Column {i + 1} ({f})"))];
    }

    /// <summary>
    /// True when the first non-empty line of the file (gzip or plain text) looks like an order line rather than a
    /// header: it has at least three fields and one of them is a date. Transaction files and customer tables always
    /// start with a header, so a file that starts with data is read as order lines; so is a header separated by
    /// spaces only (the CDNOW master), which no delimited reader can split.
    /// </summary>
    /// <exception cref="ReadLimitException">The first line breaks a size limit.</exception>
    public static bool LooksLikeOrderLines(string path, string displayName, OrderLineReadOptions? options = null)
    {
        options ??= OrderLineReadOptions.Default;
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(OpenMaybeGzip(file, displayName, options.Limits, CancellationToken.None));
        string? line;
        do
        {
            line = reader.ReadLine();
        }
        while (line is not null && string.IsNullOrWhiteSpace(line));

        if (line is null)
        {
            return false;
        }

        var fields = Split(line);
        if (fields.Length < 3)
        {
            return false;
        }

        return fields.Any(f => TryDate(f, options, out _)) || line.IndexOfAny([',', ';', '\t', '|', '"']) < 0;
    }

    /// <summary>
    /// True when the headers of a delimited file name a customer, a date and an amount but no product: an order-line
    /// file with a header (<paramref name="namesProduct"/>: whether a header matched a product or description alias).
    /// </summary>
    public static bool HeaderLooksLikeOrderLines(IReadOnlyList<string> headers, bool namesProduct)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return !namesProduct && FindHeaderRoles([.. headers], OrderLineReadOptions.Default).Where(kv => RequiredRoles.Contains(kv.Key)).All(kv => kv.Value >= 0);
    }

    /// <summary>
    /// Reads <paramref name="path"/> into a transaction table of one line per order (no products, quantity 1 unless
    /// the file has a quantity column, unit price = amount / quantity), so features, cleaning, lifetime value and
    /// snapshots over time read it as they read invoice lines. Bad lines are reported, not thrown.
    /// </summary>
    /// <exception cref="OrderLineColumnsException">The columns need mapping.</exception>
    /// <exception cref="DataFileException">No usable line.</exception>
    public static DataFileReadResult ReadTransactions(string path, string displayName, OrderLineReadOptions? options, CancellationToken cancellationToken)
    {
        using var file = File.OpenRead(path);
        var read = Read(file, displayName, options, cancellationToken);
        var n = read.Purchases.Count;
        var pools = new TransactionPools();
        foreach (var id in read.Purchases.CustomerIds)
        {
            pools.Customers.Intern(id);
        }

        var invoice = new int[n];
        var quantity = new double[n];
        var price = new double[n];
        var none = new int[n];
        Array.Fill(none, -1);
        for (var i = 0; i < n; i++)
        {
            // Without an order id every line is its own order, named by its line number.
            invoice[i] = pools.Invoices.Intern(read.OrderIds?[i] ?? string.Create(CultureInfo.InvariantCulture, $"line {read.SourceLines[i]}"));
            var amount = read.Purchases.Amount[i];
            var items = read.Quantities?[i] ?? 1;
            (quantity[i], price[i]) = items > 0 ? (items, amount / items) : (items, amount);
        }

        var table = new TransactionTable(
            n, invoice, (int[])none.Clone(), (int[])none.Clone(), quantity, read.Purchases.Date, price,
            read.Purchases.Customer, none, read.SourceLines, pools)
        {
            HasProducts = false,
            HasQuantities = read.Quantities is not null,
        };
        var mapping = read.Columns.ToDictionary(kv => kv.Key, kv => read.ColumnNames[kv.Value]);
        var format = new DetectedFormat(
            read.HasHeader ? "order lines" : "order lines without a header", null, "UTF-8", '.', DateLayout.Auto,
            IsGzip(path), []);
        List<string> warnings =
        [
            "Order lines: one row per order and no products, so Market Basket and Recommendations are not available for this file.",
        ];
        return new DataFileReadResult(
            displayName, FileShape.OrderLines, read.ColumnNames, format, mapping, [], table, null, read.LinesRead,
            read.Issues, read.IssueCount, warnings);
    }

    /// <summary>Reads a stream (gzip is detected from its first bytes).</summary>
    /// <exception cref="DataFileException">No usable line, or the columns cannot be told apart.</exception>
    public static OrderLineReadResult Read(Stream stream, string fileName, OrderLineReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= OrderLineReadOptions.Default;
        using var reader = new StreamReader(OpenMaybeGzip(stream, fileName, options.Limits, cancellationToken));
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
        var names = hasHeader ? firstFields : ColumnNames(firstFields);
        options = WithMapping(options, names, fileName);
        var columns = hasHeader ? FromHeader(firstFields, options, fileName) : FromValues(firstFields, names, options, fileName);

        var ids = new StringPool();
        var customer = new List<int>();
        var date = new List<DateTime>();
        var amount = new List<double>();
        List<double>? quantity = columns.ContainsKey(ColumnRole.Quantity) ? [] : null;
        List<string>? order = columns.ContainsKey(ColumnRole.Invoice) ? [] : null;
        var sourceLine = new List<int>();
        var issues = new List<ParseIssue>();
        long issueCount = 0, linesRead = 0;
        var needed = columns.Values.Max() + 1;

        void Parse(string line, long number)
        {
            linesRead++;
            if (linesRead > options.Limits.MaxRows)
            {
                throw new ReadLimitException(fileName, nameof(ReaderLimits.MaxRows), options.Limits.MaxRows, "the number of data rows", number);
            }

            if ((linesRead & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

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
            sourceLine.Add((int)Math.Min(int.MaxValue, number));
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
        return new OrderLineReadResult(log, quantity?.ToArray(), order?.ToArray(), linesRead, hasHeader, columns, issues, issueCount)
        {
            SourceLines = [.. sourceLine],
            ColumnNames = names,
        };
    }

    private static Stream OpenMaybeGzip(Stream stream, string fileName, ReaderLimits limits, CancellationToken cancellationToken)
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
        var maxBytes = (limits.MaxDecompressedBytes, nameof(ReaderLimits.MaxDecompressedBytes));
        var source = stream;
        return peek == 2 && magic[0] == 0x1f && magic[1] == 0x8b
            ? new LimitedReadStream(new GZipStream(stream, CompressionMode.Decompress), () => source.Position, limits, fileName, "the decompressed text", maxBytes, RunLimit.Lines(limits), cancellationToken)
            : new LimitedReadStream(stream, null, limits, fileName, "the text", maxBytes, RunLimit.Lines(limits), cancellationToken);
    }

    private static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        return file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    // The mapping dialog names columns; the reader works with their positions.
    private static OrderLineReadOptions WithMapping(OrderLineReadOptions options, IReadOnlyList<string> names, string fileName)
    {
        if (options.Mapping is not { Count: > 0 } mapping)
        {
            return options;
        }

        int? IndexOf(ColumnRole role)
        {
            if (!mapping.TryGetValue(role, out var name))
            {
                return null;
            }

            if (name.Length == 0)
            {
                // An empty name is the dialog's "(none)": the file has no such column, nothing is guessed for it.
                return RequiredRoles.Contains(role)
                    ? throw new DataFileException(fileName, $"the mapping gives no column for the {Describe(role)}, which an order line needs.")
                    : -1;
            }

            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new DataFileException(fileName, $"the mapping names column '{name}' for the {Describe(role)}, but the file has no such column. Columns: {string.Join(", ", names)}.");
        }

        return options with
        {
            CustomerColumn = IndexOf(ColumnRole.Customer) ?? options.CustomerColumn,
            DateColumn = IndexOf(ColumnRole.Date) ?? options.DateColumn,
            AmountColumn = IndexOf(ColumnRole.Price) ?? options.AmountColumn,
            QuantityColumn = IndexOf(ColumnRole.Quantity) ?? options.QuantityColumn,
            OrderIdColumn = IndexOf(ColumnRole.Invoice) ?? options.OrderIdColumn,
        };
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

    /// <summary>The column of each role the header names (-1 when none does), as an order-line file would be read.</summary>
    internal static Dictionary<ColumnRole, int> HeaderRoles(IReadOnlyList<string> headers) => FindHeaderRoles([.. headers], OrderLineReadOptions.Default);

    private static Dictionary<ColumnRole, int> FindHeaderRoles(string[] header, OrderLineReadOptions options)
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

        AddOptional(columns, ColumnRole.Quantity, Find(options.QuantityColumn, "quantity", "qty", "number", "items", "cds"));
        AddOptional(columns, ColumnRole.Invoice, Find(options.OrderIdColumn, "order", "invoice"));
        return columns;
    }

    private static Dictionary<ColumnRole, int> FromHeader(string[] header, OrderLineReadOptions options, string fileName)
    {
        var columns = FindHeaderRoles(header, options);
        var missing = RequiredRoles.Where(r => columns[r] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new OrderLineColumnsException(
                fileName,
                $"no column of the header ({string.Join(", ", header)}) looks like the {string.Join(" or the ", missing.Select(Describe))}; name it in the column mapping.",
                header,
                columns.Where(kv => kv.Value >= 0).ToDictionary(kv => kv.Key, kv => header[kv.Value]),
                missing);
        }

        return columns;
    }

    // Without a header: the date is the first field that parses as a date, the amount the last field, the customer
    // the first field that is not the date, a quantity the one whole-number field between date and amount.
    private static Dictionary<ColumnRole, int> FromValues(string[] fields, IReadOnlyList<string> names, OrderLineReadOptions options, string fileName)
    {
        var date = options.DateColumn ?? Array.FindIndex(fields, f => TryDate(f, options, out _));
        var amount = options.AmountColumn ?? fields.Length - 1;
        var customer = options.CustomerColumn ?? (date == 0 ? 1 : 0);
        if (fields.Length < 3 || date == amount || customer == amount || customer == date || Math.Max(date, Math.Max(amount, customer)) >= fields.Length)
        {
            var found = new Dictionary<ColumnRole, string>();
            if (date >= 0 && date < names.Count && date != amount)
            {
                found[ColumnRole.Date] = names[date];
            }

            throw new OrderLineColumnsException(
                fileName,
                $"a line needs a customer, a date and an amount, but the columns of the first line ({string.Join(" ", fields)}) cannot be told apart; name them in the column mapping.",
                names,
                found,
                [.. RequiredRoles.Where(r => !found.ContainsKey(r))]);
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
        ColumnRole.Quantity => "quantity",
        ColumnRole.Invoice => "order id",
        _ => "amount",
    };
}
