using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Cleaning;

/// <summary>The cleaning rules, in the fixed order in which a line is tested (a line counts under the first rule that removes it).</summary>
public enum CleaningRule
{
    /// <summary>The line could not be parsed (bad number, date or field count); it never reached the table.</summary>
    Unparseable,

    /// <summary>No customer id.</summary>
    MissingCustomer,

    /// <summary>Invoice number starting with <c>C</c> (a cancellation).</summary>
    Cancellation,

    /// <summary>Quantity zero or negative (returns, adjustments).</summary>
    NonPositiveQuantity,

    /// <summary>Unit price zero or negative (gifts, bad-debt adjustments).</summary>
    NonPositivePrice,

    /// <summary>An exact repeat of an earlier kept line (only when <see cref="CleaningOptions.RemoveDuplicates"/> is on).</summary>
    Duplicate,
}

/// <summary>Options of <see cref="TransactionCleaner"/>. The defaults are the standard Online Retail cleaning.</summary>
public sealed record CleaningOptions
{
    /// <summary>The standard cleaning.</summary>
    public static CleaningOptions Default { get; } = new();

    /// <summary>
    /// Also drop exact duplicate lines. Off by default: the usual cleaning that gives the reference counts
    /// (397,884 lines on Online Retail) keeps them; duplicates are always counted in the report.
    /// </summary>
    public bool RemoveDuplicates { get; init; }

    /// <summary>Nothing to validate today; kept so every options record has the same shape.</summary>
    public void Validate()
    {
    }
}

/// <summary>How many lines one rule removed.</summary>
public sealed record RuleCount(CleaningRule Rule, long Count, string Description);

/// <summary>What cleaning did: counts per rule, what remains, and the unparseable-line samples of the read.</summary>
public sealed record CleaningReport(
    long RowsRead,
    IReadOnlyList<RuleCount> Removed,
    long RowsKept,
    int Customers,
    int Invoices,
    int Products,
    DateTime? FirstDate,
    DateTime? LastDate,
    int Countries,
    double Revenue,
    long ExactDuplicates,
    long UnparseableLines,
    IReadOnlyList<ParseIssue> UnparseableSamples,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Lines removed by one rule.</summary>
    public long RemovedBy(CleaningRule rule) => Removed.FirstOrDefault(r => r.Rule == rule)?.Count ?? 0;
}

/// <summary>The kept purchase lines and the report.</summary>
public sealed record CleaningResult(TransactionTable Table, CleaningReport Report);

/// <summary>
/// Applies the standard cleaning of transaction lines: without a customer id, cancellations, non-positive
/// quantities and prices are removed (and, optionally, exact duplicates). The kept table shares the raw table's pools.
/// </summary>
public static class TransactionCleaner
{
    /// <summary>Cleans the transactions of a read result, carrying its unparseable lines into the report.</summary>
    public static CleaningResult Clean(DataFileReadResult read, CleaningOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var table = read.Transactions
            ?? throw new ArgumentException(read.NeedsMapping
                ? $"{read.FileName} needs a column mapping first (missing: {string.Join(", ", read.MissingRoles)})."
                : $"{read.FileName} is a customer table, not transaction lines.", nameof(read));
        return Clean(table, options, read.IssueCount, read.Issues, read.Warnings, cancellationToken);
    }

    /// <summary>Cleans a transaction table; <paramref name="unparseable"/> lines (already left out by the reader) are counted first.</summary>
    public static CleaningResult Clean(
        TransactionTable table,
        CleaningOptions? options = null,
        long unparseable = 0,
        IReadOnlyList<ParseIssue>? unparseableSamples = null,
        IReadOnlyList<string>? warnings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= CleaningOptions.Default;
        options.Validate();
        var n = table.Count;
        var cancelled = CancelledInvoices(table.Pools.Invoices);
        var keep = new bool[n];
        long missing = 0, cancellations = 0, quantity = 0, price = 0, duplicates = 0;
        var seenAll = new HashSet<LineKey>(n);
        var seenKept = options.RemoveDuplicates ? new HashSet<LineKey>() : null;
        long exactDuplicates = 0;
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var key = new LineKey(table, i);
            if (!seenAll.Add(key))
            {
                exactDuplicates++;
            }

            if (table.Customer[i] < 0)
            {
                missing++;
            }
            else if (cancelled[table.Invoice[i]])
            {
                cancellations++;
            }
            else if (!(table.Quantity[i] > 0))
            {
                quantity++;
            }
            else if (table.HasProducts ? !(table.Price[i] > 0) : !(table.Price[i] >= 0))
            {
                price++;
            }
            else if (seenKept is not null && !seenKept.Add(key))
            {
                duplicates++;
            }
            else
            {
                keep[i] = true;
            }
        }

