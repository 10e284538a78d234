using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Pages.OverTime;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class OverTimePageTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The Sankey's data, or null while the page shows none (background work can re-render it away briefly).</summary>
    private static SankeyData? SankeyOf(IRenderedComponent<OverTimePage> cut)
    {
        var charts = cut.FindComponents<SankeyChart>();
        return charts.Count > 0 ? charts[0].Instance.Data : null;
    }

    /// <summary>Waits for a Sankey and returns its data.</summary>
    private static SankeyData WaitForSankey(IRenderedComponent<OverTimePage> cut, Func<SankeyData, bool>? until = null)
    {
        SankeyData? data = null;
        cut.WaitForAssertion(
            () =>
            {
                data = SankeyOf(cut);
                Assert.NotNull(data);
                Assert.True(until?.Invoke(data) ?? true);
            },
            Patience);
        return data!;
    }

    /// <summary>
    /// Re-finds and clicks <paramref name="selector"/> until <paramref name="taken"/> holds: background work re-renders
    /// the page meanwhile, so a click can land on a handler that a newer render replaced.
    /// </summary>
    private static void ClickUntil(IRenderedComponent<OverTimePage> cut, string selector, Func<bool> taken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                cut.Find(selector).Click();
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                // The element or its handler was replaced by a newer render: find it again.
            }

            if (cut.InvokeAsync(taken).GetAwaiter().GetResult())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Clicking {selector} had no effect within {Patience.TotalSeconds} s.");
            Thread.Sleep(200);
        }
    }

    private static int MatrixTotal(IRenderedComponent<OverTimePage> cut) =>
        cut.FindAll("[data-testid=migration-matrix] tbody tr")
            .Sum(tr => int.Parse(tr.QuerySelector("[data-testid=row-total]")!.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    [Fact]
    public void Open_OnBundledSample_ShowsQuarterlySankeyAndAMatrixOfEveryCustomer()
    {
        var cut = Render<OverTimePage>();

        WaitForSankey(cut);
        var session = Services.GetRequiredService<AnalysisSession>();
        var analysis = session.Temporal!;
        Assert.Equal(SnapshotPeriodLength.Quarter, analysis.Options.Period);
        Assert.Equal(5, analysis.Snapshots.Count);
        Assert.Equal(session.Dataset!.Features.Count, MatrixTotal(cut));

        // The revenue column adds up to everything bought in the later snapshot's period (each cell rounded to a unit).
        var rows = cut.FindAll("[data-testid=migration-matrix] tbody tr");
        var shownRevenue = rows.Sum(tr => double.Parse(tr.QuerySelector("[data-testid=row-revenue]")!.TextContent, NumberStyles.Number, CultureInfo.InvariantCulture));
        Assert.Equal(analysis.Segments.PeriodRevenue(4).ToArray().Sum(), shownRevenue, 0.5 * rows.Count);
        // Read from the page as rendered now (a later render may be in flight on a loaded machine), not from an old snapshot.
        cut.WaitForAssertion(() => Assert.Contains("5 snapshots (2010-Q4 to 2011-Q4)", cut.Find("[data-testid=temporal-intro]").TextContent, StringComparison.Ordinal));

        // The Sankey's widths are the matrix's flows between the last two snapshots.
        var sankey = WaitForSankey(cut);
        var matrix = analysis.Segments.Migration(3, 4);
        Assert.Equal(matrix.Flows(byRevenue: false).Sum(f => f.Customers), sankey.Links.Sum(l => l.Value));
        Assert.Contains(sankey.Nodes, n => n.Label.StartsWith("Segment 1 · ", StringComparison.Ordinal));
        Assert.Contains(sankey.Nodes, n => n.Label == "Lapsed");
        cut.WaitForAssertion(() => Assert.Contains("12 months", cut.Find("[data-testid=lapsed-meaning]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Period_ChangedToMonth_RecomputesAndTheSankeyFollows()
    {
        var cut = Render<OverTimePage>();
        WaitForSankey(cut);
        var quarterly = WaitForSankey(cut);

        // Re-find and click until the page has taken it (background sweeps re-render the page meanwhile).
        ClickUntil(cut, "[data-testid=period-month]", () => Services.GetRequiredService<AnalysisSession>().TemporalOptions.Period == SnapshotPeriodLength.Month);

        cut.WaitForAssertion(() => Assert.Contains("13 snapshots (2010-12 to 2011-12)", cut.Find("[data-testid=temporal-intro]").TextContent, StringComparison.Ordinal), Patience);
        var monthly = WaitForSankey(cut, d => !ReferenceEquals(d, quarterly));
        Assert.NotSame(quarterly, monthly);
        var session = Services.GetRequiredService<AnalysisSession>();
        Assert.Equal(SnapshotPeriodLength.Month, session.TemporalOptions.Period);
        Assert.Equal(session.Temporal!.Segments.Migration(11, 12).Flows(false).Sum(f => f.Customers), monthly.Links.Sum(l => l.Value));
        Assert.Equal(session.Dataset!.Features.Count, MatrixTotal(cut));
    }

    [Fact]
    public void Revenue_Toggle_SizesTheSankeyByTheLaterPeriodsRevenue()
    {
        var cut = Render<OverTimePage>();
        WaitForSankey(cut);

        ClickUntil(cut, "[data-testid=measure-revenue]", () => SankeyOf(cut)?.ValueName == "Revenue");

        var sankey = WaitForSankey(cut, d => d.ValueName == "Revenue");
        var analysis = Services.GetRequiredService<AnalysisSession>().Temporal!;
        var periodRevenue = analysis.Segments.PeriodRevenue(4).ToArray().Where(r => r > 0).Sum();
        Assert.Equal("Revenue", sankey.ValueName);
        Assert.Equal(periodRevenue, sankey.Links.Sum(l => l.Value), periodRevenue * 1e-9);
    }

    [Fact]
    public void MoversCsv_Clicked_DownloadsTheMovers()
    {
        var cut = Render<OverTimePage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=movers-table] tbody tr")), Patience);

        ClickUntil(cut, "[data-testid=movers-csv]", () => JSInterop.Invocations.Any(i => i.Identifier == "siqDownload"));

        var download = JSInterop.Invocations.First(i => i.Identifier == "siqDownload");
        Assert.Equal("movers-2011-Q3-to-2011-Q4.csv", download.Arguments[0]);
    }

    [Fact]
    public async Task MoversCsv_AfterSortingByCustomer_FollowsTheTablesOrder()
    {
        var cut = Render<OverTimePage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=movers-table] tbody tr")), Patience);
        static List<string> Ids(string csv) => [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0].Trim('"', '\r'))];
        var engineOrder = Ids(await cut.InvokeAsync(() => cut.Instance.MoversCsv()));
        var byId = engineOrder.Order(StringComparer.Ordinal).ToList();
        Assert.NotEqual(byId, engineOrder);

        // The first sort label is the customer column; a click sorts ascending.
        ClickUntil(cut, "[data-testid=movers-table] thead .mud-table-sort-label", () => Ids(cut.Instance.MoversCsv()).SequenceEqual(byId));

        Assert.Equal(byId, Ids(await cut.InvokeAsync(() => cut.Instance.MoversCsv())));
    }

    [Fact]
    public void History_OfAKnownCustomer_ShowsOneRowPerSnapshot()
    {
        var cut = Render<OverTimePage>();
        WaitForSankey(cut);
        var customer = Services.GetRequiredService<AnalysisSession>().Dataset!.Features.CustomerIds[0];

        cut.WaitForAssertion(
            () =>
            {
                cut.Find("input[data-testid=history-id]").Change(customer);
                Assert.Equal(5, cut.FindAll("[data-testid=history-table] tbody tr").Count);
            },
            Patience);

        cut.WaitForAssertion(
            () =>
            {
                cut.Find("input[data-testid=history-id]").Change("no-such-customer");
                Assert.Contains("No customer 'no-such-customer'", cut.Find("[data-testid=history-unknown]").TextContent, StringComparison.Ordinal);
            },
            Patience);
    }

    [Fact]
    public async Task CustomerTable_SaysOverTimeNeedsDatedPurchases()
    {
        var cut = Render<OverTimePage>();
        WaitForSankey(cut);
        var session = Services.GetRequiredService<AnalysisSession>();
        var file = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.csv");
        var lines = new List<string> { "CustomerID,Age,Income" };
        lines.AddRange(Enumerable.Range(0, 40).Select(i => FormattableString.Invariant($"C{i},{20 + (i % 30)},{30 + (i * 7 % 50)}")));
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            var outcome = await cut.InvokeAsync(() => session.LoadFileAsync(file, "customers.csv", null, null, null, null, CancellationToken.None));
            Assert.Null(outcome.Error);

            cut.WaitForAssertion(() => Assert.Contains("dated purchase lines", cut.Find("[data-testid=temporal-error]").TextContent, StringComparison.Ordinal), Patience);
            Assert.Equal(40, session.Dataset!.Features.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
    [Fact]
    public void MoversFilter_SeveralFromAndToStates_ShowsExactlyThoseMovements()
    {
        var cut = Render<OverTimePage>();
        WaitForSankey(cut);
        var session = Services.GetRequiredService<AnalysisSession>();
        var timeline = session.Temporal!.Segments;
        var all = timeline.Movers(3, 4, null, null);

        // Every customer who left either of the two largest origin states for Lapsed or any segment of the other two.
        var from = all.GroupBy(m => m.FromState).OrderByDescending(g => g.Count()).Take(2).Select(g => g.Key).ToArray();
        var to = all.Where(m => from.Contains(m.FromState)).Select(m => m.ToState).Distinct().Take(2).ToArray();
        cut.InvokeAsync(() => cut.Instance.SetMoverFrom(from));
        cut.InvokeAsync(() => cut.Instance.SetMoverTo(to));

        var expected = all.Where(m => from.Contains(m.FromState) && to.Contains(m.ToState)).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count);

        // The session may still replace its analysis (a refit finishing under load): compare with the analysis the page
        // shows at the moment of the check, not the one read above.
        IEnumerable<Mover> Now(Func<Mover, bool> keep) => session.Temporal!.Segments.Movers(3, 4, null, null).Where(keep);
        cut.WaitForAssertion(() => Assert.Equal(Now(m => from.Contains(m.FromState) && to.Contains(m.ToState)), cut.Instance.Movers), Patience);

        // Clearing the from-states means any origin.
        cut.InvokeAsync(() => cut.Instance.SetMoverFrom(null));
        cut.WaitForAssertion(() => Assert.Equal(Now(m => to.Contains(m.ToState)), cut.Instance.Movers), Patience);
    }

    [Fact]
    public void MoversFilter_Chosen_IsWhatTheExcelReportsMoversSheetLists()
    {
        var cut = Render<OverTimePage>();
        WaitForSankey(cut);
        var session = Services.GetRequiredService<AnalysisSession>();
        var all = session.Temporal!.Segments.Movers(3, 4, null, null);
        var to = all.GroupBy(m => m.ToState).OrderByDescending(g => g.Count()).First().Key;

        cut.InvokeAsync(() => cut.Instance.SetMoverTo([to]));

        // Compared at check time: the page and the report must agree on the analysis shown then.
        cut.WaitForAssertion(
            () =>
            {
                var report = cut.InvokeAsync(() => session.TryBuildReportInput()).GetAwaiter().GetResult()!.Movers!;
                Assert.Equal(cut.Instance.Movers, report.Movers);
                Assert.NotEmpty(report.Movers);
                Assert.All(report.Movers, m => Assert.Equal(to, m.ToState));
                Assert.Equal("2011-Q3", report.From);
                Assert.Contains($"to {session.Temporal!.Segments.NameOf(to)}", report.Selection, StringComparison.Ordinal);
            },
            Patience);
    }

    [Fact]
    public void SankeyHover_StopperFebruaryToJuly_ShowsCountsAndShares()
    {
        var analysis = new AnalysisPipeline().Temporal(
            Temporal.TemporalTestData.Load(), null, new SegmentationSettings { NumberOfClusters = 2 }, new TemporalOptions { Period = SnapshotPeriodLength.Month, WindowMonths = 3 }, null, CancellationToken.None);
        var matrix = analysis.Segments.Migration(1, 6);
        var stopperFrom = analysis.Segments.States(1)[analysis.Segments.RowOf(Temporal.TemporalTestData.Stopper)];
        var from = matrix.IndexOf(stopperFrom);
        var lapsed = matrix.IndexOf(CustomerStates.Lapsed);

        var sankey = OverTimePage.BuildSankey(matrix, byRevenue: false);

        // The stopper is the only customer of their February segment who lapsed by July: 1 of the segment's customers.
        var link = Assert.Single(sankey.Links, l => sankey.Nodes[l.Source].Label == matrix.Names[from] && sankey.Nodes[l.Target].Label == CustomerStates.LapsedName);
        Assert.Equal(1.0, link.Value);
        var share = SegmentIQ.Web.Components.Shared.Format.Percent(1.0 / matrix.RowTotal(from));
        Assert.Contains($"{matrix.Names[from]} → Lapsed", link.HoverText, StringComparison.Ordinal);
        Assert.Contains($"1 customers, {share} of {matrix.Names[from]}", link.HoverText, StringComparison.Ordinal);

        // A node says how many customers it holds and their share of everyone.
        var node = sankey.Nodes[link.Target];
        var total = matrix.ColumnTotal(lapsed);
        Assert.Contains("2011-07: Lapsed", node.HoverText, StringComparison.Ordinal);
        Assert.Contains($"{total} customers ({SegmentIQ.Web.Components.Shared.Format.Percent((double)total / matrix.Total)})", node.HoverText, StringComparison.Ordinal);
    }
}
