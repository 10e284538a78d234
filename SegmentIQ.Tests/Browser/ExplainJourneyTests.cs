using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>Explain in a real browser: importance arrives, the radar draws every segment, one customer is explained.</summary>
[Collection(BrowserCollection.Name)]
public class ExplainJourneyTests(AppServerFixture app)
{
    [BrowserFact]
    public async Task Explain_RadarImportanceAndOneCustomersExplanation()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Explain" }).ClickAsync();
        await Expect(page.Locator("[data-testid^=segment-card-]")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('explain-radar-chart')?.data?.length === 4", null, new() { Timeout = 60_000 });
        var outlines = await page.EvaluateAsync<string[]>("() => document.getElementById('explain-radar-chart').data.map(t => t.name)");
        // Trace names are HTML-encoded for Plotly (user text); the reader sees the decoded name.
        Assert.All(outlines, (name, i) => Assert.StartsWith($"Segment {i + 1} · ", System.Net.WebUtility.HtmlDecode(name), StringComparison.Ordinal));
        await Expect(page.Locator("[data-testid=importance-accuracy]")).ToContainTextAsync("cross-validation", new() { Timeout = 90_000 });

        // The first customer is explained by default; another one is explained once typed.
        await Expect(page.Locator("[data-testid=explain-customer-summary]")).ToContainTextAsync("the nearest other segment is Segment", new() { Timeout = 60_000 });
        var first = await page.Locator("[data-testid=explain-customer-summary]").InnerTextAsync();
        var rows = await page.Locator("[data-testid=explain-customer-table] tbody tr").CountAsync();
        Assert.True(rows >= 2);

        var field = page.Locator("input[data-testid=explain-customer-id], [data-testid=explain-customer-id] input").First;
        var customer = await field.InputValueAsync();
        await field.FillAsync("no-such-customer");
        await field.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=explain-customer-error]")).ToContainTextAsync("There is no customer 'no-such-customer'", new() { Timeout = 30_000 });

        await field.FillAsync(customer);
        await field.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=explain-customer-summary]")).ToHaveTextAsync(first, new() { Timeout = 30_000 });

        // A/B planning: the textbook conversion case, then order value planned per segment with a t-test.
        await Expect(page.Locator("[data-testid=ab-required]")).ToContainTextAsync("8,158 control", new() { Timeout = 30_000 });
        await page.Locator("[data-testid=ab-metric]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Order value" }).First.ClickAsync();
        await Expect(page.Locator("[data-testid=ab-required]")).ToContainTextAsync("t-test", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=ab-table] tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-testid=ab-table] tbody tr").First).ToContainTextAsync(" + ");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
