using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>Saved analyses in a real browser: save k = 5, reload, change k, open it, see the same segments.</summary>
[Collection(BrowserCollection.Name)]
public class SavedAnalysesJourneyTests(AppServerFixture app)
{
    [BrowserFact]
    public async Task SaveKFive_ReloadAndOpenFromLibrary_ShowsTheSameSegments()
    {
        var name = $"Journey k5 {Guid.NewGuid():N}"[..20];
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.Locator("input[data-testid=k-slider]").FillAsync("5");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(5, new() { Timeout = 60_000 });
        var sizesSaved = await page.Locator("[data-testid=profile-customers]").AllInnerTextsAsync();

        await page.Locator("[data-testid=save-analysis]").ClickAsync();
        var nameField = page.Locator("input[data-testid=save-name], [data-testid=save-name] input").First;
        await Expect(nameField).ToBeVisibleAsync();
        await nameField.FillAsync(name);
        await page.Locator("textarea[data-testid=save-notes], [data-testid=save-notes] textarea").First.FillAsync("Five segments for the journey test");
        await page.ScreenshotAsync(new() { Path = "/tmp/saved-dialog.png" });
        await page.Locator("[data-testid=save-to-library]").ClickAsync();
        await Expect(page.Locator("[data-testid=save-success]")).ToContainTextAsync($"Saved '{name}' to the library with a copy of its data file");

        // A reload keeps the tab's work (k = 5); move k away so opening the saved analysis has something to restore.
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=k-value]")).ToHaveTextAsync("5");
        await page.Locator("input[data-testid=k-slider]").FillAsync("4");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Saved analyses" }).ClickAsync();
        var row = page.Locator("[data-testid=library-row]", new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-testid=library-algorithm]")).ToHaveTextAsync("K-Means, k = 5");
        await Expect(row.Locator("[data-testid=library-copy]")).ToHaveTextAsync("yes");
        await page.ScreenshotAsync(new() { Path = "/tmp/saved-page.png", FullPage = true });

        await row.Locator("[data-testid=library-open]").ClickAsync();

        // Opening ends on the Segments page, or with a message on this one: never wait a minute for a message.
        await page.WaitForFunctionAsync(
            "() => location.pathname.endsWith('/segments') || document.querySelector('[data-testid=library-error]') !== null",
            null,
            new() { Timeout = 60_000 });
        Assert.Empty(await page.Locator("[data-testid=library-error]").AllInnerTextsAsync());
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(5, new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=k-value]")).ToHaveTextAsync("5");
        Assert.Equal(sizesSaved, await page.Locator("[data-testid=profile-customers]").AllInnerTextsAsync());
        await Expect(page.Locator("[data-testid=opened-analysis]")).ToContainTextAsync($"Opened '{name}' (saved ");
        await page.ScreenshotAsync(new() { Path = "/tmp/saved-reopened.png" });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
