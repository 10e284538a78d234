using Microsoft.Playwright;
using Npgsql;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Browser;

/// <summary>
/// The Connect tab in a real browser against the loopback PostgreSQL (named <c>warehouse</c> in the app's configuration
/// by <see cref="AppServerFixture"/>): preview a table, map the columns whose names are not recognised, see segments.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ConnectJourneyTests(AppServerFixture app)
{
    [BrowserPostgresFact]
    public async Task ConnectPostgresTable_MapColumns_SeesSegments()
    {
        var schema = "siq_journey_" + Guid.NewGuid().ToString("N")[..10];
        CreateShopTable(schema);
        try
        {
            var page = await app.NewPageAsync();
            await page.GotoAsync(app.BaseUrl + "/data");
            await Expect(page.Locator("[data-testid=quality-report]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await page.GetByRole(AriaRole.Tab, new() { Name = "Connect" }).ClickAsync();
            await Expect(page.Locator("[data-testid=connect-panel]")).ToBeVisibleAsync();

            await page.Locator("input[data-testid=connect-schema]").FillAsync(schema);
            await page.Locator("input[data-testid=connect-table]").FillAsync("shop_lines");
            await page.Locator("[data-testid=connect-preview]").ClickAsync();
            await Expect(page.Locator("[data-testid=connect-row-count]")).ToContainTextAsync("121 rows, 8 columns");
            await Expect(page.Locator("[data-testid=connect-preview-table] tbody tr")).ToHaveCountAsync(10);

            await page.Locator("[data-testid=connect-load]").ClickAsync();
            await Choose(page, "map-Invoice", "ref");
            await Choose(page, "map-Customer", "buyer");
            await page.Locator("[data-testid=map-apply]").ClickAsync();

            await Expect(page.Locator("[data-testid=connect-success]")).ToContainTextAsync("121 lines aggregated where they live, 30 customers", new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=customers]")).ToHaveTextAsync("30");
            await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
            await Expect(page.Locator("[data-testid=profile-table] tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
            await Expect(page.Locator("[data-testid=profile-table] tbody tr").First).ToContainTextAsync("Segment 1");
        }
        finally
        {
            Execute($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    private static async Task Choose(IPage page, string testId, string column)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = column }).First.ClickAsync();
    }

    /// <summary>The 30-customer journey file as a table whose invoice and customer columns have unrecognised names.</summary>
    private static void CreateShopTable(string schema)
    {
        Execute($"CREATE SCHEMA \"{schema}\"; CREATE TABLE \"{schema}\".shop_lines (ref text, \"StockCode\" text, \"Description\" text, " +
            "\"Quantity\" integer, \"InvoiceDate\" timestamp, \"UnitPrice\" double precision, buyer text, \"Country\" text)");
        using var connection = new NpgsqlConnection(TestServices.Postgres);
        connection.Open();
        using var import = connection.BeginBinaryImport($"COPY \"{schema}\".shop_lines FROM STDIN (FORMAT BINARY)");
        foreach (var line in TestCsv.ThirtyCustomers().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var f = line.Split(',');
            var c = System.Globalization.CultureInfo.InvariantCulture;
            import.WriteRow(f[0], f[1], f[2], int.Parse(f[3], c), DateTime.Parse(f[4], c), double.Parse(f[5], c), f[6], f[7]);
        }

        import.Complete();
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(TestServices.Postgres);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>A browser journey that also needs the loopback PostgreSQL; skipped only outside CI when either is missing.</summary>
public sealed class BrowserPostgresFactAttribute : FactAttribute
{
    public BrowserPostgresFactAttribute() =>
        Skip = !File.Exists(AppServerFixture.ChromiumPath) && !TestServices.InCi
            ? $"Browser tests need Debian's Chromium at {AppServerFixture.ChromiumPath}."
            : TestServices.SkipReason(TestServices.Postgres, "SEGMENTIQ_TEST_POSTGRES", "PostgreSQL on loopback");
}
