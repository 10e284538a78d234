namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Invoice lines stored column by column, strings dictionary-encoded through <see cref="StringPool"/>s.
/// Row <c>i</c> is (<see cref="Invoice"/>[i], <see cref="Product"/>[i], …). A customer code of -1 means
/// the line had no customer id; a description or country code of -1 means the value was empty. Tables read from
/// order-line files have no products (every product code is -1, <see cref="HasProducts"/> false) and, when the file
/// has no quantity column, a quantity of 1 per order (<see cref="HasQuantities"/> false).
/// </summary>
public sealed class TransactionTable
{
    /// <summary>Creates a table over the given columns (not copied); all must have <paramref name="count"/> entries.</summary>
    public TransactionTable(
        int count,
        int[] invoice,
        int[] product,
        int[] description,
        double[] quantity,
        DateTime[] date,
        double[] price,
        int[] customer,
        int[] country,
        int[] sourceLine,
        TransactionPools pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        Count = count;
        Invoice = invoice;
        Product = product;
        Description = description;
        Quantity = quantity;
        Date = date;
        Price = price;
        Customer = customer;
        Country = country;
        SourceLine = sourceLine;
        Pools = pools;
    }

    /// <summary>Number of lines.</summary>
    public int Count { get; }

    /// <summary>Invoice code per line (into <see cref="TransactionPools.Invoices"/>).</summary>
    public int[] Invoice { get; }

    /// <summary>Product (stock) code per line (into <see cref="TransactionPools.Products"/>).</summary>
    public int[] Product { get; }

    /// <summary>Description code per line (into <see cref="TransactionPools.Descriptions"/>), -1 when empty.</summary>
    public int[] Description { get; }

    /// <summary>Quantity per line.</summary>
    public double[] Quantity { get; }

    /// <summary>Invoice date per line.</summary>
    public DateTime[] Date { get; }

    /// <summary>Unit price per line.</summary>
    public double[] Price { get; }

    /// <summary>Customer code per line (into <see cref="TransactionPools.Customers"/>), -1 when missing.</summary>
    public int[] Customer { get; }

    /// <summary>Country code per line (into <see cref="TransactionPools.Countries"/>), -1 when empty.</summary>
    public int[] Country { get; }

    /// <summary>1-based line number in the source file (header is line 1), for messages.</summary>
    public int[] SourceLine { get; }

    /// <summary>The string pools behind the coded columns.</summary>
    public TransactionPools Pools { get; }

    /// <summary>False for order lines: no line names a product (codes are -1), so baskets and recommendations cannot be built.</summary>
    public bool HasProducts { get; init; } = true;

    /// <summary>False when the quantities are not from the file (order lines without a quantity column: 1 per order).</summary>
    public bool HasQuantities { get; init; } = true;
}

/// <summary>The dictionaries behind the coded columns of a <see cref="TransactionTable"/>.</summary>
public sealed class TransactionPools
{
    /// <summary>Invoice numbers.</summary>
    public StringPool Invoices { get; } = new();

    /// <summary>Product (stock) codes.</summary>
    public StringPool Products { get; } = new();

    /// <summary>Product descriptions.</summary>
    public StringPool Descriptions { get; } = new();

    /// <summary>Customer ids.</summary>
    public StringPool Customers { get; } = new();

    /// <summary>Countries.</summary>
    public StringPool Countries { get; } = new();
}
