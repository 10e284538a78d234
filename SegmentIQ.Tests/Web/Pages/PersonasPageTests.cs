using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Web.Components.Pages.Personas;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class PersonasPageTests : SegmentIqBunitContext
{
    [Fact]
    public void Open_OnBundledSample_ShowsOneCardPerSegmentWithUniqueNames()
    {
        var cut = Render<PersonasPage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=persona-card]").Count), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();
        var names = cut.FindAll("[data-testid=persona-name]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(session.Insights!.Personas.Personas.Select(p => p.Name), names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(cut.FindAll("[data-testid=persona-card]"), card => Assert.InRange(card.QuerySelectorAll("[data-testid=persona-action]").Length, 1, 3));
    }

    [Fact]
    public async Task SessionK_ChangedToSix_CardsFollow()
    {
        var cut = Render<PersonasPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=persona-card]").Count), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();

        await cut.InvokeAsync(() => session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 6 }));

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-testid=persona-card]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(6, session.Insights!.Personas.Personas.Count);
    }

    [Fact]
    public void Open_TransactionSample_ShowsRfmCrossTabWithEveryCustomer()
    {
        var cut = Render<PersonasPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=rfm-crosstab] tbody tr")), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();

        var totals = cut.FindAll("[data-testid=rfm-crosstab] tbody tr")
            .Sum(tr => int.Parse(tr.QuerySelectorAll("td")[^1].TextContent, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(session.Dataset!.Features.Count, totals);
        Assert.Empty(cut.FindAll("[data-testid=rfm-unavailable]"));

        // A persona's name is never also an RFM class's name shown in another colour ("Loyal" orange and green).
        var personaNames = session.Insights!.Personas.Personas.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rfmNames = cut.FindAll("[data-testid=rfm-crosstab] tbody tr").Select(tr => tr.QuerySelectorAll("td")[0].TextContent.Trim())
            .Concat(PersonasPage.BuildRfmGrid(session.Insights.Rfm!).Segments.Select(s => s.Name)).ToList();
        Assert.Contains(rfmNames, n => n.EndsWith("Loyal", StringComparison.Ordinal));
        Assert.DoesNotContain(rfmNames, personaNames.Contains);
    }
}

public class PersonasPageCustomerTableTests : SegmentIqBunitContext
{
    [Fact]
    public async Task CustomerTable_WithoutRfm_NamesPersonasAndExplainsTheMissingRfmGrid()
    {
        var cut = Render<PersonasPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=persona-card]").Count), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();
        var file = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, WholesaleLike(60));
        try
        {
            var outcome = await cut.InvokeAsync(() => session.LoadFileAsync(file, "wholesale-like.csv", null, null, null, null, CancellationToken.None));
            Assert.Null(outcome.Error);

            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=rfm-unavailable]")), TimeSpan.FromSeconds(30));
            Assert.Contains("Recency", cut.Find("[data-testid=rfm-unavailable]").TextContent, StringComparison.Ordinal);
            Assert.Equal(session.Insights!.Personas.Personas.Count, cut.FindAll("[data-testid=persona-card]").Count);
            Assert.Empty(cut.FindAll("[data-testid=rfm-crosstab]"));
            Assert.Empty(cut.FindAll("[data-testid=treemap-revenue]"));
            Assert.Null(session.Insights.Rfm);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A customer table shaped like the UCI Wholesale customers file: spend per product family, no RFM.</summary>
    private static string WholesaleLike(int rows)
    {
        var text = new System.Text.StringBuilder("Channel,Region,Fresh,Milk,Grocery,Frozen,Detergents_Paper,Delicassen\n");
        for (var i = 0; i < rows; i++)
        {
            var big = i % 3 == 0;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1 + i % 2},{1 + i % 3},{(big ? 20000 : 3000) + 137 * i},{(big ? 9000 : 1500) + 71 * (i % 7)},{(i % 2 == 0 ? 12000 : 2500) + 53 * i},{800 + 29 * (i % 11)},{(i % 2 == 0 ? 5000 : 300) + 17 * i},{500 + 13 * (i % 5)}\n");
        }

        return text.ToString();
    }
}
