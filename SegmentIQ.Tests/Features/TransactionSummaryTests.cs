using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Features;

public class TransactionSummaryTests
{
    /// <summary>Lines: (invoice, product, description, quantity, date, price, country).</summary>
    private static TransactionTable Table(params (string Invoice, string Product, string? Description, double Quantity, DateTime Date, double Price, string? Country)[] lines)
    {
        var pools = new TransactionPools();
        var n = lines.Length;
        return new TransactionTable(
            n,
            [.. lines.Select(l => pools.Invoices.Intern(l.Invoice))],
            [.. lines.Select(l => pools.Products.Intern(l.Product))],
            [.. lines.Select(l => l.Description is null ? -1 : pools.Descriptions.Intern(l.Description))],
            [.. lines.Select(l => l.Quantity)],
            [.. lines.Select(l => l.Date)],
            [.. lines.Select(l => l.Price)],
            [.. lines.Select(_ => pools.Customers.Intern("c1"))],
            [.. lines.Select(l => l.Country is null ? -1 : pools.Countries.Intern(l.Country))],
            [.. Enumerable.Range(2, n)],
            pools);
    }

    private static readonly DateTime Jan = new(2011, 1, 5);
    private static readonly DateTime Feb = new(2011, 2, 10);
    private static readonly DateTime Apr = new(2011, 4, 30, 23, 59, 0);

    private static TransactionTable HandMade() => Table(
        ("1", "A", "Red mug", 2, Jan, 1.5, "UK"),      // 3
        ("1", "B", "Tea towel", 1, Jan, 4, "UK"),      // 4
        ("2", "A", "RED MUG", 3, Feb, 2, "France"),    // 6
        ("3", "A", "Red mug", 10, Feb, 0.5, "France"), // 5
        ("3", "C", null, 4, Feb, 5, "France"),         // 20
        ("4", "B", "Tea towel", 1, Apr, 4, null));     // 4

    [Fact]
    public void Compute_HandMadeLines_TopCountriesMatchHandSums()
    {
        var summary = TransactionSummary.Compute(HandMade());

        // Total 3 + 4 + 6 + 5 + 20 + 4 = 42. France 31, UK 7, unknown 4.
        Assert.Equal(42, summary.TotalRevenue, 12);
        Assert.Equal(6, summary.Lines);
        Assert.Equal(3, summary.CountryCount);
        Assert.Equal(["France", "UK", TransactionSummary.UnknownCountry], summary.TopCountries.Select(c => c.Country));
        Assert.Equal([31.0, 7, 4], summary.TopCountries.Select(c => c.Revenue));
        Assert.Equal([3, 2, 1], summary.TopCountries.Select(c => c.Lines));
        Assert.Equal(31.0 / 42, summary.TopCountries[0].Share, 12);
    }

    [Fact]
    public void Compute_HandMadeLines_TopProductsCarryTheirMostFrequentDescription()
    {
        var summary = TransactionSummary.Compute(HandMade(), new TransactionSummaryOptions { TopProducts = 2 });

        // C 20; A 3 + 6 + 5 = 14; B 4 + 4 = 8 (cut by TopProducts = 2).
        Assert.Equal(3, summary.ProductCount);
        Assert.Equal(["C", "A"], summary.TopProducts.Select(p => p.ProductCode));
        Assert.Equal([20.0, 14], summary.TopProducts.Select(p => p.Revenue));
        Assert.Equal([4.0, 15], summary.TopProducts.Select(p => p.Quantity));

        // A was described "Red mug" twice and "RED MUG" once; C never had a description.
        Assert.Equal("Red mug", summary.TopProducts[1].Description);
        Assert.Equal(string.Empty, summary.TopProducts[0].Description);
    }

    [Fact]
    public void Compute_HandMadeLines_RevenueByMonthIncludesTheEmptyMarch()
    {
        var summary = TransactionSummary.Compute(HandMade());

        Assert.Equal([new DateOnly(2011, 1, 1), new DateOnly(2011, 2, 1), new DateOnly(2011, 3, 1), new DateOnly(2011, 4, 1)], summary.RevenueByMonth.Select(m => m.Month));
        Assert.Equal([7.0, 31, 0, 4], summary.RevenueByMonth.Select(m => m.Revenue));
        Assert.Equal([1, 2, 0, 1], summary.RevenueByMonth.Select(m => m.Invoices));
    }

    [Fact]
    public void Compute_HandMadeLines_OnlyThePartlyCoveredFirstMonthIsPartial()
    {
        var summary = TransactionSummary.Compute(HandMade());

        // Data from 5 January to 30 April 23:59: January covers 27 of 31 days; April, to its last day, is complete.
        var months = summary.RevenueByMonth;
        Assert.Equal(27, months[0].DaysCovered);
        Assert.True(months[0].IsPartial);
        Assert.False(months[1].IsPartial);
        Assert.False(months[2].IsPartial);
        Assert.False(months[^1].IsPartial);
        Assert.Equal(30, months[^1].DaysCovered);
    }

    [Fact]
    public void Compute_DescriptionTie_TakesTheOneSeenFirst()
    {
        var summary = TransactionSummary.Compute(Table(
            ("1", "A", "first", 1, Jan, 1, "UK"),
            ("2", "A", "second", 1, Jan, 1, "UK")));

        Assert.Equal("first", summary.TopProducts[0].Description);
    }

    [Fact]
    public void Compute_EmptyTable_GivesZerosAndNoMonths()
    {
        var summary = TransactionSummary.Compute(Table());

        Assert.Equal(0, summary.TotalRevenue);
        Assert.Empty(summary.TopCountries);
        Assert.Empty(summary.TopProducts);
        Assert.Empty(summary.RevenueByMonth);
    }

    [Theory]
    [InlineData(0, 10, "TopCountries")]
    [InlineData(10, 1001, "TopProducts")]
    public void Options_OutOfRange_NameTheField(int countries, int products, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TransactionSummaryOptions { TopCountries = countries, TopProducts = products }.Validate());
        Assert.Equal(field, ex.ParamName);
    }

    [SharedDataFact]
    public void Compute_OnlineRetail_UnitedKingdomLeadsAndMonthsSpanDec2010ToDec2011()
    {
        var table = TransactionCleaner.Clean(DataFileReader.Read(SharedData.DataFile("online_retail.csv.gz"))).Table;

        var summary = TransactionSummary.Compute(table);

        Assert.Equal("United Kingdom", summary.TopCountries[0].Country);
        Assert.Equal(13, summary.RevenueByMonth.Count);
        Assert.Equal(new DateOnly(2010, 12, 1), summary.RevenueByMonth[0].Month);
        Assert.Equal(summary.TotalRevenue, summary.RevenueByMonth.Sum(m => m.Revenue), 3);
        Assert.Equal(summary.TotalRevenue, table.Quantity.Zip(table.Price, (q, p) => q * p).Sum(), 3);
    }
}
