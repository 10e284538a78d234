using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Features;

/// <summary>
/// Turns cleaned purchase lines into one row of RFM and behavioural features per customer.
/// Recency is counted in whole calendar days, as the usual pandas RFM recipe does:
/// <c>(reference.Date − lastPurchase.Date).Days</c> with reference = last date in the data + 1 day, so a customer who
/// bought on the last day has Recency 1. Tenure is <c>(lastPurchase.Date − firstPurchase.Date).Days</c>.
/// </summary>
public static class CustomerFeatures
{
    /// <summary>The reference date of a table: the day after its last purchase (midnight).</summary>
    public static DateTime ReferenceDate(TransactionTable purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (purchases.Count == 0)
        {
            throw new ArgumentException("The table has no purchase lines, so there is no reference date.", nameof(purchases));
        }

        var last = purchases.Date[0];
        foreach (var d in purchases.Date.AsSpan(0, purchases.Count))
        {
            last = d > last ? d : last;
        }

        return last.Date.AddDays(1);
    }

    /// <summary>
    /// Builds the features of every customer in <paramref name="purchases"/> (lines without a customer are ignored),
    /// customers in ascending id order (numeric ids numerically).
    /// </summary>
    public static CustomerFeatureTable FromTransactions(TransactionTable purchases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return Build(purchases, ReferenceDate(purchases), "the day after the last date in the data", cancellationToken);
    }

    /// <summary>
    /// As <see cref="FromTransactions(TransactionTable, CancellationToken)"/>, with Recency counted to a given
    /// <paramref name="referenceDate"/> (its date part) instead of the day after this table's last purchase: new customers
    /// placed in a segmentation learnt on other data must be measured against that data's reference date.
    /// </summary>
    public static CustomerFeatureTable FromTransactions(TransactionTable purchases, DateTime referenceDate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return Build(purchases, referenceDate.Date, "the given reference date", cancellationToken);
    }

    /// <summary>
    /// The features of the customers who bought in a window: only lines dated in [<paramref name="windowStart"/>,
    /// <paramref name="asOf"/>) count, and Recency is measured to <paramref name="asOf"/> (its date part). A snapshot of
    /// the customers as they looked at a past date, computed exactly as the whole-data features are.
    /// </summary>
    public static CustomerFeatureTable InWindow(TransactionTable purchases, DateTime windowStart, DateTime asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (windowStart >= asOf)
        {
            throw new ArgumentException($"The window must start before {asOf:yyyy-MM-dd}; it starts {windowStart:yyyy-MM-dd}.", nameof(windowStart));
        }

        return Build(purchases, asOf.Date, "the snapshot date", cancellationToken, windowStart, asOf);
    }

    private static CustomerFeatureTable Build(
        TransactionTable purchases,
        DateTime reference,
        string referenceMeaning,
        CancellationToken cancellationToken,
        DateTime windowStart = default,
        DateTime windowEnd = default)
    {
        var windowed = windowEnd != default;
        var n = purchases.Count;
        var customerCount = purchases.Pools.Customers.Count;
        var last = new DateTime[customerCount];
        var first = new DateTime[customerCount];
        var monetary = new double[customerCount];
        var items = new double[customerCount];
        var present = new bool[customerCount];

        // Distinct invoices and products per customer: group the kept lines by customer (a counting sort, O(n)) and
        // mark each invoice and product with the customer who last counted it, instead of a hash set per customer or
        // a comparison sort per call (snapshots over time call this once per period).
        var kept = new int[n];
        var linesOf = new int[customerCount + 1];
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var c = purchases.Customer[i];
            var d = purchases.Date[i];
            if (c < 0 || (windowed && (d < windowStart || d >= windowEnd)))
            {
                continue;
            }

            if (!present[c])
            {
                present[c] = true;
                first[c] = d;
                last[c] = d;
            }
            else
            {
                first[c] = d < first[c] ? d : first[c];
                last[c] = d > last[c] ? d : last[c];
            }

            monetary[c] += purchases.Quantity[i] * purchases.Price[i];
            items[c] += purchases.Quantity[i];
            kept[m++] = i;
            linesOf[c + 1]++;
        }

        var (frequency, unique) = CountDistinctPerCustomer(purchases, kept.AsSpan(0, m), linesOf);
        cancellationToken.ThrowIfCancellationRequested();

