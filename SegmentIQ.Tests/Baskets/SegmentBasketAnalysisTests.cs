using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Tests.Baskets;

public sealed class SegmentBasketAnalysisTests
{
    /// <summary>
    /// 40 customers, one invoice each. Even customers (segment 0) buy TEA with CAKE, odd ones (segment 1) buy BEER
    /// with CRISPS; everybody buys BREAD.
    /// </summary>
    private static (TransactionTable Table, int[] Labels) TwoSegments()
    {
        var rows = new List<(string, string, string, string)>();
        for (var c = 0; c < 40; c++)
        {
            var invoice = "inv" + c;
            var customer = "cust" + c;
            rows.Add((invoice, "BREAD", "Bread", customer));
            if (c % 2 == 0)
            {
                rows.Add((invoice, "TEA", "Tea", customer));
                rows.Add((invoice, "CAKE", "Cake", customer));
            }
            else
            {
                rows.Add((invoice, "BEER", "Beer", customer));
                if (c % 4 == 1)
                {
                    rows.Add((invoice, "CRISPS", "Crisps", customer));
                }
            }
        }

        var table = TransactionBasketsTests.Table([.. rows]);
        var labels = new int[table.Pools.Customers.Count];
        for (var c = 0; c < labels.Length; c++)
        {
            labels[c] = int.Parse(table.Pools.Customers[c].AsSpan(4), System.Globalization.CultureInfo.InvariantCulture) % 2;
        }

        return (table, labels);
    }

    [Fact]
    public void Analyze_TwoSegments_FindsEachSegmentsProductsAndRules()
    {
        var (table, labels) = TwoSegments();
        var report = SegmentBasketAnalysis.Analyze(table, labels, new SegmentBasketOptions { MinSegmentBaskets = 5, Rules = new RuleOptions { MinConfidence = 0.4 } });

        Assert.Equal(40, report.Population.BasketCount);
        Assert.Equal(2, report.Segments.Count);
        var tea = report.Segments[0];
        Assert.Equal(0, tea.Label);
        Assert.Equal(20, tea.Customers);
        Assert.Equal(20, tea.Baskets.BasketCount);

        // TEA is in every segment-0 basket and in half of all: index 2. BREAD is everywhere: index 1, not listed.
        var teaIndex = Assert.Single(tea.OverIndexedProducts, p => p.Label == "TEA");
        Assert.Equal(1.0, teaIndex.SegmentSupport, 12);
        Assert.Equal(0.5, teaIndex.PopulationSupport, 12);
        Assert.Equal(2.0, teaIndex.Index, 12);
        Assert.DoesNotContain(tea.OverIndexedProducts, p => p.Label == "BREAD");
        Assert.Contains(tea.UnderIndexedProducts, p => p.Label == "BEER" && p.Index == 0);

        // Inside segment 1, CRISPS -> BEER has confidence 1 and lift 1; over everyone its lift is 2.
        var beer = report.Segments[1];
        var rules = beer.Rules!;
        var crisps = report.Population.FindItem("CRISPS");
        var beerItem = report.Population.FindItem("BEER");
        var r = rules.Find([crisps], [beerItem]);
        Assert.Equal(1.0, rules.Confidence[r], 12);
        Assert.Equal(1.0, rules.Lift[r], 12);

        // Its lift in the segment is half its lift over everyone: weaker there, so never "distinctive" of the segment.
        Assert.DoesNotContain(beer.DistinctiveRules, c => c.Rule.Antecedent.SequenceEqual([crisps]) && c.Rule.Consequent.SequenceEqual([beerItem]));
        Assert.All(report.Segments.SelectMany(s => s.DistinctiveRules), c => Assert.True(c.LiftRatio >= 1.2, $"ratio {c.LiftRatio}"));
    }

