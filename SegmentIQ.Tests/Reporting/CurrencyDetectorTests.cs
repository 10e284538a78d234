using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Reporting;

public sealed class CurrencyDetectorTests
{
    [Fact]
    public void Detect_OneCountryHoldsMostRevenue_TakesItsCurrency()
    {
        var lines = Lines(("United Kingdom", 800), ("France", 150), ("Germany", 50));

        var currency = CurrencyDetector.Detect(lines, out var reason);

        Assert.Equal("GBP", currency!.Code);
        Assert.Equal("£", currency.Symbol);
        Assert.Equal("detected: United Kingdom holds 80 % of revenue", reason);
    }

    [Fact]
    public void Detect_SeveralCountriesOneCurrency_TakesThatCurrency()
    {
        var lines = Lines(("France", 400), ("Germany", 350), ("EIRE", 250));

        Assert.Equal("EUR", CurrencyDetector.Detect(lines, out var reason)!.Code);
        Assert.Contains("every country in the file uses EUR", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_MixedCurrenciesWithoutADominantCountry_IsNoneAndSaysWhy()
    {
        var lines = Lines(("United Kingdom", 500), ("USA", 300), ("France", 200));

        Assert.Null(CurrencyDetector.Detect(lines, out var reason));
        Assert.Contains("United Kingdom, holds 50 %", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NoCountryColumn_IsNone()
    {
        var lines = Lines((null, 100));

        Assert.Null(CurrencyDetector.Detect(lines, out var reason));
        Assert.Contains("no country column", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCode_KnownAndUnknownCodes()
    {
        Assert.Equal("€", Currency.FromCode("eur")!.Symbol);
        Assert.Null(Currency.FromCode("XYZ"));
        Assert.Contains("GBP", Currency.KnownCodes);
    }

    [SharedDataFact]
    public void Detect_OnlineRetail_IsPoundSterling()
    {
        var result = DataFileReader.Read(SharedData.DataFile("online_retail.csv.gz"));

        var currency = CurrencyDetector.Detect(result.Transactions!, out _);

        Assert.Equal("GBP", currency!.Code);
    }

    /// <summary>One line per (country, revenue): quantity 1 at that price.</summary>
    private static TransactionTable Lines(params (string? Country, double Revenue)[] lines)
    {
        var pools = new TransactionPools();
        var n = lines.Length;
        return new TransactionTable(
            n,
            Enumerable.Range(0, n).Select(i => pools.Invoices.Intern($"I{i}")).ToArray(),
            Enumerable.Range(0, n).Select(_ => pools.Products.Intern("P")).ToArray(),
            Enumerable.Repeat(-1, n).ToArray(),
            Enumerable.Repeat(1.0, n).ToArray(),
            Enumerable.Repeat(new DateTime(2024, 1, 1), n).ToArray(),
            lines.Select(l => l.Revenue).ToArray(),
            Enumerable.Range(0, n).Select(i => pools.Customers.Intern($"C{i}")).ToArray(),
            lines.Select(l => l.Country is null ? -1 : pools.Countries.Intern(l.Country)).ToArray(),
            Enumerable.Range(2, n).ToArray(),
            pools);
    }
}
