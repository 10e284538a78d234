using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>
/// The decision loop on one screen: on a 1280×720 browser the k slider, the scatter, the segment sizes and the compact
/// profile table's first row (name, size and revenue) are all inside the viewport once the page has settled, at k = 4 and at
/// k = 12, and a table wider than its box carries a scroll cue. A screenshot of each state is kept beside the tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DecisionScreenJourneyTests(AppServerFixture app)
{
    private static readonly ViewportSize Laptop = new() { Width = 1280, Height = 720 };

    [BrowserFact]
    public async Task At1280x720_SliderScatterAndFirstProfileRowAreInTheViewport()
    {
        var page = await app.NewPageAsync(Laptop);
        await page.GotoAsync(app.BaseUrl + "/segments");
        await SettleAsync(page, 4);
        await AssertDecisionOnScreenAsync(page, 4);

        await page.Locator("input[data-testid=k-slider]").FillAsync("12");
        await SettleAsync(page, 12);
        await AssertDecisionOnScreenAsync(page, 12);
    }

    /// <summary>
    /// Waits until what can move the layout has arrived: the segmentation for <paramref name="k"/> in the compact
    /// table and the scatter, the k suggestion (the last background result beside them), fonts, and two frames.
    /// </summary>
    private static async Task SettleAsync(IPage page, int k)
    {
        await Expect(page.Locator("[data-testid=profile-compact-row]")).ToHaveCountAsync(k, new() { Timeout = 90_000 });
        await Expect(page.Locator($"#segments-scatter[data-drawn*=';k={k};']")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-testid=suggested-k-reason]")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await page.EvaluateAsync("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))");
    }

    private static async Task AssertDecisionOnScreenAsync(IPage page, int k)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, $"decision-1280x720-k{k}.png") });
        var layout = await page.EvaluateAsync<JsonElement>(@"() => {
            const box = el => {
                if (!el) return null;
                const r = el.getBoundingClientRect();
                return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
            };
            const compact = document.querySelector('[data-testid=profile-compact]');
            const revenueHeader = [...compact.querySelectorAll('th')].find(th => th.textContent.trim().startsWith('Revenue'));
            const cue = el => {
                const style = getComputedStyle(el);
                return { overflows: el.scrollWidth > el.clientWidth + 1, scrolls: style.overflowX === 'auto' || style.overflowX === 'scroll', shadow: style.backgroundImage.includes('radial-gradient') };
            };
            const full = document.querySelector('[data-testid=profile-table] .siq-scroll-x');
            return {
                scrollY: window.scrollY, width: window.innerWidth, height: window.innerHeight,
                slider: box(document.querySelector('input[data-testid=k-slider]')),
                scatter: box(document.getElementById('segments-scatter')),
                // The row's name, size and revenue cells: later columns may sit behind the scroll cue.
                firstRow: (() => {
                    const row = compact.querySelector('[data-testid=profile-compact-row]');
                    const headers = [...compact.querySelectorAll('th')];
                    const name = box(row.cells[0]);
                    const revenue = box(row.cells[headers.indexOf(revenueHeader)]);
                    return name && revenue ? { top: Math.min(name.top, revenue.top), bottom: Math.max(name.bottom, revenue.bottom), left: name.left, right: revenue.right } : null;
                })(),
                firstRowText: compact.querySelector('[data-testid=profile-compact-row]').innerText,
                revenue: box(revenueHeader),
                compactCue: cue(compact),
                fullCue: full ? cue(full) : null,
            };
        }");

        Assert.Equal(0, layout.GetProperty("scrollY").GetDouble());
        var width = layout.GetProperty("width").GetDouble();
        var height = layout.GetProperty("height").GetDouble();
        foreach (var part in new[] { "slider", "scatter", "firstRow", "revenue" })
        {
            var r = layout.GetProperty(part);
            Assert.True(r.ValueKind == JsonValueKind.Object, $"k={k}: {part} is not on the page");
            var (top, bottom, left, right) = (r.GetProperty("top").GetDouble(), r.GetProperty("bottom").GetDouble(), r.GetProperty("left").GetDouble(), r.GetProperty("right").GetDouble());
            Assert.True(
                top >= 0 && bottom <= height && left >= 0 && right <= width && bottom > top,
                string.Create(CultureInfo.InvariantCulture, $"k={k}: {part} at top {top:F0}, bottom {bottom:F0}, left {left:F0}, right {right:F0} is not inside the {width:F0}×{height:F0} viewport"));
        }

        // The first row names its segment the way every screen does and shows its size.
        Assert.Matches(@"^Segment 1 · \S", layout.GetProperty("firstRowText").GetString());

        foreach (var table in new[] { "compactCue", "fullCue" })
        {
            var cue = layout.GetProperty(table);
            if (cue.ValueKind == JsonValueKind.Object && cue.GetProperty("overflows").GetBoolean())
            {
                Assert.True(cue.GetProperty("scrolls").GetBoolean() && cue.GetProperty("shadow").GetBoolean(), $"k={k}: {table}: the table is wider than its box but has no scroll cue");
            }
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
