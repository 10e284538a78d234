using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Browser;

/// <summary>
/// One identity per segment: the Excel report and the customers CSV, downloaded and read back, number and name every
/// segment exactly as the screen does ("Segment 3 · Loyal" on screen is 3 and "Loyal" in the files, with the same
/// customer count), never from 0.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class ExportsMatchScreenJourneyTests(AppServerFixture app)
{
    [BrowserFact]
    public async Task ExcelAndCsv_ReadBack_HaveTheScreensSegmentNumbersNamesAndSizes()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/segments");
        await Expect(page.Locator("[data-testid=profile-compact-row]")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await page.Locator("input[data-testid=k-slider]").FillAsync("6");
        await Expect(page.Locator("[data-testid=profile-compact-row]")).ToHaveCountAsync(6, new() { Timeout = 60_000 });

        // The screen's segments as the Personas page shows them: "Segment n" and the count in the caption, the name in the title.
        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await Expect(page.Locator("[data-testid=persona-card]")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        var screen = new Dictionary<int, (string Name, int Customers)>();
        foreach (var card in await page.Locator("[data-testid=persona-card]").AllAsync())
        {
            var name = (await card.Locator("[data-testid=persona-name]").InnerTextAsync()).Trim();
            var caption = CardCaption().Match(await card.InnerTextAsync());
            Assert.True(caption.Success, $"persona card '{name}' has no 'Segment n · N customers' caption");
            screen.Add(int.Parse(caption.Groups[1].Value, CultureInfo.InvariantCulture), (name, int.Parse(caption.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        }

        Assert.Equal(Enumerable.Range(1, 6), screen.Keys.Order());

        // The Segments page's compact table says the same.
        await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
        await Expect(page.Locator("[data-testid=profile-compact-row]")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        foreach (var row in await page.Locator("[data-testid=profile-compact-row]").AllInnerTextsAsync())
        {
            var cells = row.Split('\t');
            var m = CompactName().Match(cells[0].Trim());
            Assert.True(m.Success, $"compact row '{row}' does not start with 'Segment n · Name'");
            var number = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Equal(screen[number], (m.Groups[2].Value, int.Parse(cells[1].Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await Expect(page.Locator("[data-testid=persona-card]")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=export-excel]")).ToBeEnabledAsync();
        var workbook = await DownloadAsync(page, "export-excel", ".xlsx");
        var csv = await DownloadAsync(page, "export-csv", ".csv");
        try
        {
            using var package = new ExcelPackage(new FileInfo(workbook));
            var personas = package.Workbook.Worksheets[ExcelReport.PersonasSheet];
            var fromPersonasSheet = new Dictionary<int, (string Name, int Customers)>();
            for (var r = 2; r <= personas.Dimension.End.Row; r++)
            {
                fromPersonasSheet.Add(Convert.ToInt32(personas.Cells[r, 1].Value, CultureInfo.InvariantCulture), (personas.Cells[r, 2].Text, Convert.ToInt32(personas.Cells[r, 4].Value, CultureInfo.InvariantCulture)));
            }

            Assert.Equal(screen.OrderBy(p => p.Key), fromPersonasSheet.OrderBy(p => p.Key));

            var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
            var headers = Enumerable.Range(1, customers.Dimension.End.Column).ToDictionary(c => customers.Cells[1, c].Text, c => c);
            var sheetRows = Enumerable.Range(2, customers.Dimension.End.Row - 1)
                .Select(r => (Number: Convert.ToInt32(customers.Cells[r, headers["Segment"]].Value, CultureInfo.InvariantCulture), Name: customers.Cells[r, headers["Persona"]].Text));
            AssertSameSegments(screen, sheetRows, "the workbook's Customers sheet");

            var lines = (await File.ReadAllLinesAsync(csv, Encoding.UTF8)).Where(l => l.Length > 0).ToList();
            Assert.Equal("CustomerId,Segment,Persona", lines[0].TrimStart('\uFEFF'));
            var csvRows = lines.Skip(1).Select(SplitCsv).Select(f => (Number: int.Parse(f[1], CultureInfo.InvariantCulture), Name: f[2]));
            AssertSameSegments(screen, csvRows, "the customers CSV");
        }
        finally
        {
            File.Delete(workbook);
            File.Delete(csv);
        }
    }

    /// <summary>Every customer's number and name are the screen's pair, and each segment has the screen's count.</summary>
    private static void AssertSameSegments(Dictionary<int, (string Name, int Customers)> screen, IEnumerable<(int Number, string Name)> rows, string source)
    {
        var counts = new Dictionary<int, int>();
        foreach (var (number, name) in rows)
        {
            Assert.True(screen.TryGetValue(number, out var shown), $"{source} has segment {number}, which the screen does not show");
            Assert.True(shown.Name == name, $"{source}: segment {number} is '{name}' but '{shown.Name}' on screen");
            counts[number] = counts.GetValueOrDefault(number) + 1;
        }

        Assert.Equal(screen.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Customers)), counts.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
    }

    private static async Task<string> DownloadAsync(IPage page, string testId, string extension)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid={testId}]").ClickAsync(), new() { Timeout = 90_000 });
        var file = Path.Combine(Path.GetTempPath(), $"exports-match-{Guid.NewGuid():N}{extension}");
        await download.SaveAsAsync(file);
        return file;
    }

    /// <summary>One CSV line's fields (RFC 4180 quoting).</summary>
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    [GeneratedRegex(@"Segment (\d+) · ([\d,]+) customers")]
    private static partial Regex CardCaption();

    [GeneratedRegex(@"^Segment (\d+) · (.+)$")]
    private static partial Regex CompactName();

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
