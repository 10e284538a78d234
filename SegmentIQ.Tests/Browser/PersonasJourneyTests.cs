using Microsoft.Playwright;
using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Browser;

/// <summary>Personas and the executive summary in a real browser: cards follow k, the Excel report downloads.</summary>
[Collection(BrowserCollection.Name)]
public class PersonasJourneyTests(AppServerFixture app)
{
    [BrowserFact]
    public async Task Personas_FollowK_AndSummaryDownloadsTheExcelReport()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await Expect(page.Locator("[data-testid=persona-card]")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        var namesAtFour = await page.Locator("[data-testid=persona-name]").AllInnerTextsAsync();
        Assert.Equal(4, namesAtFour.Distinct().Count());

        await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
        await page.Locator("input[data-testid=k-slider]").FillAsync("6");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(6, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await Expect(page.Locator("[data-testid=persona-card]")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        var namesAtSix = await page.Locator("[data-testid=persona-name]").AllInnerTextsAsync();
        Assert.Equal(6, namesAtSix.Distinct().Count());

        await page.GetByRole(AriaRole.Link, new() { Name = "Executive summary" }).ClickAsync();
        await Expect(page.Locator("[data-testid=summary-personas] [data-testid=persona-card]")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=segmentation-headline]")).ToContainTextAsync("k = 6");
        await Expect(page.Locator("[data-testid=export-excel]")).ToBeEnabledAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-excel]").ClickAsync(), new() { Timeout = 60_000 });
        var file = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.xlsx");
        try
        {
            await download.SaveAsAsync(file);
            Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
            using var package = new ExcelPackage(new FileInfo(file));
            var sheets = package.Workbook.Worksheets.Select(w => w.Name).ToList();
            // The report is self-contained: the whole dataset's rules, the lifetime values, the movers and the
            // recommendations are in it although Market Basket, Lifetime value and Over time were never opened.
            Assert.Equal(
                [
                    ExcelReport.SummarySheet, ExcelReport.PersonasSheet, ExcelReport.ProfilesSheet, ExcelReport.CustomersSheet, ExcelReport.RulesSheet,
                    ExcelReport.DataQualitySheet, ExcelReport.LifetimeSheet, ExcelReport.SegmentTestsSheet, ExcelReport.MoversSheet, ExcelReport.RecommendationsSheet,
                    ExcelReport.AbPlanningSheet, ExcelReport.ParametersSheet,
                ],
                sheets);
            Assert.True(package.Workbook.Worksheets[ExcelReport.LifetimeSheet].Dimension.End.Row > 20);
            Assert.True(package.Workbook.Worksheets[ExcelReport.RulesSheet].Dimension.End.Row > 1);
            var chip = await page.Locator("[data-testid=dataset-chip]").InnerTextAsync();
            var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet].Dimension.End.Row - 1;
            Assert.Contains(customers.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " customers", chip, StringComparison.Ordinal);
            Assert.Equal(6 + 1, package.Workbook.Worksheets[ExcelReport.PersonasSheet].Dimension.End.Row);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [BrowserFact]
    public async Task Personas_CsvExport_DownloadsOneLinePerCustomer()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/personas");
        await Expect(page.Locator("[data-testid=persona-card]")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=export-csv]")).ToBeEnabledAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync(), new() { Timeout = 60_000 });
        var file = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.csv");
        try
        {
            await download.SaveAsAsync(file);
            var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
            Assert.Equal("CustomerId,Segment,Persona", lines[0].TrimStart('\uFEFF'));
            var chip = await page.Locator("[data-testid=dataset-chip]").InnerTextAsync();
            Assert.Contains((lines.Count - 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " customers", chip, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [BrowserFact]
    public async Task Personas_Recommendations_LookUpCsvAndTimeSplitEvaluation()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/personas");
        await Expect(page.Locator("[data-testid=recommendations-csv]")).ToBeEnabledAsync(new() { Timeout = 90_000 });

        // The CSV of every customer's top 5; its first customer is then looked up on the page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=recommendations-csv]").ClickAsync(), new() { Timeout = 60_000 });
        Assert.Equal("segmentiq-recommendations.csv", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.csv");
        List<string> lines;
        try
        {
            await download.SaveAsAsync(file);
            lines = [.. (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0)];
        }
        finally
        {
            File.Delete(file);
        }

        Assert.StartsWith("CustomerID,Segment,Rank,StockCode", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        var customer = lines[1].Split(',')[0];
        var rows = lines.Skip(1).Count(l => l.StartsWith(customer + ",", StringComparison.Ordinal));
        Assert.StartsWith("Segment ", lines[1].Split(',')[1], StringComparison.Ordinal);

        var field = page.Locator("input[data-testid=recommendations-customer], [data-testid=recommendations-customer] input").First;
        await field.FillAsync(customer);
        await field.PressAsync("Tab");
        await page.Locator("[data-testid=recommendations-lookup]").ClickAsync();
        await Expect(page.Locator("[data-testid=recommendations-table] tbody tr")).ToHaveCountAsync(rows, new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=recommendations-message]")).ToContainTextAsync($"Customer {customer} · Segment ");

        // The honest evaluation: three hit rates from the lines before the default cut.
        await page.Locator("[data-testid=evaluation-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=evaluation-table] tbody tr")).ToHaveCountAsync(3, new() { Timeout = 120_000 });
        await Expect(page.Locator("[data-testid=evaluation-segment]")).ToContainTextAsync("%");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
