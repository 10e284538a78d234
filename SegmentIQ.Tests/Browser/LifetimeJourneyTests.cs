using Microsoft.Playwright;
using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Browser;

/// <summary>Lifetime value in a real browser: the bundled sample is fitted, the charts are drawn, a holdout refits, the Excel report carries the lifetime sheet.</summary>
[Collection(BrowserCollection.Name)]
public class LifetimeJourneyTests(AppServerFixture app)
{
    private const string CumulativeLines = "() => document.getElementById('lifetime-cumulative-chart')?.data?.map(t => t.name) ?? null";

    [BrowserFact]
    public async Task Lifetime_SampleFitsDrawsChecksAndExportsTheLifetimeSheet()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Lifetime value" }).ClickAsync();
        await Expect(page.Locator("[data-testid=lifetime-parameters]")).ToContainTextAsync("leaves for good with probability", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=segment-lifetime-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=segment-lifetime-table] tbody tr").First).ToContainTextAsync("Segment 1 · ");
        await page.WaitForFunctionAsync("() => document.getElementById('lifetime-cumulative-chart')?.data?.length === 2", null, new() { Timeout = 60_000 });
        Assert.Equal(["Actual", "Model"], await page.EvaluateAsync<string[]>(CumulativeLines));
        await page.WaitForFunctionAsync("() => document.getElementById('lifetime-alive-history-chart')?.data?.[0]?.y?.length > 0", null, new() { Timeout = 60_000 });

        // Hold out 8 weeks: the model is refitted on the calibration period and checked against the holdout.
        await page.Locator("input[data-testid=holdout-slider]").FillAsync("8");
        await Expect(page.Locator("[data-testid=holdout-value]")).ToHaveTextAsync("8", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('lifetime-holdout-chart')?.data?.length === 2", null, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => (document.getElementById('lifetime-cumulative-chart')?.layout?.shapes ?? []).length === 1", null, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Executive summary" }).ClickAsync();
        await Expect(page.Locator("[data-testid=summary-lifetime]")).ToContainTextAsync("expected to be worth", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=export-excel]")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-excel]").ClickAsync(), new() { Timeout = 60_000 });
        var file = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(file);
            using var package = new ExcelPackage(new FileInfo(file));
            var lifetime = package.Workbook.Worksheets[ExcelReport.LifetimeSheet];
            Assert.NotNull(lifetime);
            Assert.Equal("BG/NBD r", lifetime.Cells[2, 1].Text);
            var calibration = Enumerable.Range(1, 30).Single(r => lifetime.Cells[r, 1].Text == "Calibration end");
            var shown = await page.Locator("[data-testid=summary-lifetime]").InnerTextAsync();
            Assert.Contains("at risk", shown, StringComparison.Ordinal);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", lifetime.Cells[calibration, 2].Text);
            var summary = package.Workbook.Worksheets[ExcelReport.SummarySheet];
            Assert.Contains(Enumerable.Range(1, 20), r => summary.Cells[r, 1].Text.StartsWith("Customer lifetime value", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
