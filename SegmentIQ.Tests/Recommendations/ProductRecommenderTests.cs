using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Tests.Baskets;
using SegmentIQ.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SegmentIQ.Tests.Recommendations;

public class ProductRecommenderTests(ITestOutputHelper output)
{
    private static readonly string[] CustomerIds = ["a", "b", "x", "c", "y"];

    private static readonly ProductRecommenderOptions SmallData = ProductRecommenderOptions.Defaults with
    {
        Mining = ProductRecommenderOptions.Defaults.Mining with { MinSegmentBaskets = 1 },
    };

    /// <summary>
    /// Segment 1 (customers a, b, x): 10 invoices {A, B}, 2 invoices {A} (customer x), 3 invoices {D}: A → B has
    /// support 10/15, confidence 10/12, lift (10/12)/(10/15) = 1.25. Segment 2 (customers c, y): 6 invoices {A, C}, 2 {A}
    /// (customer y): A → C.
    /// </summary>
    internal static (ProductRecommenderModel Model, Func<string, int> Code) Fitted()
    {
        var (model, code, _) = FittedWithCustomers();
        return (model, code);
    }

    /// <summary><see cref="Fitted"/> with the pool of customer ids the model's customer codes index.</summary>
    internal static (ProductRecommenderModel Model, Func<string, int> Code, SegmentIQ.Analytics.Ingestion.StringPool Customers) FittedWithCustomers()
    {
        var rows = new List<(string, string, string, string)>();
        var invoice = 0;
        void Add(string customer, params string[] products)
        {
            invoice++;
            rows.AddRange(products.Select(p => (invoice.ToString(System.Globalization.CultureInfo.InvariantCulture), p, "Product " + p, customer)));
        }

        for (var i = 0; i < 10; i++)
        {
            Add(i % 2 == 0 ? "a" : "b", "A", "B");
        }

        Add("x", "A");
        Add("x", "A");
        Add("a", "D");
        Add("b", "D");
        Add("a", "D");
        for (var i = 0; i < 6; i++)
        {
            Add("c", "A", "C");
        }

        Add("y", "A");
        Add("y", "A");
        var table = TransactionBasketsTests.Table([.. rows]);
        var segmentOf = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["x"] = 0, ["c"] = 1, ["y"] = 1 };
        var labels = table.Pools.Customers.Values.Select(c => segmentOf[c]).ToArray();
        var model = new ProductRecommender(SmallData).Fit(TransactionBaskets.Build(table), labels);
        return (model, table.Pools.Customers.Find, table.Pools.Customers);
    }

    [Fact]
    public void Recommend_UsesTheCustomersOwnSegmentRules()
    {
        var (model, code) = Fitted();

        var x = model.Recommend(code("x"));
        var y = model.Recommend(code("y"));

        Assert.Equal("B", x[0].Product);
        Assert.Equal(RecommendationSource.SegmentRule, x[0].Source);
        Assert.Equal("C", y[0].Product);
        Assert.DoesNotContain(y, r => r.Product == "B");
    }

    [Fact]
    public void Recommend_ReasonFiguresEqualTheRule()
    {
        var (model, code) = Fitted();

        var b = model.Recommend(code("x")).Single(r => r.Product == "B");

        Assert.Equal(10.0 / 15, b.Support, 12);
        Assert.Equal(10.0 / 12, b.Confidence, 12);
        Assert.Equal(1.25, b.Lift, 12);
        Assert.Equal(1.25 * 10 / 12, b.Score, 12);
        Assert.Equal(["Product A"], b.BecauseOf);
        Assert.Equal("bought with Product A by 83.3 % of Segment 1's orders that hold it, lift 1.25", b.Reason);
    }

    [Fact]
    public void Recommend_NeverIncludesAlreadyBoughtProducts()
    {
        var (model, _) = Fitted();

        for (var c = 0; c < model.CustomerCount; c++)
        {
            var bought = model.Bought(c).ToArray().Select(i => model.Baskets.ItemLabels[i]).ToHashSet();
            Assert.DoesNotContain(model.Recommend(c, 10), r => bought.Contains(r.Product));
        }
    }

    [Fact]
    public void ToCsv_EveryCustomer_OneRowPerRecommendationWithTheRuleFigures()
    {
        var (model, code) = Fitted();
        var customers = new SegmentIQ.Analytics.Ingestion.StringPool();
        foreach (var id in CustomerIds.OrderBy(code))
        {
            customers.Intern(id);
        }

        var csv = System.Text.Encoding.UTF8.GetString(RecommendationExport.ToCsv(model, customers, 5).Content);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.StartsWith("CustomerID,Segment,Rank,StockCode,Description,Source,Score,Support,Confidence,Lift,Reason", lines[0], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, model.CustomerCount).Sum(c => model.Recommend(c, 5).Count), lines.Count - 1);
        Assert.Contains(lines, l => l.StartsWith("x,Segment 1,1,B,", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void Evaluate_OnlineRetailCutAtSeptember_ReportsBothHitRatesWithoutLeakage()
    {
        var dataset = AnalysisPipeline.Load(SharedData.DataFile("online_retail.csv.gz"), "online_retail.csv.gz", null, null, null, null, CancellationToken.None).Dataset!;
        var purchases = dataset.Purchases!;
        var cut = new DateTime(2011, 9, 1);

        var result = RecommendationEvaluator.Evaluate(purchases, cut, new SegmentationSettings { NumberOfClusters = 4 }, null, new Segmenter());
        output.WriteLine($"evaluated {result.CustomersEvaluated}, hit@5 {result.HitRate:0.0000}, popularity {result.PopularityHitRate:0.0000}, global rules {result.GlobalRulesHitRate:0.0000}");

        // No leakage: the recommenders saw only lines before the cut; every line is on exactly one side.
        Assert.True(result.LatestTrainingDate < cut);
        Assert.True(result.EarliestTestDate >= cut);
        Assert.Equal(purchases.Count, result.TrainingLines + result.TestLines);
        var (before, after) = RecommendationEvaluator.Split(purchases, cut);
        Assert.All(before.Date, d => Assert.True(d < cut));
        Assert.All(after.Date, d => Assert.True(d >= cut));

        Assert.True(result.CustomersEvaluated > 1000, $"{result.CustomersEvaluated} customers evaluated");
        Assert.InRange(result.HitRate, 0.01, 1);
        Assert.InRange(result.PopularityHitRate, 0.01, 1);
        Assert.InRange(result.GlobalRulesHitRate, 0.01, 1);
        Assert.Equal(4, result.Segments);
    }
}
