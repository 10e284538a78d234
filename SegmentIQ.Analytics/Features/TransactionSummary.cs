using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Features;

/// <summary>How many countries and products <see cref="TransactionSummary.Compute"/> keeps.</summary>
public sealed record TransactionSummaryOptions
{
    /// <summary>Countries kept, by revenue (1..1000).</summary>
    public int TopCountries { get; init; } = 10;

    /// <summary>Products kept, by revenue (1..1000).</summary>
    public int TopProducts { get; init; } = 10;

    /// <summary>Throws when a value is out of range, naming the field and the allowed range.</summary>
    public void Validate()
    {
        if (TopCountries is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(TopCountries), TopCountries, "TopCountries must be between 1 and 1000.");
        }

        if (TopProducts is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(TopProducts), TopProducts, "TopProducts must be between 1 and 1000.");
        }
    }
}

/// <summary>Revenue of one country.</summary>
/// <param name="Country">Country name ("(unknown)" for lines without one).</param>
/// <param name="Revenue">Sum of quantity × price.</param>
/// <param name="Share">Revenue / total revenue (0 when the total is 0).</param>
/// <param name="Lines">Invoice lines.</param>
public sealed record CountryRevenue(string Country, double Revenue, double Share, int Lines);

/// <summary>Revenue of one product.</summary>
/// <param name="ProductCode">Stock code.</param>
/// <param name="Description">The product's most frequent description (ties: the one seen first); empty when it has none.</param>
/// <param name="Revenue">Sum of quantity × price.</param>
/// <param name="Share">Revenue / total revenue (0 when the total is 0).</param>
/// <param name="Quantity">Units sold.</param>
public sealed record ProductRevenue(string ProductCode, string Description, double Revenue, double Share, double Quantity);

/// <summary>Revenue of one calendar month.</summary>
/// <param name="Month">First day of the month.</param>
/// <param name="Revenue">Sum of quantity × price of the month's lines.</param>
/// <param name="Invoices">Distinct invoices in the month.</param>
/// <param name="DaysCovered">
/// Days of the month inside the data's date range: fewer than the month has for a first or last month the data only
/// partly covers (a 9-day December is not a revenue drop).
/// </param>
public sealed record MonthlyRevenue(DateOnly Month, double Revenue, int Invoices, int DaysCovered)
{
    /// <summary>Days in the calendar month.</summary>
    public int DaysInMonth => DateTime.DaysInMonth(Month.Year, Month.Month);

    /// <summary>True when the data covers only part of the month (its first or last month).</summary>
    public bool IsPartial => DaysCovered < DaysInMonth;
}

/// <summary>
/// Business overview of a cleaned transaction table: top countries and products by revenue, and revenue per calendar
/// month (every month from the first to the last, empty months included as zero, so a gap shows as a gap).
/// Revenue is quantity × unit price summed per line, as for the Monetary feature.
/// </summary>
public sealed class TransactionSummary
{
    /// <summary>Name shown for lines without a country.</summary>
    public const string UnknownCountry = "(unknown)";

    private TransactionSummary(double totalRevenue, int lines, IReadOnlyList<CountryRevenue> countries, int countryCount, IReadOnlyList<ProductRevenue> products, int productCount, IReadOnlyList<MonthlyRevenue> months)
    {
        TotalRevenue = totalRevenue;
        Lines = lines;
        TopCountries = countries;
        CountryCount = countryCount;
        TopProducts = products;
        ProductCount = productCount;
        RevenueByMonth = months;
    }

    /// <summary>Sum of quantity × price over all lines.</summary>
    public double TotalRevenue { get; }

    /// <summary>Lines summarised.</summary>
    public int Lines { get; }

    /// <summary>The countries with the highest revenue, highest first (ties: name order).</summary>
    public IReadOnlyList<CountryRevenue> TopCountries { get; }

    /// <summary>Distinct countries with at least one line.</summary>
    public int CountryCount { get; }

    /// <summary>The products with the highest revenue, highest first (ties: code order).</summary>
    public IReadOnlyList<ProductRevenue> TopProducts { get; }

    /// <summary>Distinct products with at least one line.</summary>
    public int ProductCount { get; }

    /// <summary>Revenue per calendar month, chronological, gap months included with zero revenue.</summary>
    public IReadOnlyList<MonthlyRevenue> RevenueByMonth { get; }

