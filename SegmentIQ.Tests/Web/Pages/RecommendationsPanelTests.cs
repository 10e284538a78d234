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
}
