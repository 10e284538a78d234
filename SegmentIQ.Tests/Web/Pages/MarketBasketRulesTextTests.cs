using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Web.Components.Pages.Baskets;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>Product names are user data: text in the page, never markup; neutralised in the CSV.</summary>
public class MarketBasketRulesTextTests : SegmentIqBunitContext
{
    private const string Markup = "<b>x</b>";
    private const string Formula = "=HYPERLINK(\"http://evil\",\"y\")";

    [Fact]
    public async Task BasketFile_WithMarkupAndFormulaNames_RendersAsTextAndNeutralisesCsv()
    {
        var path = Path.Combine(Path.GetTempPath(), $"baskets-{Guid.NewGuid():N}.txt");
        var lines = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? $"{Markup}\t{Formula}\tmilk" : $"{Markup}\t{Formula}");
        await File.WriteAllLinesAsync(path, lines);
        try
        {
            var session = Services.GetRequiredService<AnalysisSession>();
            var cut = Render<MarketBasketPage>();
            // Everything the session does runs on the circuit's dispatcher in the app; the test does the same, so the page's
            // own start-up (the bundled sample, its first mining) cannot interleave with these calls.
            Assert.Null(await cut.InvokeAsync(() => session.LoadBasketFileAsync(path, "weird.txt", BasketSeparator.Whitespace, CancellationToken.None)));
            await cut.InvokeAsync(() => session.UpdateBasketSettingsAsync(session.BasketSettings with { MinSupport = 0.4, MinConfidence = 0.5, MinLift = 0 }));

            // The session may still be replacing its result (the bundled dataset finishing its start-up): keep the one that
            // had rules rather than reading the property again later.
            var result = session.BasketResult;
            cut.WaitForAssertion(
                () =>
                {
                    result = session.BasketResult;
                    Assert.True(result?.RuleCount > 0);
                },
                TimeSpan.FromSeconds(30));
            // One look at one render of the table: the element found auto-refreshes when the page renders again.
            cut.WaitForAssertion(() =>
            {
                var html = cut.Find("[data-testid=rules-table]").OuterHtml;
                var table = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body!;
                Assert.NotEmpty(table.QuerySelectorAll("tbody tr"));
                Assert.Contains(Markup, table.TextContent, StringComparison.Ordinal);
                Assert.Empty(table.QuerySelectorAll("tbody b"));
                Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
            });

            var rules = result!.Rules!;
            var csv = MarketBasketPage.RulesCsv(rules, Enumerable.Range(0, rules.Count).ToArray());
            var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("antecedent,consequent,support,confidence,lift,leverage,conviction", rows[0], StringComparison.Ordinal);
            Assert.Contains(rows, r => r.Contains("HYPERLINK", StringComparison.Ordinal));
            foreach (var row in rows.Skip(1))
            {
                // No cell may start with a formula trigger once the CSV quoting is removed.
                foreach (var cell in SplitCells(row))
                {
                    Assert.False(cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal) && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _), $"formula-like cell {cell}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<string> SplitCells(string row)
    {
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < row.Length; i++)
        {
            var c = row[i];
            if (c == '"')
            {
                if (quoted && i + 1 < row.Length && row[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == ',' && !quoted)
            {
                yield return cell.ToString();
                cell.Clear();
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }

        yield return cell.ToString();
    }
}
