using Microsoft.Playwright;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Browser;

/// <summary>An order-line file (CDNOW sample: no header, no products) dropped on the Data page, through segments and lifetime value.</summary>
[Collection(BrowserCollection.Name)]
public class OrderLinesJourneyTests(AppServerFixture app)
{
    [SharedDataBrowserFact]
    public async Task UploadCdnowSample_IsReadAsOrderLinesAndGivesSegmentsAndLifetimeValue()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/data");
        await Expect(page.Locator("[data-testid=quality-report]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.Locator("[data-upload-ready=true] input[type=file]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Locator("input[type=file]").SetInputFilesAsync(SharedData.DataFile("cdnow_sample.txt"));

        await Expect(page.Locator("[data-testid=upload-success]")).ToContainTextAsync("2,357 customers", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-testid=data-shape]")).ToContainTextAsync("Order lines");
        await Expect(page.Locator("[data-testid=data-shape]")).ToContainTextAsync("Amount (order total) = Column 5 (29.33)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
        await Expect(page.Locator("[data-testid=profile-table] tbody tr").First).ToContainTextAsync("Segment 1", new() { Timeout = 90_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Lifetime value" }).ClickAsync();
        await Expect(page.Locator("[data-testid=lifetime-parameters]")).ToContainTextAsync("r = ", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-testid=segment-lifetime-table] tbody tr").First).ToContainTextAsync("Segment 1", new() { Timeout = 90_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Market Basket" }).ClickAsync();
        await Expect(page.Locator("[data-testid=no-baskets]")).ToContainTextAsync("order lines", new() { Timeout = 60_000 });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
