using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>A reload keeps the tab's work: upload a file, set k, press F5, see the same data and k; a new tab starts on the sample, and says so.</summary>
[Collection(BrowserCollection.Name)]
public class WorkspaceJourneyTests(AppServerFixture app)
{
    [BrowserFact]
    public async Task UploadSetKReload_ShowsTheSameDatasetAndK()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/data");
        await Expect(page.Locator("[data-testid=sample-banner]")).ToContainTextAsync("bundled sample");
        var name = $"reload-{Guid.NewGuid():N}.csv";
        var file = Path.Combine(Path.GetTempPath(), name);
        await File.WriteAllTextAsync(file, TestCsv.ThirtyCustomers());
        try
        {
            await page.Locator("[data-upload-ready=true] input[type=file]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await Expect(page.Locator("[data-testid=upload-success]")).ToContainTextAsync("30 customers", new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=sample-banner]")).ToHaveCountAsync(0);

            await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
            await page.Locator("input[data-testid=k-slider]").FillAsync("3");
            await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(3, new() { Timeout = 60_000 });

            await page.ReloadAsync();

            await Expect(page.Locator("[data-testid=dataset-chip]")).ToContainTextAsync(name, new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=dataset-chip]")).ToContainTextAsync("30 customers");
            await Expect(page.Locator("[data-testid=k-value]")).ToHaveTextAsync("3");
            await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=sample-banner]")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid=lost-workspace-banner]")).ToHaveCountAsync(0);

            // Another tab has its own workspace: the sample, with the banner saying so.
            var other = await app.NewPageAsync();
            await other.GotoAsync(app.BaseUrl + "/segments");
            await Expect(other.Locator("[data-testid=sample-banner]")).ToContainTextAsync("bundled sample", new() { Timeout = 60_000 });
            await Expect(other.Locator("[data-testid=k-value]")).ToHaveTextAsync("4");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
