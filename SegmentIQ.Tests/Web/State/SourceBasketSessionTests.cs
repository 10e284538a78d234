using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Tests.Ingestion;
using SegmentIQ.Tests.Sources;
using SegmentIQ.Web.Components.Pages.Baskets;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.State;

/// <summary>Market Basket for a dataset loaded from a source: the session mines the source's baskets as it mines uploaded lines.</summary>
public sealed class SourceBasketSessionTests : SegmentIqBunitContext
{
    [Fact]
    public async Task MarketBasket_DatasetFromDuckDb_MinesTheRulesOfTheSameFileUploaded()
    {
        var session = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        using var files = new TempFiles();
        var path = files.Write("shop.csv", TestCsv.ThirtyCustomers());
        var uploaded = DatasetLoader.Load(path, "shop.csv", null, null, false, null, CancellationToken.None).Dataset!;
        var settings = new DuckDbSettings { AllowedRoot = Path.GetDirectoryName(path)!, SpillDirectory = files.PathOf("spill") };
        await session.LoadSourceAsync(new DuckDbFileSource("shop.csv", settings), null, null, null, CancellationToken.None);
        Assert.True(session.HasBasketData);

        foreach (var support in new[] { 0.3, 0.1, 0.2 })
        {
            var mining = session.BasketSettings with { Grouping = BasketGrouping.Customer, MinSupport = support, MinConfidence = 0.2, MinLift = 0 };
            await session.UpdateBasketSettingsAsync(mining);

            var expected = BasketMiner.Mine(mining, uploaded, null, null, null, (d, s, ct) => TransactionBaskets.Build(d.Purchases!, s.Grouping, ct), null, CancellationToken.None);
            Assert.Null(session.BasketError);
            Assert.Equal(30, session.BasketResult!.Baskets.BasketCount);
            Assert.NotEmpty(SourceBasketTests.RuleRows(session.BasketResult.Rules!));
            Assert.Equal(SourceBasketTests.RuleRows(expected.Rules!), SourceBasketTests.RuleRows(session.BasketResult.Rules!));
        }

        await session.UpdateBasketSettingsAsync(session.BasketSettings with { Segment = 0 });
        Assert.Equal("shop.csv was aggregated where it lives, without its lines in memory: its baskets are mined for all customers, not inside one segment.", session.BasketError);
    }

    [Fact]
    public async Task MarketBasketPage_DatasetFromDuckDb_ShowsRulesAndSaysSegmentsAreNotOffered()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        using var files = new TempFiles();
        var path = files.Write("shop.csv", TestCsv.ThirtyCustomers());
        var settings = new DuckDbSettings { AllowedRoot = Path.GetDirectoryName(path)!, SpillDirectory = files.PathOf("spill") };
        await session.LoadSourceAsync(new DuckDbFileSource("shop.csv", settings), null, null, null, CancellationToken.None);
        await session.UpdateBasketSettingsAsync(session.BasketSettings with { Grouping = BasketGrouping.Customer, MinSupport = 0.2, MinConfidence = 0.2, MinLift = 0 });

        var cut = Render<MarketBasketPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=rules-table] tbody tr")), TimeSpan.FromSeconds(60));
        Assert.Empty(cut.FindAll("[data-testid=no-baskets]"));
        Assert.Empty(cut.FindAll("[data-testid=segment-select]"));
        Assert.Equal(
            "All customers: shop.csv groups the baskets where the data lives and sends back the products frequent at the support, so mining inside one segment is not offered.",
            cut.Find("[data-testid=source-baskets]").TextContent.Trim());
    }
}
