using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>Segments over time in a real browser: open Over time from the menu, change the period, the Sankey follows.</summary>
[Collection(BrowserCollection.Name)]
public class OverTimeJourneyTests(AppServerFixture app)
{
    private const string SankeyTotal = "() => { const d = document.getElementById('over-time-sankey')?.data?.[0]; return d?.link?.value ? d.link.value.reduce((a, b) => a + b, 0) : null; }";

    [BrowserFact]
    public async Task OverTime_ChangePeriodToMonth_SankeyChanges()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Over time" }).ClickAsync();

        await Expect(page.Locator("[data-testid=temporal-intro]")).ToContainTextAsync("5 snapshots (2010-Q4 to 2011-Q4)", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync(SankeyTotal, null, new() { Timeout = 60_000 });
        var quarterly = await page.EvaluateAsync<double>(SankeyTotal);
        var quarterlyLinks = await page.EvaluateAsync<int>("() => document.getElementById('over-time-sankey').data[0].link.value.length");

        await page.Locator("[data-testid=period-month]").ClickAsync();

        await Expect(page.Locator("[data-testid=temporal-intro]")).ToContainTextAsync("13 snapshots (2010-12 to 2011-12)", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync(
            "([total, links]) => { const d = document.getElementById('over-time-sankey')?.data?.[0]; return d && (d.link.value.length !== links || d.link.value.reduce((a, b) => a + b, 0) !== total); }",
            new object[] { quarterly, quarterlyLinks },
            new() { Timeout = 60_000 });
        var labels = await page.EvaluateAsync<string[]>("() => document.getElementById('over-time-sankey').data[0].node.label");
        Assert.Contains(labels, l => l.StartsWith("Segment 1", StringComparison.Ordinal));
        Assert.True(quarterly > 0);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