    [Fact]
    public void Analyze_RuleStrongerInTheSegment_IsDistinctiveWithItsRatio()
    {
        // Segment 0 (customers 0–19): every other basket holds TEA + CAKE, the rest neither: lift 2 there. Segment 1
        // buys TEA and CAKE in separate baskets, which weakens the pair over all customers.
        var rows = new List<(string, string, string, string)>();
        for (var c = 0; c < 40; c++)
        {
            var invoice = "inv" + c;
            var customer = "cust" + c;
            rows.Add((invoice, "BREAD", "Bread", customer));
            string[] items = c < 20 ? (c % 2 == 0 ? ["TEA", "CAKE"] : ["MILK"]) : (c % 2 == 0 ? ["TEA"] : ["CAKE"]);
            rows.AddRange(items.Select(item => (invoice, item, item, customer)));
        }

        var table = TransactionBasketsTests.Table([.. rows]);
        var labels = new int[table.Pools.Customers.Count];
        for (var c = 0; c < labels.Length; c++)
        {
            labels[c] = int.Parse(table.Pools.Customers[c].AsSpan(4), System.Globalization.CultureInfo.InvariantCulture) < 20 ? 0 : 1;
        }

        var report = SegmentBasketAnalysis.Analyze(table, labels, new SegmentBasketOptions { MinSegmentBaskets = 5, Rules = new RuleOptions { MinConfidence = 0.4 } });

        var tea = report.Population.FindItem("TEA");
        var cake = report.Population.FindItem("CAKE");
        var contrast = Assert.Single(report.Segments[0].DistinctiveRules, c => c.Rule.Antecedent.SequenceEqual([tea]) && c.Rule.Consequent.SequenceEqual([cake]));
        Assert.Equal(2.0, contrast.Rule.Lift, 12);
        Assert.Equal(contrast.Rule.Lift / contrast.PopulationLift, contrast.LiftRatio, 12);
        Assert.True(contrast.LiftRatio >= 1.2);
    }

    [Fact]
    public void AnalyzeSegment_OneLabel_EqualsThatSegmentOfTheFullReport()
    {
        var (table, labels) = TwoSegments();
        var options = new SegmentBasketOptions { MinSegmentBaskets = 5 };
        var baskets = TransactionBaskets.Build(table);
        var full = SegmentBasketAnalysis.Analyze(baskets, labels, options);
        var one = SegmentBasketAnalysis.AnalyzeSegment(baskets, labels, 1, options);

        Assert.Equal(full.Segments[1].Rules!.Count, one.Rules!.Count);
        Assert.Equal(full.Segments[1].OverIndexedProducts, one.OverIndexedProducts);
        Assert.Throws<ArgumentException>(() => SegmentBasketAnalysis.AnalyzeSegment(baskets, labels, 7, options));
    }

    [Fact]
    public void Analyze_SkippedCustomers_LeaveThePopulation()
    {
        var (table, labels) = TwoSegments();
        for (var c = 0; c < labels.Length; c++)
        {
            if (labels[c] == 1)
            {
                labels[c] = -1;
            }
        }

        var report = SegmentBasketAnalysis.Analyze(table, labels, new SegmentBasketOptions { MinSegmentBaskets = 5 });
        Assert.Equal(20, report.Population.BasketCount);
        var only = Assert.Single(report.Segments);
        Assert.Empty(only.OverIndexedProducts);
    }

    [Fact]
    public void Analyze_SmallSegment_IsReportedWithoutRules()
    {
        var (table, labels) = TwoSegments();
        var report = SegmentBasketAnalysis.Analyze(table, labels, new SegmentBasketOptions { MinSegmentBaskets = 50 });
        Assert.All(report.Segments, s =>
        {
            Assert.Null(s.Rules);
            Assert.Contains(s.Warnings, w => w.Contains("no rules mined", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Analyze_LabelsOfWrongLength_Throws()
    {
        var (table, _) = TwoSegments();
        var ex = Assert.Throws<ArgumentException>(() => SegmentBasketAnalysis.Analyze(table, new int[3]));
        Assert.Contains("one label per customer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_BasketFileWithoutCustomers_Throws()
    {
        var db = BasketTestData.Textbook();
        Assert.Throws<ArgumentException>(() => SegmentBasketAnalysis.Analyze(db, [0]));
    }
}