    /// <summary>Summarises <paramref name="table"/> in one pass over its lines.</summary>
    public static TransactionSummary Compute(TransactionTable table, TransactionSummaryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new TransactionSummaryOptions();
        options.Validate();
        var pools = table.Pools;
        var countryRevenue = new double[pools.Countries.Count + 1];
        var countryLines = new int[pools.Countries.Count + 1];
        var productRevenue = new double[pools.Products.Count];
        var productQuantity = new double[pools.Products.Count];
        var productSeen = new bool[pools.Products.Count];

        // (product, description) → lines; a product's descriptions are few, so a dictionary is small.
        var descriptionLines = new Dictionary<(int Product, int Description), int>();
        var monthRevenue = new Dictionary<int, double>();
        var monthInvoices = new Dictionary<int, HashSet<int>>();
        var total = 0.0;
        var firstDate = DateTime.MaxValue;
        var lastDate = DateTime.MinValue;
        for (var i = 0; i < table.Count; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var revenue = table.Quantity[i] * table.Price[i];
            total += revenue;

            // Unknown country (-1) goes to the extra last slot.
            var country = table.Country[i] < 0 ? countryRevenue.Length - 1 : table.Country[i];
            countryRevenue[country] += revenue;
            countryLines[country]++;

            // Order lines name no product (-1): they count in every total but in no product's.
            var product = table.Product[i];
            if (product >= 0)
            {
                productRevenue[product] += revenue;
                productQuantity[product] += table.Quantity[i];
                productSeen[product] = true;
            }

            if (product >= 0 && table.Description[i] >= 0)
            {
                var key = (product, table.Description[i]);
                descriptionLines[key] = descriptionLines.GetValueOrDefault(key) + 1;
            }

            var date = table.Date[i];
            firstDate = date < firstDate ? date : firstDate;
            lastDate = date > lastDate ? date : lastDate;
            var month = (date.Year * 12) + date.Month - 1;
            monthRevenue[month] = monthRevenue.GetValueOrDefault(month) + revenue;
            if (!monthInvoices.TryGetValue(month, out var invoices))
            {
                monthInvoices[month] = invoices = [];
            }

            invoices.Add(table.Invoice[i]);
        }

        double Share(double revenue) => total == 0 ? 0 : revenue / total;

        var countries = Enumerable.Range(0, countryRevenue.Length)
            .Where(c => countryLines[c] > 0)
            .Select(c => new CountryRevenue(c == countryRevenue.Length - 1 ? UnknownCountry : pools.Countries[c], countryRevenue[c], Share(countryRevenue[c]), countryLines[c]))
            .ToList();
        var topCountries = countries
            .OrderByDescending(c => c.Revenue)
            .ThenBy(c => c.Country, StringComparer.Ordinal)
            .Take(options.TopCountries)
            .ToArray();

        // Most frequent description per product; ties go to the lower description code, i.e. the one seen first.
        var bestDescription = new int[pools.Products.Count];
        var bestLines = new int[pools.Products.Count];
        Array.Fill(bestDescription, -1);
        foreach (var ((product, description), lines) in descriptionLines)
        {
            if (lines > bestLines[product] || (lines == bestLines[product] && description < bestDescription[product]))
            {
                bestLines[product] = lines;
                bestDescription[product] = description;
            }
        }

        var productCount = productSeen.Count(s => s);
        var topProducts = Enumerable.Range(0, productRevenue.Length)
            .Where(p => productSeen[p])
            .OrderByDescending(p => productRevenue[p])
            .ThenBy(p => pools.Products[p], StringComparer.Ordinal)
            .Take(options.TopProducts)
            .Select(p => new ProductRevenue(
                pools.Products[p],
                bestDescription[p] < 0 ? string.Empty : pools.Descriptions[bestDescription[p]],
                productRevenue[p],
                Share(productRevenue[p]),
                productQuantity[p]))
            .ToArray();

        var months = new List<MonthlyRevenue>();
        if (monthRevenue.Count > 0)
        {
            var first = monthRevenue.Keys.Min();
            var last = monthRevenue.Keys.Max();
            for (var m = first; m <= last; m++)
            {
                var start = new DateOnly(m / 12, (m % 12) + 1, 1);
                var from = m == first ? DateOnly.FromDateTime(firstDate) : start;
                var to = m == last ? DateOnly.FromDateTime(lastDate) : start.AddMonths(1).AddDays(-1);
                months.Add(new MonthlyRevenue(
                    start,
                    monthRevenue.GetValueOrDefault(m),
                    monthInvoices.TryGetValue(m, out var invoices) ? invoices.Count : 0,
                    to.DayNumber - from.DayNumber + 1));
            }
        }

        return new TransactionSummary(total, table.Count, topCountries, countries.Count, topProducts, productCount, months);
    }
}
