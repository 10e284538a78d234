using System.Text.Json;
using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>The foundation journey in a real browser: open, see segments, upload, see the report, move k.</summary>
[Collection(BrowserCollection.Name)]
public class SegmentsJourneyTests(AppServerFixture app)
{
    [BrowserFact]
    public async Task Open_DefaultData_ShowsSegmentScatterWithEveryCustomer()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");

        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync($"id => ({ScatterPointCount})(id) > 0", "segments-scatter");
        var customers = await page.EvaluateAsync<int>(ScatterPointCount, "segments-scatter");
        var chip = await page.Locator("[data-testid=dataset-chip]").InnerTextAsync();
        Assert.Contains(customers.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " customers", chip, StringComparison.Ordinal);
        Assert.True(customers > 500, $"the scatter shows {customers} points");
    }

    [BrowserFact]
    public async Task MoveKSlider_ProfileTableAndScatterFollow()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });

        await page.Locator("input[data-testid=k-slider]").FillAsync("7");

        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(7);
        await Expect(page.Locator("[data-testid=k-value]")).ToHaveTextAsync("7");
        await Expect(page.Locator("#segments-scatter[data-drawn*=';k=7;']")).ToHaveCountAsync(1);
        // The points plus one legend entry per segment shown.
        Assert.Equal(7, await page.EvaluateAsync<int>("id => document.getElementById(id).data.slice(1).filter(t => t.visible !== false).length", "segments-scatter"));
    }

    [BrowserFact]
    public async Task MoveKSlider_RecoloursTheScatterKeepingEveryCoordinate()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("#segments-scatter[data-drawn*=';k=4;']")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await page.EvaluateAsync(@"id => {
            const points = document.getElementById(id).data[0];
            window.__before = { x: points.x, y: points.y, xs: [...points.x], ys: [...points.y], colors: [...points.marker.color] };
        }", "segments-scatter");

        await page.Locator("input[data-testid=k-slider]").FillAsync("6");
        await Expect(page.Locator("#segments-scatter[data-drawn*=';k=6;']")).ToHaveCountAsync(1);

        var check = await page.EvaluateAsync<JsonElement>(@"id => {
            const points = document.getElementById(id).data[0];
            const b = window.__before;
            return {
                sameArrays: points.x === b.x && points.y === b.y,
                sameValues: points.x.length === b.xs.length && points.x.every((v, i) => v === b.xs[i]) && points.y.every((v, i) => v === b.ys[i]),
                changedColours: points.marker.color.filter((c, i) => c !== b.colors[i]).length,
                colours: new Set(points.marker.color).size,
            };
        }", "segments-scatter");
        Assert.True(check.GetProperty("sameArrays").GetBoolean(), "the coordinates were replaced rather than kept");
        Assert.True(check.GetProperty("sameValues").GetBoolean(), "a coordinate changed");
        Assert.True(check.GetProperty("changedColours").GetInt32() > 0, "no point changed colour");
        Assert.Equal(6, check.GetProperty("colours").GetInt32());
    }

    [BrowserFact]
    public async Task DragKSlider_LandsOnTheValueWhereItWasReleased()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await Expect(page.Locator("#segments-scatter[data-drawn*=';k=4;']")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        var slider = page.Locator("input[data-testid=k-slider]");
        var box = (await slider.BoundingBoxAsync())!;
        var y = box.Y + (box.Height / 2);

        // A fast drag from the right end to the left end and back to near the middle: every step sends a value.
        await page.Mouse.MoveAsync(box.X + box.Width - 4, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 4, y, new() { Steps = 15 });
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.45f), y, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        var released = await slider.InputValueAsync();

        await Expect(page.Locator($"[data-testid=k-value][data-value='{released}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-testid=profile-table][data-result*=';k={released};']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#segments-scatter[data-drawn*=';k={released};']")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(int.Parse(released, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(released, await slider.InputValueAsync());
    }

    [BrowserFact]
    public async Task UploadCsv_ShowsQualityReportThenSegments()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/data");
        await Expect(page.Locator("[data-testid=quality-report]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var file = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, TestCsv.ThirtyCustomers());
        try
        {
            // The HTTP uploader (wwwroot/js/upload.js) attaches after the panel's first render and marks the panel;
            // a file set before it would go unnoticed.
            await page.Locator("[data-upload-ready=true] input[type=file]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("input[type=file]").SetInputFilesAsync(file);

            await Expect(page.Locator("[data-testid=upload-success]")).ToContainTextAsync("30 customers", new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=customers]")).ToHaveTextAsync("30");
            await Expect(page.Locator("[data-testid=rows-read]")).ToHaveTextAsync("121");

            // Client-side navigation keeps the circuit, and so the uploaded dataset (a reload would start a new session).
            await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
            await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
            await page.WaitForFunctionAsync($"id => ({ScatterPointCount})(id) === 30", "segments-scatter");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [BrowserFact]
    public async Task UploadManyCustomers_WebGlChartsDrawUnderTheContentSecurityPolicy()
    {
        // Above 1,500 points the scatter is WebGL (scattergl), and the data explorer's scatter matrix always is: both
        // must draw under our CSP (no 'unsafe-eval'), which the default plotly.js bundle cannot.
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/data");
        await Expect(page.Locator("[data-testid=quality-report]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var file = Path.Combine(Path.GetTempPath(), $"journey-many-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, TestCsv.Customers(2_000));
        try
        {
            await page.Locator("[data-upload-ready=true] input[type=file]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            await Expect(page.Locator("[data-testid=upload-success]")).ToContainTextAsync("2,000 customers", new() { Timeout = 90_000 });

            await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
            await page.WaitForFunctionAsync($"id => ({ScatterPointCount})(id) === 2000", "segments-scatter", new() { Timeout = 90_000 });
            Assert.Equal("scattergl", await page.EvaluateAsync<string>("id => document.getElementById(id).data[0].type", "segments-scatter"));
            await Expect(page.Locator("#segments-scatter[data-drawn]")).ToHaveCountAsync(1);
            await Expect(page.Locator("#segments-scatter canvas").First).ToBeAttachedAsync();
            await Expect(page.Locator("#segments-scatter .no-webgl")).ToHaveCountAsync(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The segment scatter holds every point in its first trace; the others are legend entries.
    private const string ScatterPointCount = "id => document.getElementById(id)?.data?.[0]?.x?.length ?? 0";

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>Small transaction files the browser tests upload.</summary>
internal static class TestCsv
{
    /// <summary><paramref name="customers"/> customers with 2 to 4 invoices each, spread over 2011.</summary>
    public static string Customers(int customers)
    {
        var text = new System.Text.StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        var invoice = 100000;
        for (var c = 0; c < customers; c++)
        {
            for (var i = 0; i < 2 + (c % 3); i++)
            {
                var month = 1 + ((c + i * 4) % 12);
                var day = 1 + ((c * 7 + i * 5) % 27);
                var quantity = 1 + ((c * 13 + i * 7) % 24);
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{invoice++},P{(c + i) % 40},Product {(c + i) % 40},{quantity},2011-{month:00}-{day:00} 10:00:00,{0.5 + (c * 37 % 100) / 10.0},{30000 + c},United Kingdom\n");
            }
        }

        return text.ToString();
    }

    /// <summary>30 customers × 4 invoices, plus one cancellation: 121 data rows.</summary>
    public static string ThirtyCustomers()
    {
        var text = new System.Text.StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        var invoice = 5000;
        for (var c = 0; c < 30; c++)
        {
            for (var i = 0; i < 4; i++)
            {
                var day = 1 + ((c * 7 + i * 5) % 27);
                var quantity = 1 + ((c * 3 + i) % 12) * (c % 3 + 1);
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{invoice++},P{(c + i) % 9},Product {(c + i) % 9},{quantity},2011-0{1 + (i % 9)}-{day:00} 10:00:00,{1.25 + c % 5},{20000 + c},United Kingdom\n");
            }
        }

        text.Append("C9999,P1,Product 1,-1,2011-05-05 10:00:00,1.25,20001,United Kingdom\n");
        return text.ToString();
    }
}
