using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Web.Components.Pages.Baskets;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class MarketBasketPageTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public void BuildHeatmap_BasketsReducedAtASource_TakesOwnCountsFromTheSourceAndSaysWhichPairsWereNotCounted()
    {
        // Full baskets {A,B} {A,B} {A,C} {C} reduced at 50 %: only A+B (2 baskets) is a frequent pair, so the source kept
        // A and B of the first two baskets, and sent the single products' counts A 3, B 2, C 2.
        var db = new BasketDatabase([0, 2, 4, 4, 4], [0, 1, 0, 1], ["A", "B", "C"], null, null, null, [3, 2, 2], 2);

        var heatmap = MarketBasketPage.BuildHeatmap(db, 3);

        Assert.Equal(["A", "B", "C"], heatmap.Labels);
        Assert.Equal([3.0, 2, 0, 2, 2, 0, 0, 0, 2], heatmap.Values);
        Assert.Equal("A\nin 3 baskets", heatmap.CellHover[0]);
        Assert.Equal("A\n+ B\ntogether in 2 baskets", heatmap.CellHover[1]);
        Assert.Equal("A\n+ C\ntogether in fewer than 2 baskets (the source counted pairs from there up)", heatmap.CellHover[2]);
    }

    [Fact]
    public void Open_OnBundledSample_MinesRulesFromItsInvoices()
    {
        var cut = Render<MarketBasketPage>();
        var session = Services.GetRequiredService<AnalysisSession>();

        cut.WaitForAssertion(() => Assert.NotNull(session.BasketResult), Wait);
        var result = session.BasketResult!;
        Assert.Equal(BasketSource.Transactions, result.Settings.Source);
        var purchases = session.Dataset!.Purchases!;
        var invoices = new HashSet<int>();
        for (var i = 0; i < purchases.Count; i++)
        {
            invoices.Add(purchases.Invoice[i]);
        }

        Assert.Equal(invoices.Count, result.Baskets.BasketCount);
        cut.WaitForAssertion(() => Assert.Equal(result.RuleCount, RuleCount(cut)), Wait);
        cut.WaitForAssertion(() => Assert.Equal(Math.Min(MarketBasketPage.PageSize, result.RuleCount), cut.FindAll("[data-testid=rules-table] tbody tr").Count), Wait);

        var top = session.TopRules;
        Assert.Equal(Math.Min(500, result.RuleCount), top.Count);
        Assert.True(top.Zip(top.Skip(1)).All(p => p.First.Lift >= p.Second.Lift), "TopRules are sorted by lift, highest first");
        Assert.Same(top, session.TopRules);
    }

    [Fact]
    public async Task RenderedBeforeANewerShorterResultIsOrdered_ShowsTheRulesItsOrderBelongsTo()
    {
        var cut = Render<MarketBasketPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.True(session.BasketResult?.RuleCount > MarketBasketPage.PageSize), Wait);
        var many = session.BasketResult!;
        cut.WaitForAssertion(() => Assert.Equal(MarketBasketPage.PageSize, cut.FindAll("[data-testid=rules-table] tbody tr").Count), Wait);

        // On the renderer's thread, so the page's own refresh (queued there by the session's change) cannot run first:
        // a newer result with far fewer rules arrives, and the page renders (as after one of its own events) before it
        // has ordered that result.
        await cut.InvokeAsync(() =>
        {
            _ = session.UpdateBasketSettingsAsync(session.BasketSettings with { MinSupport = many.Settings.MinSupport * 4 });
            Assert.True(SpinWait.SpinUntil(() => session.BasketResult is { } newer && !ReferenceEquals(newer, many), Wait), "the newer result arrived");
            Assert.True(session.BasketResult!.RuleCount < many.RuleCount / 2, "the newer result has far fewer rules");
            cut.Render();
        });

        cut.WaitForAssertion(() => Assert.Equal(Math.Min(MarketBasketPage.PageSize, session.BasketResult!.RuleCount), cut.FindAll("[data-testid=rules-table] tbody tr").Count), Wait);
    }

    [Fact]
    public void LowerMinSupport_RuleCountIncreases()
    {
        var cut = Render<MarketBasketPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.BasketResult), Wait);
        var before = session.BasketResult!.RuleCount;
        var beforeSupport = session.BasketSettings.MinSupport;

        var slider = cut.FindComponents<MudBlazor.MudSlider<double>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (id as string) == "min-support-slider");
        cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(150));

        cut.WaitForAssertion(
            () =>
            {
                Assert.NotNull(session.BasketResult);
                Assert.True(session.BasketResult!.Settings.MinSupport < beforeSupport);
                Assert.False(session.IsMiningBaskets);
            },
            Wait);
        Assert.True(session.BasketResult!.RuleCount > before, $"{session.BasketResult.RuleCount} rules at support {session.BasketSettings.MinSupport}, {before} at {beforeSupport}");
        cut.WaitForAssertion(() => Assert.Equal(session.BasketResult.RuleCount, RuleCount(cut)));
    }

    [Fact]
    public void SegmentSelector_SwitchesToThatSegmentsBasketsAndShowsItsProducts()
    {
        var cut = Render<MarketBasketPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.BasketResult), Wait);
        cut.WaitForAssertion(() => Assert.NotNull(session.Segmentation), Wait);
        var all = session.BasketResult!.Baskets.BasketCount;

        var select = cut.FindComponents<MudBlazor.MudSelect<int>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (id as string) == "segment-select");
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(0));

        cut.WaitForAssertion(() => Assert.Equal(0, session.BasketResult?.Settings.Segment), Wait);
        var result = session.BasketResult!;
        Assert.NotNull(result.Segment);
        Assert.True(result.Baskets.BasketCount < all, "a segment has fewer baskets than all customers");
        Assert.Equal(0, result.Segment!.Label);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=over-indexed] tbody tr")));
        Assert.Contains("segment 1", cut.Find("[data-testid=basket-source]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomerCodeLabels_MapsRowsToPoolCodesById()
    {
        var pool = new SegmentIQ.Analytics.Ingestion.StringPool();
        pool.Intern("C3");
        pool.Intern("C1");
        pool.Intern("C9");

        var labels = BasketMiner.CustomerCodeLabels(["C1", "C3", "C7"], [2, 0, 1], pool);

        Assert.Equal([0, 2, -1], labels);
    }

    [Fact]
    public void SupportAt_SpansAFewBasketsToTwentyPercentOnALogScale()
    {
        Assert.Equal(3.0 / 10_000, MarketBasketPage.SupportAt(0, 10_000), 12);
        Assert.Equal(MarketBasketPage.MaxSupport, MarketBasketPage.SupportAt(MarketBasketPage.SupportSteps, 10_000), 12);
        var mid = MarketBasketPage.SupportAt(MarketBasketPage.SupportSteps / 2.0, 10_000);
        Assert.Equal(Math.Sqrt(3.0 / 10_000 * MarketBasketPage.MaxSupport), mid, 12);
    }

    private static int RuleCount(IRenderedComponent<MarketBasketPage> cut) =>
        int.Parse(cut.Find("[data-testid=rule-count]").TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
