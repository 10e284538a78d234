using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Web.Components.Pages.Personas;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class RecommendationsPanelTests : SegmentIqBunitContext
{
    [Fact]
    public void LookUp_CustomerOfTheSample_ShowsTheirTopProductsWithReasons()
    {
        var cut = Render<PersonasPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.Recommender), TimeSpan.FromSeconds(60));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=recommendations-lookup]")), TimeSpan.FromSeconds(30));
        var model = session.Recommender!;
        var customers = session.Dataset!.Purchases!.Pools.Customers;
        var code = Enumerable.Range(0, model.CustomerCount).First(c => model.SegmentOf(c) >= 0 && model.Recommend(c).Count > 0);
        var expected = model.Recommend(code, personas: session.Insights!.Personas);

        var field = cut.FindComponents<MudTextField<string>>().Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "recommendations-customer");
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(customers[code]));
        // Background results (lifetime values for the cards) re-render the page: find and click in one dispatcher turn.
        cut.InvokeAsync(() => cut.Find("[data-testid=recommendations-lookup]").Click());

        cut.WaitForAssertion(() => Assert.Equal(expected.Count, cut.FindAll("[data-testid=recommendations-table] tbody tr").Count));

        // N = 2: the lookup shows the first two of the same list.
        var top = cut.FindComponents<MudNumericField<int>>().Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "recommendations-top");
        cut.InvokeAsync(() => top.Instance.ValueChanged.InvokeAsync(2));
        cut.InvokeAsync(() => cut.Find("[data-testid=recommendations-lookup]").Click());
        cut.WaitForAssertion(() => Assert.Equal(Math.Min(2, expected.Count), cut.FindAll("[data-testid=recommendations-table] tbody tr").Count));
        Assert.Contains("Top-2 CSV", cut.Find("[data-testid=recommendations-csv]").TextContent, StringComparison.Ordinal);

        // The report's Recommendations sheet follows the same N: at most two rows per customer, and two for this one.
        Assert.Equal(2, session.RecommendationCount);
        var sheet = session.ReportRecommendations!;
        var rowsPerCustomer = sheet.Rows.GroupBy(r => r[0]).Select(g => g.Count()).ToList();
        Assert.Equal(2, rowsPerCustomer.Max());
        Assert.Equal(Math.Min(2, expected.Count), sheet.Rows.Count(r => Equals(r[0], customers[code])));
        Assert.Contains(expected[0].Reason, cut.Find("[data-testid=recommendations-table]").TextContent, StringComparison.Ordinal);
        Assert.Contains(SegmentIQ.Analytics.Personas.SegmentNames.Display(model.SegmentOf(code), session.Insights.Personas), expected[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LookUp_UnknownCustomer_SaysSo()
    {
        var cut = Render<PersonasPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=recommendations-lookup]")), TimeSpan.FromSeconds(60));

        var field = cut.FindComponents<MudTextField<string>>().Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "recommendations-customer");
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("no-such-customer"));
        cut.InvokeAsync(() => cut.Find("[data-testid=recommendations-lookup]").Click());

        cut.WaitForAssertion(() => Assert.Contains("No customer 'no-such-customer'", cut.Find("[data-testid=recommendations-message]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=recommendations-table]"));
    }

    [Fact]
    public void Evaluate_DefaultCut_ShowsTheEnginesHitRatesNextToTheBaselines()
    {
        var cut = Render<PersonasPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=evaluation-run]")), TimeSpan.FromSeconds(60));
        var purchases = session.Dataset!.Purchases!;
        var at = AnalysisSession.DefaultEvaluationCut(purchases);
        Assert.Equal(1, at.Day);

        cut.InvokeAsync(() => cut.Find("[data-testid=evaluation-run]").Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=evaluation-table]")), TimeSpan.FromSeconds(120));
        var expected = SegmentIQ.Analytics.Recommendations.RecommendationEvaluator.Evaluate(purchases, at, session.Segmentation!.Settings, session.Space!.Options, new Segmenter());
        Assert.Equal(SegmentIQ.Web.Components.Shared.Format.Percent(expected.HitRate), cut.Find("[data-testid=evaluation-segment]").TextContent);
        Assert.Equal(SegmentIQ.Web.Components.Shared.Format.Percent(expected.PopularityHitRate), cut.Find("[data-testid=evaluation-popularity]").TextContent);
        Assert.Equal(SegmentIQ.Web.Components.Shared.Format.Percent(expected.GlobalRulesHitRate), cut.Find("[data-testid=evaluation-global]").TextContent);
        Assert.True(expected.LatestTrainingDate < at && expected.EarliestTestDate >= at);
    }

    [Fact]
    public void Evaluate_BadCut_SaysHowToWriteIt()
    {
        var cut = Render<PersonasPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=evaluation-run]")), TimeSpan.FromSeconds(60));

        var field = cut.FindComponents<MudTextField<string>>().Single(c => c.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "evaluation-cut");
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("1st of May"));
        cut.InvokeAsync(() => cut.Find("[data-testid=evaluation-run]").Click());
        cut.WaitForAssertion(() => Assert.Contains("'1st of May' is not a date written as yyyy-MM-dd", cut.Find("[data-testid=evaluation-error]").TextContent, StringComparison.Ordinal));

        // A date outside the data leaves nothing on one side: the engine's message, not an exception.
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("1990-01-01"));
        cut.InvokeAsync(() => cut.Find("[data-testid=evaluation-run]").Click());
        cut.WaitForAssertion(() => Assert.Contains("choose a date inside the data's range", cut.Find("[data-testid=evaluation-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
    }
}
