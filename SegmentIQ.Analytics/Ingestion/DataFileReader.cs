using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Reads a user's file (<c>.csv</c>/<c>.txt</c>/<c>.tsv</c>, optionally gzipped, or <c>.xlsx</c>) into columnar,
/// dictionary-encoded tables: transaction lines into a <see cref="TransactionTable"/>, one-row-per-customer tables
/// into a <see cref="CustomerFeatureTable"/>. Bad lines are collected as <see cref="ParseIssue"/>s, never thrown;
/// only a file that cannot be read at all throws <see cref="DataFileException"/>.
/// </summary>
public static class DataFileReader
{
    private const int ProgressEvery = 16_384;

    /// <summary>Reads <paramref name="path"/>; the kind is decided by extension (<c>.xlsx</c>) or content.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Detection overrides and the explicit column mapping; null for defaults.</param>
    /// <param name="progress">Rows read so far and the fraction of bytes consumed.</param>
    /// <param name="cancellationToken">Checked every few thousand rows.</param>
    public static DataFileReadResult Read(string path, DataFileReadOptions? options = null, IProgress<ReadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Read(path, Path.GetFileName(path), options, progress, cancellationToken);

    /// <summary>Reads <paramref name="path"/>, naming it <paramref name="displayName"/> in messages (an uploaded file's original name).</summary>
    public static DataFileReadResult Read(string path, string displayName, DataFileReadOptions? options, IProgress<ReadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(displayName);
        options ??= DataFileReadOptions.Default;
        options.Validate();
        if (!File.Exists(path))
        {
            throw new DataFileException(displayName, "the file does not exist.");
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new NoDataException(displayName, "the file is empty.");
        }

        var workbook = IsZip(path);
        RowSource? source = null;
        try
        {
            if (!workbook && (options.Shape == FileShape.OrderLines || (options.Shape == FileShape.Auto && OrderLineReader.LooksLikeOrderLines(path, displayName, OrderLineOptions(options)))))
            {
                return ReadOrderLines(path, displayName, options, cancellationToken);
            }

            source = OpenSource(path, workbook, displayName, options, cancellationToken);
            var matched = ColumnAliases.Match(source.Headers, options.Mapping);
            if (!workbook && options.Shape == FileShape.Auto
                && OrderLineReader.HeaderLooksLikeOrderLines(source.Headers, matched.ContainsKey(ColumnRole.Product) || matched.ContainsKey(ColumnRole.Description)))
            {
                var customerTable = OneRowPerCustomer(source, cancellationToken);
                source.Dispose();
                source = null;
                if (!customerTable)
                {
                    return ReadOrderLines(path, displayName, options, cancellationToken);
                }

                // A customer table with a date column (a sign-up date): read as what it is.
                source = OpenSource(path, workbook, displayName, options, cancellationToken);
                return ReadFrom(source, matched, displayName, options with { Shape = FileShape.CustomerTable }, progress, cancellationToken);
            }

            return ReadFrom(source, matched, displayName, options, progress, cancellationToken);
        }
        catch (InvalidDataException ex) when (!workbook)
        {
            // A truncated or damaged gzip stream (or a renamed non-gzip file) surfaces here, from the inflating thread.
            throw new CompressedDataException(displayName, "the compressed (gzip) data is damaged, truncated or not gzip at all: " + ex.Message, source?.Line, ex);
        }
        catch (InvalidDataException ex)
        {
            throw new WorkbookFormatException(displayName, $"a part of the workbook is damaged: {ex.Message}", source?.Line, innerException: ex);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new WorkbookFormatException(displayName, $"the workbook is not valid XML: {ex.Message}", source?.Line, innerException: ex);
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            throw new DataFileException(displayName, "the CSV text cannot be parsed: " + ex.Message, source?.Line, innerException: ex);
        }
        finally
        {
            source?.Dispose();
        }
    }

    /// <summary>How many data rows <see cref="OneRowPerCustomer"/> looks at before deciding.</summary>
    internal const int ShapeSampleRows = 50_000;

    /// <summary>
    /// A header naming a customer, a date and an amount but no product is usually an order-line file, but a customer
    /// table with a date column (CustomerID, SignupDate, Age, Income, SpendingScore: "spend" reads as an amount) has
    /// that header too. What tells them apart is the rows: a customer table has one row per customer and describes
    /// customers with more numbers than one amount. So: true (a customer table) when no customer id repeats in the
    /// first <see cref="ShapeSampleRows"/> rows and at least one numeric column has no order-line role (not the amount,
    /// quantity or order id). A repeated id settles it as order lines at once. The rows read are consumed.
    /// </summary>
    private static bool OneRowPerCustomer(RowSource source, CancellationToken cancellationToken)
    {
        var roles = OrderLineReader.HeaderRoles(source.Headers);
        var customer = roles[ColumnRole.Customer];
        var withRole = roles.Values.Where(i => i >= 0).ToHashSet();
        var candidates = Enumerable.Range(0, source.Headers.Count).Where(i => !withRole.Contains(i)).ToList();
        var numericSeen = new bool[source.Headers.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rows = 0;
        while (rows < ShapeSampleRows && source.Next())
        {
            if (++rows % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (customer < source.FieldCount && !ids.Add(source.Field(customer).Trim().ToString()))
            {
                return false;
            }

            // A column stays a candidate while every non-empty value in it is a number.
            for (var c = candidates.Count - 1; c >= 0; c--)
            {
                var i = candidates[c];
                ReadOnlySpan<char> text = i < source.FieldCount ? source.Field(i).Trim() : [];
                if (text.IsEmpty)
                {
                    continue;
                }

                if (NumberText.TryParse(text, '.', out _) || NumberText.TryParse(text, ',', out _))
                {
                    numericSeen[i] = true;
                }
                else
                {
                    candidates.RemoveAt(c);
                }
            }
        }

        return rows > 0 && candidates.Any(i => numericSeen[i]);
    }

    private static OrderLineReadOptions OrderLineOptions(DataFileReadOptions options) =>
        new() { Mapping = options.Mapping, Limits = options.Limits };

    /// <summary>An order-line file, or the mapping request when its columns cannot be told apart.</summary>
    private static DataFileReadResult ReadOrderLines(string path, string displayName, DataFileReadOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return OrderLineReader.ReadTransactions(path, displayName, OrderLineOptions(options), cancellationToken);
        }
        catch (OrderLineColumnsException ex)
        {
            var format = new DetectedFormat("order lines", null, "UTF-8", '.', DateLayout.Auto, false, []);
            return new DataFileReadResult(
                displayName, FileShape.OrderLines, ex.ColumnNames, format, ex.Matched, ex.Missing, null, null, 0, [], 0, []);
        }
    }

    private static DataFileReadResult ReadFrom(RowSource source, Dictionary<ColumnRole, int> matched, string displayName, DataFileReadOptions options, IProgress<ReadProgress>? progress, CancellationToken cancellationToken)
    {
        var headers = source.Headers;
        var shape = options.Shape != FileShape.Auto ? options.Shape : DetectShape(matched);
        if (shape == FileShape.CustomerTable)
        {
            return CustomerTableReader.Read(source, displayName, options, progress, cancellationToken);
        }

        var missing = ColumnAliases.RequiredRoles.Where(r => !matched.ContainsKey(r)).ToArray();
        var mapping = matched.ToDictionary(kv => kv.Key, kv => headers[kv.Value]);
        if (missing.Length > 0)
        {
            return new DataFileReadResult(
                displayName, FileShape.Transactions, headers, source.Format(options.DecimalSeparator ?? '.', options.DateLayout), mapping, missing,
                null, null, 0, [], 0, [.. source.Warnings]);
        }

        var builder = new TransactionTableBuilder(source, matched, options, displayName);
        return builder.Read(mapping, progress, cancellationToken);
    }

    /// <summary>Transactions when the headers name at least three required roles (or an invoice plus a quantity or price).</summary>
    private static FileShape DetectShape(Dictionary<ColumnRole, int> matched)
    {
        var required = ColumnAliases.RequiredRoles.Count(matched.ContainsKey);
        var invoiceLike = matched.ContainsKey(ColumnRole.Invoice) && (matched.ContainsKey(ColumnRole.Quantity) || matched.ContainsKey(ColumnRole.Price));
        return required >= 3 || invoiceLike ? FileShape.Transactions : FileShape.CustomerTable;
    }

    private static RowSource OpenSource(string path, bool workbook, string displayName, DataFileReadOptions options, CancellationToken ct)
    {
        if (workbook)
        {
            return XlsxRowSource.Open(path, displayName, options.Limits, ct);
        }

        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
        {
            throw new WorkbookFormatException(displayName, "the file is not a readable .xlsx workbook (old binary .xls files are not supported; save as .xlsx or .csv).");
        }

        return CsvRowSource.Open(path, displayName, options.Delimiter, options.Limits, ct);
    }

    private static bool IsZip(string path)
    {
        using var f = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return f.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }

    /// <summary>Accumulates transaction columns row by row.</summary>
    private sealed class TransactionTableBuilder
    {
        private readonly RowSource _source;
        private readonly DataFileReadOptions _options;
        private readonly string _displayName;
        private readonly IssueLog _issues;
        private readonly TransactionPools _pools = new();
        private readonly StringPool _dates = new();
        private readonly int _iInvoice, _iProduct, _iQuantity, _iPrice, _iDate, _iCustomer, _iDescription, _iCountry;
        private readonly string[] _headers;
        private char? _decimal;
        private int _count;
        private int[] _invoice = new int[1024];
        private int[] _product = new int[1024];
        private int[] _description = new int[1024];
        private double[] _quantity = new double[1024];
        private int[] _dateCode = new int[1024];
        private double[] _price = new double[1024];
        private int[] _customer = new int[1024];
        private int[] _country = new int[1024];
        private int[] _line = new int[1024];
        private string?[] _sheetOfRow = [];
        private LastValue _lastInvoice, _lastDate, _lastCustomer, _lastCountry;

        public TransactionTableBuilder(RowSource source, Dictionary<ColumnRole, int> matched, DataFileReadOptions options, string displayName)
        {
            _source = source;
            _options = options;
            _displayName = displayName;
            _issues = new IssueLog(options.MaxIssueSamples);
            _headers = [.. source.Headers];
            _iInvoice = matched[ColumnRole.Invoice];
            _iProduct = matched[ColumnRole.Product];
            _iQuantity = matched[ColumnRole.Quantity];
            _iPrice = matched[ColumnRole.Price];
            _iDate = matched[ColumnRole.Date];
            _iCustomer = matched[ColumnRole.Customer];
            _iDescription = matched.GetValueOrDefault(ColumnRole.Description, -1);
            _iCountry = matched.GetValueOrDefault(ColumnRole.Country, -1);
            _decimal = options.DecimalSeparator ?? (source is CsvRowSource csv && csv.Delimiter == ',' || source is XlsxRowSource ? '.' : null);
        }

        public DataFileReadResult Read(Dictionary<ColumnRole, string> mapping, IProgress<ReadProgress>? progress, CancellationToken ct)
        {
            var source = _source;
            var isCsv = source is CsvRowSource;
            var headerCount = _headers.Length;
            long rows = 0;
            while (source.Next())
            {
                rows++;
                if (rows % ProgressEvery == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(new ReadProgress(rows, source.BytesFraction));
                }

                var sheet = source.Sheet;
                if (isCsv && source.FieldCount != headerCount && !ExtraFieldsEmpty(source, headerCount))
                {
                    _issues.Add(source.Line, "(line)", source.RawRow(), $"has {source.FieldCount} fields, the header has {headerCount}", sheet);
                    continue;
                }

                ReadLine(source, sheet);
            }

            ct.ThrowIfCancellationRequested();
            var layout = ResolveDates(out var dates, out var ambiguous);
            var warnings = source.Warnings;
            if (ambiguous)
            {
                warnings.Add("Dates never show a day above 12 in either position; they were read day-first (d/M/yyyy). Set the date layout if they are month-first.");
            }

            if (rows == 0)
            {
                warnings.Add("The file has a header but no data lines.");
            }

            var table = new TransactionTable(
                _count, Trim(_invoice), Trim(_product), Trim(_description), Trim(_quantity), dates, Trim(_price), Trim(_customer), Trim(_country), Trim(_line), _pools);
            progress?.Report(new ReadProgress(rows, 1));
            var format = source.Format(_decimal ?? '.', layout);
            return new DataFileReadResult(
                _displayName, FileShape.Transactions, _headers, format, mapping, [],
                table, null, rows, _issues.Samples(format.Sheets), _issues.Count, [.. warnings]);
        }

        private static bool ExtraFieldsEmpty(RowSource source, int headerCount)
        {
            if (source.FieldCount < headerCount)
            {
                return false;
            }

            for (var i = headerCount; i < source.FieldCount; i++)
            {
                if (!source.Field(i).IsWhiteSpace())
                {
                    return false;
                }
            }

            return true;
        }

        private bool ReadLine(RowSource source, string? sheet)
        {
            var invoice = source.Field(_iInvoice).Trim();
            if (invoice.IsEmpty)
            {
                return Fail(source, _iInvoice, invoice, "is empty (an invoice number is required)", sheet);
            }

            var product = source.Field(_iProduct).Trim();
            if (product.IsEmpty)
            {
                return Fail(source, _iProduct, product, "is empty (a product code is required)", sheet);
            }

            var quantityText = source.Field(_iQuantity);
            if (!TryNumber(quantityText, out var quantity))
            {
                return Fail(source, _iQuantity, quantityText, "is not a number", sheet);
            }

            var priceText = source.Field(_iPrice);
            if (!TryNumber(priceText, out var price))
            {
                return Fail(source, _iPrice, priceText, "is not a number", sheet);
            }

            var dateText = source.Field(_iDate).Trim();
            if (dateText.IsEmpty)
            {
                return Fail(source, _iDate, dateText, "is empty (a date is required)", sheet);
            }

            if (_count == _invoice.Length)
            {
                Grow();
            }

            var i = _count++;
            _invoice[i] = _lastInvoice.Intern(_pools.Invoices, invoice);
            _product[i] = _pools.Products.Intern(product);
            _quantity[i] = quantity;
            _price[i] = price;
            _dateCode[i] = _lastDate.Intern(_dates, dateText);
            var customer = NormalizeCustomerId(source.Field(_iCustomer).Trim());
            _customer[i] = customer.IsEmpty ? -1 : _lastCustomer.Intern(_pools.Customers, customer);
            _description[i] = _iDescription < 0 ? -1 : InternOptional(source.Field(_iDescription).Trim(), _pools.Descriptions);
            _country[i] = _iCountry < 0 ? -1 : InternOptionalCached(source.Field(_iCountry).Trim(), _pools.Countries, ref _lastCountry);
            _line[i] = (int)Math.Min(int.MaxValue, source.Line);
            if (sheet is not null)
            {
                if (_sheetOfRow.Length < _invoice.Length)
                {
                    Array.Resize(ref _sheetOfRow, _invoice.Length);
                }

                _sheetOfRow[i] = sheet;
            }

            return true;
        }

        private static int InternOptional(ReadOnlySpan<char> text, StringPool pool) => text.IsEmpty ? -1 : pool.Intern(text);

        private static int InternOptionalCached(ReadOnlySpan<char> text, StringPool pool, ref LastValue last) =>
            text.IsEmpty ? -1 : last.Intern(pool, text);

        private bool TryNumber(ReadOnlySpan<char> text, out double value)
        {
            if (_decimal is null)
            {
                // Non-comma files decide the decimal separator from the first number written with one.
                var comma = text.Contains(',');
                var dot = text.Contains('.');
                if (comma || dot)
                {
                    _decimal = comma && (!dot || text.LastIndexOf(',') > text.LastIndexOf('.')) ? ',' : '.';
                }
            }

            return NumberText.TryParse(text, _decimal ?? '.', out value) && double.IsFinite(value);
        }

        private bool Fail(RowSource source, int column, ReadOnlySpan<char> raw, string reason, string? sheet)
        {
            _issues.Add(source.Line, _headers[column], raw, reason, sheet);
            return false;
        }

        /// <summary>
        /// Dates are kept as codes of their distinct texts while reading; the layout is decided once from all
        /// distinct values (so a day above 12 anywhere in the file settles d/M versus M/d), each distinct text is
        /// parsed once, and lines whose date does not parse are removed and reported.
        /// </summary>
        private DateLayout ResolveDates(out DateTime[] dates, out bool ambiguous)
        {
            var (workbook, date1904) = _source.DateSystem;
            var layout = _options.DateLayout;
            ambiguous = false;
            if (layout == DateLayout.Auto)
            {
                (layout, ambiguous) = DateText.Detect(_dates.Values, workbook);
            }

            var parsed = new DateTime[_dates.Count];
            var ok = new bool[_dates.Count];
            var bad = 0;
            for (var c = 0; c < _dates.Count; c++)
            {
                ok[c] = DateText.TryParse(_dates[c], layout, date1904, out parsed[c]);
                if (!ok[c] && workbook && layout != DateLayout.ExcelSerial)
                {
                    // Workbooks mix typed dates (serials) and text dates.
                    ok[c] = DateText.TryParse(_dates[c], DateLayout.ExcelSerial, date1904, out parsed[c]);
                }

                bad += ok[c] ? 0 : 1;
            }

            if (bad > 0)
            {
                var kept = 0;
                for (var i = 0; i < _count; i++)
                {
                    var code = _dateCode[i];
                    if (!ok[code])
                    {
                        var reason = DateText.TryParseAnyYear(_dates[code], layout, date1904, out _)
                            ? $"is outside the supported years {DateText.MinYear}–{DateText.MaxYear}"
                            : $"is not a date in the {Describe(layout)} layout";
                        _issues.Add(_line[i], _headers[_iDate], _dates[code], reason, _sheetOfRow.Length > i ? _sheetOfRow[i] : null);
                        continue;
                    }

                    if (kept != i)
                    {
                        _invoice[kept] = _invoice[i];
                        _product[kept] = _product[i];
                        _description[kept] = _description[i];
                        _quantity[kept] = _quantity[i];
                        _dateCode[kept] = code;
                        _price[kept] = _price[i];
                        _customer[kept] = _customer[i];
                        _country[kept] = _country[i];
                        _line[kept] = _line[i];
                    }

                    kept++;
                }

                _count = kept;
            }

            dates = new DateTime[_count];
            for (var i = 0; i < _count; i++)
            {
                dates[i] = parsed[_dateCode[i]];
            }

            return layout;
        }

        private static string Describe(DateLayout layout) => Reporting.Wording.Describe(layout);

        private void Grow()
        {
            var n = _invoice.Length * 2;
            Array.Resize(ref _invoice, n);
            Array.Resize(ref _product, n);
            Array.Resize(ref _description, n);
            Array.Resize(ref _quantity, n);
            Array.Resize(ref _dateCode, n);
            Array.Resize(ref _price, n);
            Array.Resize(ref _customer, n);
            Array.Resize(ref _country, n);
            Array.Resize(ref _line, n);
        }

        private T[] Trim<T>(T[] array) => array.Length == _count ? array : array[.._count];
    }

    /// <summary>
    /// The previous value of a column and its code. Lines of one invoice are consecutive, so invoice, date, customer and
    /// country usually repeat the line before: a span comparison then replaces a hash lookup.
    /// </summary>
    private struct LastValue
    {
        private string? _value;
        private int _code;

        public int Intern(StringPool pool, ReadOnlySpan<char> value)
        {
            if (_value is not null && value.SequenceEqual(_value))
            {
                return _code;
            }

            _code = pool.Intern(value);
            _value = pool[_code];
            return _code;
        }
    }

    /// <summary>Customer ids exported through floating point (<c>17850.0</c>) lose the fraction: <c>17850</c>.</summary>
    internal static ReadOnlySpan<char> NormalizeCustomerId(ReadOnlySpan<char> id)
    {
        var dot = id.IndexOf('.');
        if (dot <= 0)
        {
            return id;
        }

        var whole = id[..dot];
        var fraction = id[(dot + 1)..];
        if (fraction.IsEmpty || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExcept('0'))
        {
            return id;
        }

        return whole;
    }
}
