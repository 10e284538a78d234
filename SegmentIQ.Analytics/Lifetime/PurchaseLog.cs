using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Lifetime;

/// <summary>
/// Dated purchase amounts per customer, column by column: line <c>i</c> is customer <see cref="Customer"/>[i]
/// (an index into <see cref="CustomerIds"/>) buying for <see cref="Amount"/>[i] on <see cref="Date"/>[i]. The one
/// input of <see cref="RfmSummary"/>, built from invoice lines or from order lines.
/// </summary>
public sealed class PurchaseLog
{
    /// <summary>Creates a log over the given columns (not copied); all three must have the same length.</summary>
    public PurchaseLog(IReadOnlyList<string> customerIds, int[] customer, DateTime[] date, double[] amount)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(date);
        ArgumentNullException.ThrowIfNull(amount);
        if (customer.Length != date.Length || customer.Length != amount.Length)
        {
            throw new ArgumentException($"The columns have different lengths: {customer.Length} customers, {date.Length} dates, {amount.Length} amounts.", nameof(customer));
        }

        CustomerIds = customerIds;
        Customer = customer;
        Date = date;
        Amount = amount;
    }

    /// <summary>The distinct customer ids.</summary>
    public IReadOnlyList<string> CustomerIds { get; }

    /// <summary>Customer index per line (into <see cref="CustomerIds"/>).</summary>
    public int[] Customer { get; }

    /// <summary>Purchase date (and time) per line.</summary>
    public DateTime[] Date { get; }

    /// <summary>Purchase value per line.</summary>
    public double[] Amount { get; }

    /// <summary>Number of lines.</summary>
    public int Count => Customer.Length;

    /// <summary>
    /// The cleaned invoice lines of a transaction file, valued at quantity × price; lines without a customer id are
    /// left out.
    /// </summary>
    public static PurchaseLog FromTransactions(TransactionTable lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var kept = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines.Customer[i] >= 0)
            {
                kept++;
            }
        }

        var customer = new int[kept];
        var date = new DateTime[kept];
        var amount = new double[kept];
        var j = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines.Customer[i] < 0)
            {
                continue;
            }

            customer[j] = lines.Customer[i];
            date[j] = lines.Date[i];
            amount[j] = lines.Quantity[i] * lines.Price[i];
            j++;
        }

        return new PurchaseLog([.. lines.Pools.Customers.Values], customer, date, amount);
    }
}
