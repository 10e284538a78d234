namespace SegmentIQ.Analytics.Ingestion;

/// <summary>The meaning of a column of a transaction file.</summary>
public enum ColumnRole
{
    /// <summary>Invoice (order) number; a leading <c>C</c> marks a cancellation.</summary>
    Invoice,

    /// <summary>Product (stock) code.</summary>
    Product,

    /// <summary>Quantity of the line.</summary>
    Quantity,

    /// <summary>Unit price of the line.</summary>
    Price,

    /// <summary>Invoice date (and time).</summary>
    Date,

    /// <summary>Customer id.</summary>
    Customer,

    /// <summary>Product description (optional).</summary>
    Description,

    /// <summary>Customer country (optional).</summary>
    Country,
}

/// <summary>Header aliases of the <see cref="ColumnRole"/>s, matched ignoring case, spaces, underscores, dashes and dots.</summary>
public static class ColumnAliases
{
    private static readonly Dictionary<ColumnRole, string[]> Aliases = new()
    {
        [ColumnRole.Invoice] = ["invoice", "invoiceno", "invoicenumber", "invoiceid", "order", "orderid", "orderno", "ordernumber", "transactionid", "transaction", "receipt", "receiptno", "billno", "rechnung", "rechnungsnr", "rechnungsnummer", "beleg", "belegnr", "facture", "numerofacture"],
        [ColumnRole.Product] = ["stockcode", "product", "productid", "productcode", "sku", "item", "itemid", "itemcode", "article", "articleno", "artikel", "artikelnr", "artikelnummer", "produit", "reference"],
        [ColumnRole.Quantity] = ["quantity", "qty", "units", "menge", "anzahl", "quantite"],
        [ColumnRole.Price] = ["price", "unitprice", "priceperunit", "itemprice", "unitcost", "preis", "einzelpreis", "stueckpreis", "prix", "prixunitaire"],
        [ColumnRole.Date] = ["invoicedate", "date", "orderdate", "transactiondate", "datetime", "timestamp", "purchasedate", "datum", "rechnungsdatum", "belegdatum", "datefacture"],
        [ColumnRole.Customer] = ["customerid", "customer", "customerno", "customernumber", "customercode", "clientid", "client", "userid", "accountid", "kunde", "kundennr", "kundennummer", "kundenid", "numeroclient"],
        [ColumnRole.Description] = ["description", "productdescription", "productname", "itemdescription", "itemname", "name", "beschreibung", "bezeichnung", "artikelbezeichnung", "libelle"],
        [ColumnRole.Country] = ["country", "countryname", "land", "pays"],
    };

    /// <summary>The roles a transaction file must have.</summary>
    public static IReadOnlyList<ColumnRole> RequiredRoles { get; } =
        [ColumnRole.Invoice, ColumnRole.Product, ColumnRole.Quantity, ColumnRole.Price, ColumnRole.Date, ColumnRole.Customer];

    /// <summary>What a person calls a role's column in a file of <paramref name="shape"/> ("Amount (order total)" for the price of an order line).</summary>
    public static string Describe(FileShape shape, ColumnRole role) => (shape, role) switch
    {
        (FileShape.OrderLines, ColumnRole.Price) => "Amount (order total)",
        (FileShape.OrderLines, ColumnRole.Invoice) => "Order id",
        (_, ColumnRole.Customer) => "Customer id",
        _ => role.ToString(),
    };

    /// <summary>The accepted aliases of a role, normalised (lower case, letters and digits only).</summary>
    public static IReadOnlyList<string> For(ColumnRole role) => Aliases[role];

    /// <summary>Lower case letters and digits of a header, so that <c>Customer ID</c>, <c>customer_id</c> and <c>CustomerID</c> compare equal.</summary>
    public static string Normalize(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return string.Concat(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
    }

    /// <summary>
    /// Matches headers to roles: an explicit mapping wins, then the first header whose normalised name is an alias.
    /// Each header serves at most one role.
    /// </summary>
    public static Dictionary<ColumnRole, int> Match(IReadOnlyList<string> headers, IReadOnlyDictionary<ColumnRole, string>? explicitMapping)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var result = new Dictionary<ColumnRole, int>();
        var used = new HashSet<int>();
        if (explicitMapping is not null)
        {
            foreach (var (role, header) in explicitMapping)
            {
                var index = IndexOfHeader(headers, header);
                if (index < 0)
                {
                    throw new ArgumentException($"The mapping gives column '{header}' for {role}, but the file has no such column. Columns: {string.Join(", ", headers)}.", nameof(explicitMapping));
                }

                result[role] = index;
                used.Add(index);
            }
        }

        var normalized = headers.Select(Normalize).ToArray();
        foreach (var (role, aliases) in Aliases)
        {
            if (result.ContainsKey(role))
            {
                continue;
            }

            // Alias order is priority order: "InvoiceDate" beats a generic "Date" column, "UnitPrice" is found as well as "Price".
            foreach (var alias in aliases)
            {
                var index = Array.FindIndex(normalized, n => n == alias);
                if (index >= 0 && !used.Contains(index))
                {
                    result[role] = index;
                    used.Add(index);
                    break;
                }
            }
        }

        return result;
    }

    private static int IndexOfHeader(IReadOnlyList<string> headers, string header)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i], header, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var wanted = Normalize(header);
        for (var i = 0; i < headers.Count; i++)
        {
            if (Normalize(headers[i]) == wanted)
            {
                return i;
            }
        }

        return -1;
    }
}