        var codes = Enumerable.Range(0, customerCount).Where(c => present[c]).ToArray();
        var ids = purchases.Pools.Customers;
        Array.Sort(codes, (a, b) => CompareIds(ids[a], ids[b]));
        var k = codes.Length;
        var recency = new double[k];
        var freq = new double[k];
        var money = new double[k];
        var aov = new double[k];
        var totalItems = new double[k];
        var uniqueProducts = new double[k];
        var basket = new double[k];
        var tenure = new double[k];
        var customerIds = new string[k];
        for (var r = 0; r < k; r++)
        {
            var c = codes[r];
            customerIds[r] = ids[c];
            recency[r] = (reference - last[c].Date).Days;
            freq[r] = frequency[c];
            money[r] = monetary[c];
            aov[r] = monetary[c] / frequency[c];
            totalItems[r] = items[c];
            uniqueProducts[r] = unique[c];
            basket[r] = items[c] / frequency[c];
            tenure[r] = (last[c].Date - first[c].Date).Days;
        }

        // Order lines name no products, and without a quantity column every order counts 1 unit: such columns would
        // be constants, not measurements, so they are left out.
        List<FeatureColumn> columns =
        [
            new(FeatureNames.Recency, recency, false, $"days from the last purchase to {reference:yyyy-MM-dd} ({referenceMeaning})"),
            new(FeatureNames.Frequency, freq, true, "distinct invoices"),
            new(FeatureNames.Monetary, money, true, "total spend, Σ quantity × unit price"),
            new(FeatureNames.AverageOrderValue, aov, true, "spend per invoice"),
        ];
        if (purchases.HasQuantities)
        {
            columns.Add(new(FeatureNames.TotalItems, totalItems, true, "units bought"));
        }

        if (purchases.HasProducts)
        {
            columns.Add(new(FeatureNames.UniqueProducts, uniqueProducts, true, "distinct products bought"));
        }

        if (purchases.HasQuantities)
        {
            columns.Add(new(FeatureNames.AverageBasketSize, basket, true, "units per invoice"));
        }

        columns.Add(new(FeatureNames.Tenure, tenure, false, "days between the first and the last purchase"));
        return new CustomerFeatureTable(customerIds, [.. columns], hasRfm: true);
    }

    /// <summary>
    /// Distinct invoices and distinct products per customer over the <paramref name="kept"/> lines;
    /// <paramref name="linesOf"/>[c + 1] holds customer c's number of kept lines (turned into offsets here).
    /// </summary>
    private static (int[] Invoices, int[] Products) CountDistinctPerCustomer(TransactionTable purchases, ReadOnlySpan<int> kept, int[] linesOf)
    {
        var customerCount = linesOf.Length - 1;
        for (var c = 0; c < customerCount; c++)
        {
            linesOf[c + 1] += linesOf[c];
        }

        var grouped = new int[kept.Length];
        var next = linesOf[..^1];
        foreach (var line in kept)
        {
            grouped[next[purchases.Customer[line]]++] = line;
        }

        var invoiceSeenBy = new int[purchases.Pools.Invoices.Count];
        var productSeenBy = new int[purchases.Pools.Products.Count];
        Array.Fill(invoiceSeenBy, -1);
        Array.Fill(productSeenBy, -1);
        var invoices = new int[customerCount];
        var products = new int[customerCount];
        for (var c = 0; c < customerCount; c++)
        {
            for (var g = linesOf[c]; g < linesOf[c + 1]; g++)
            {
                var line = grouped[g];
                ref var invoiceMark = ref invoiceSeenBy[purchases.Invoice[line]];
                if (invoiceMark != c)
                {
                    invoiceMark = c;
                    invoices[c]++;
                }

                var product = purchases.Product[line];
                if (product < 0)
                {
                    continue;
                }

                ref var productMark = ref productSeenBy[product];
                if (productMark != c)
                {
                    productMark = c;
                    products[c]++;
                }
            }
        }

        return (invoices, products);
    }

    /// <summary>Numeric ids compare as numbers (9 before 10), others ordinally.</summary>
    internal static int CompareIds(string a, string b)
    {
        var an = long.TryParse(a, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var x);
        var bn = long.TryParse(b, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var y);
        return an && bn ? x.CompareTo(y) : an != bn ? (an ? -1 : 1) : string.CompareOrdinal(a, b);
    }
}