        var kept = Select(table, keep);
        var removed = new List<RuleCount>
        {
            new(CleaningRule.Unparseable, unparseable, "lines that could not be parsed"),
            new(CleaningRule.MissingCustomer, missing, "lines without a customer id"),
            new(CleaningRule.Cancellation, cancellations, "cancellation lines (invoice starting with C)"),
            new(CleaningRule.NonPositiveQuantity, quantity, "lines with quantity ≤ 0"),
            // An order of amount 0 (a free or fully discounted order) is still a purchase: it counts in frequency and
            // recency; only the spend model leaves it out.
            new(CleaningRule.NonPositivePrice, price, table.HasProducts ? "lines with unit price ≤ 0" : "orders with a negative amount"),
        };
        if (options.RemoveDuplicates)
        {
            removed.Add(new(CleaningRule.Duplicate, duplicates, "exact duplicate lines"));
        }

        var report = Summarize(kept, n + unparseable, removed, exactDuplicates, unparseable, unparseableSamples ?? [], warnings ?? []);
        return new CleaningResult(kept, report);
    }

    private static bool[] CancelledInvoices(StringPool invoices)
    {
        var cancelled = new bool[invoices.Count];
        for (var c = 0; c < cancelled.Length; c++)
        {
            var s = invoices[c];
            cancelled[c] = s.Length > 0 && (s[0] == 'C' || s[0] == 'c');
        }

        return cancelled;
    }

    private static TransactionTable Select(TransactionTable t, bool[] keep)
    {
        var count = 0;
        foreach (var k in keep)
        {
            count += k ? 1 : 0;
        }

        var invoice = new int[count];
        var product = new int[count];
        var description = new int[count];
        var quantity = new double[count];
        var date = new DateTime[count];
        var price = new double[count];
        var customer = new int[count];
        var country = new int[count];
        var line = new int[count];
        var j = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            invoice[j] = t.Invoice[i];
            product[j] = t.Product[i];
            description[j] = t.Description[i];
            quantity[j] = t.Quantity[i];
            date[j] = t.Date[i];
            price[j] = t.Price[i];
            customer[j] = t.Customer[i];
            country[j] = t.Country[i];
            line[j] = t.SourceLine[i];
            j++;
        }

        return new TransactionTable(count, invoice, product, description, quantity, date, price, customer, country, line, t.Pools)
        {
            HasProducts = t.HasProducts,
            HasQuantities = t.HasQuantities,
        };
    }

    private static CleaningReport Summarize(
        TransactionTable kept, long rowsRead, IReadOnlyList<RuleCount> removed, long exactDuplicates, long unparseable,
        IReadOnlyList<ParseIssue> samples, IReadOnlyList<string> warnings)
    {
        var customers = new bool[kept.Pools.Customers.Count];
        var invoices = new bool[kept.Pools.Invoices.Count];
        var products = new bool[kept.Pools.Products.Count];
        var countries = new bool[kept.Pools.Countries.Count];
        int nCustomers = 0, nInvoices = 0, nProducts = 0, nCountries = 0;
        DateTime? first = null, last = null;
        double revenue = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            nCustomers += Mark(customers, kept.Customer[i]);
            nInvoices += Mark(invoices, kept.Invoice[i]);
            nProducts += Mark(products, kept.Product[i]);
            nCountries += Mark(countries, kept.Country[i]);
            var d = kept.Date[i];
            first = first is null || d < first ? d : first;
            last = last is null || d > last ? d : last;
            revenue += kept.Quantity[i] * kept.Price[i];
        }

        return new CleaningReport(
            rowsRead, removed, kept.Count, nCustomers, nInvoices, nProducts, first, last, nCountries, Math.Round(revenue, 2),
            exactDuplicates, unparseable, samples, warnings);
    }

    private static int Mark(bool[] seen, int code)
    {
        if (code < 0 || seen[code])
        {
            return 0;
        }

        seen[code] = true;
        return 1;
    }

    /// <summary>All columns of one line, for exact-duplicate detection (source line number excluded).</summary>
    private readonly record struct LineKey(int Invoice, int Product, int Description, double Quantity, DateTime Date, double Price, int Customer, int Country)
    {
        public LineKey(TransactionTable t, int i)
            : this(t.Invoice[i], t.Product[i], t.Description[i], t.Quantity[i], t.Date[i], t.Price[i], t.Customer[i], t.Country[i])
        {
        }
    }
}
