using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.Components.Pages.Summary;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class ExecutiveSummaryPageTests : SegmentIqBunitContext
{
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    [Fact]
    public void Open_OnBundledSample_ShowsTheSessionsQualityMetrics()
    {
        var cut = Render<ExecutiveSummaryPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=summary-silhouette]")), TimeSpan.FromSeconds(30));
        var quality = Services.GetRequiredService<AnalysisSession>().Segmentation!.Quality;
        Assert.Equal(quality.Silhouette.Mean.ToString("N3", Invariant), cut.Find("[data-testid=summary-silhouette]").TextContent);
        Assert.Equal(quality.DaviesBouldin.Value.ToString("N3", Invariant), cut.Find("[data-testid=summary-davies-bouldin]").TextContent);
        Assert.Equal(quality.CalinskiHarabasz.Value.ToString("N0", Invariant), cut.Find("[data-testid=summary-calinski-harabasz]").TextContent);
        Assert.Contains("k = 4", cut.Find("[data-testid=segmentation-headline]").TextContent, StringComparison.Ordinal);
        Assert.Equal(4, cut.FindAll("[data-testid=summary-personas] [data-testid=persona-card]").Count);
        Assert.Equal(4, cut.FindAll("[data-testid=persona-kpis]").Count);
    }

    [Fact]
    public void Open_OnBundledSample_PlansAbTestsPerSegmentForBothMetrics()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        session.AbOrderValue = session.AbOrderValue with { MinimumDetectableEffect = 0.25 };
        var cut = Render<ExecutiveSummaryPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=summary-ab]")), TimeSpan.FromSeconds(30));
        var text = cut.Find("[data-testid=summary-ab]").TextContent;
        Assert.Contains("two-proportion z-test", cut.Find("[data-testid=summary-ab-conversion]").TextContent, StringComparison.Ordinal);
        Assert.Contains("t-test", cut.Find("[data-testid=summary-ab-order-value]").TextContent, StringComparison.Ordinal);
        var names = Enumerable.Range(0, 4).Select(l => SegmentIQ.Analytics.Personas.SegmentNames.Display(l, session.Insights!.Personas)).ToList();
        Assert.All(names, n => Assert.Contains($"{n} needs 8,158 + 8,158 customers", text, StringComparison.Ordinal));

        // The order-value lines use the session's (Explain page's) inputs: +25 % of each segment's mean.
        var plans = session.AbPlans(session.AbOrderValue)!;
        var first = plans.Segments[0].Plan!.Required;
        Assert.Contains(string.Create(Invariant, $"{names[0]} needs {first.Control:N0} + {first.Treatment:N0} customers"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OnBundledSample_HeadlinesTheCleaning()
    {
        var cut = Render<ExecutiveSummaryPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=data-headline]")), TimeSpan.FromSeconds(30));
        var dataset = Services.GetRequiredService<AnalysisSession>().Dataset!;
        var headline = cut.Find("[data-testid=data-headline]").TextContent;
        Assert.Contains(dataset.RowsRead.ToString("N0", Invariant) + " rows read", headline, StringComparison.Ordinal);
        Assert.Contains(dataset.Cleaning!.RowsKept.ToString("N0", Invariant) + " purchase lines kept", headline, StringComparison.Ordinal);

        // "2,500 cancellation lines (invoice starting with C)", not "2,500 (cancellation lines (invoice starting with c))".
        Assert.DoesNotContain("((", headline.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var removed = dataset.Cleaning.Removed.Where(r => r.Count > 0).ToList();
        Assert.NotEmpty(removed);
        Assert.All(removed, r => Assert.Contains(r.Count.ToString("N0", Invariant) + " " + char.ToLowerInvariant(r.Description[0]) + r.Description[1..], headline, StringComparison.Ordinal));
    }

    [Fact]
    public void Open_OnBundledSample_NamesTheCurrencyBesideMoney()
    {
        var cut = Render<ExecutiveSummaryPage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=persona-kpis]").Count), TimeSpan.FromSeconds(30));
        var code = Services.GetRequiredService<AnalysisSession>().Currency?.Code;
        Assert.Equal("GBP", code);
        Assert.Contains("Revenue (kept lines) (GBP)", cut.Find("[data-testid=summary-data]").TextContent, StringComparison.Ordinal);
        Assert.All(cut.FindAll("[data-testid=persona-kpis]"), kpis =>
        {
            Assert.Contains("Spend per customer (mean) (GBP)", kpis.TextContent, StringComparison.Ordinal);
            Assert.Contains("Revenue (GBP)", kpis.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Open_MarketBasketNeverOpened_ListsTheWholeDatasetsRulesWithTheirScope()
    {
        var cut = Render<ExecutiveSummaryPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=summary-rules] tbody tr")), TimeSpan.FromSeconds(60));
        var session = Services.GetRequiredService<AnalysisSession>();
        Assert.Null(session.BasketResult);
        Assert.Contains($"over all invoices of {session.Dataset!.Name}, support ≥ ", cut.Find("[data-testid=summary-rules]").TextContent, StringComparison.Ordinal);
        var first = session.ReportRules![0];
        var cells = cut.FindAll("[data-testid=summary-rules] tbody tr")[0].QuerySelectorAll("td");
        Assert.Equal(first.Antecedent, cells[0].TextContent);
        Assert.Equal(first.Consequent, cells[1].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=summary-rules-view]"));
    }

    [Fact]
    public async Task MarketBasketFilteredToASegment_SummaryKeepsTheWholeDatasetsRulesAndSaysSo()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        await session.EnsureReportRulesAsync();
        var whole = session.ReportRules!;

        await session.UpdateBasketSettingsAsync(session.BasketSettings with { Segment = 1 });
        var cut = Render<ExecutiveSummaryPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=summary-rules-view]")), TimeSpan.FromSeconds(60));
        Assert.Contains("the customers of Segment 2 · ", cut.Find("[data-testid=summary-rules-view]").TextContent, StringComparison.Ordinal);
        Assert.Same(whole, session.ReportRules);
        Assert.Equal(whole[0].Antecedent, cut.FindAll("[data-testid=summary-rules] tbody tr")[0].QuerySelectorAll("td")[0].TextContent);
    }

    [Fact]
    public void TopRules_WhenGiven_AreListedAsText()
    {
        var rule = new ReportRule("<b>RED</b> LANTERN", "=WHITE HEART", 0.02, 0.5, 3.25, 0.01, 1.9);
        var with = Render<ExecutiveSummaryPage>(p => p.Add(x => x.TopRules, [rule]));
        with.WaitForAssertion(() => Assert.NotEmpty(with.FindAll("[data-testid=summary-rules]")), TimeSpan.FromSeconds(30));
        var cells = with.FindAll("[data-testid=summary-rules] tbody td");
        Assert.Equal("<b>RED</b> LANTERN", cells[0].TextContent);
        Assert.Equal("=WHITE HEART", cells[1].TextContent);
        Assert.Equal("3.25", cells[4].TextContent);
    }
}
