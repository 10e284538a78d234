using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Recommendations;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Next-best products for K-Means k = 4 segments: <c>fit</c> mines every segment's invoices; <c>top5</c> recommends five
/// products to every customer (target &lt; 200 ms for 4,338 customers); <c>evaluate</c> is the time-split evaluation at
/// the cut (default 2011-09-01: segments, features and rules from the lines before it), printing
/// <c>hit_rate_at_5</c>, <c>popularity_hit_rate_at_5</c> and <c>global_rules_hit_rate_at_5</c>.
/// </summary>
public sealed class RecommendSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "recommend";

    /// <inheritdoc />
    public string Description => "per-customer top-5 products from segment rules and the time-split evaluation; --data FILE [--k 4] [--cut 2011-09-01]";

    /// <inheritdoc />
    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var k = int.Parse(args.Option("k", "4"), System.Globalization.CultureInfo.InvariantCulture);
        var cut = DateTime.Parse(args.Option("cut", "2011-09-01"), System.Globalization.CultureInfo.InvariantCulture);
        var pipeline = new AnalysisPipeline();
        var dataset = BenchData.LoadDataset(args.DataOrDefault());
        var purchases = dataset.Purchases ?? throw new InvalidOperationException("The recommend suite needs a transaction file.");
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var settings = new SegmentationSettings { NumberOfClusters = k };
        var segmentation = pipeline.Segment(space, settings, null, CancellationToken.None);
        var labels = BasketMiner.CustomerCodeLabels(space.Table.CustomerIds, segmentation.Labels, purchases.Pools.Customers);
        var baskets = TransactionBaskets.Build(purchases, BasketGrouping.Invoice);
        var customers = Enumerable.Range(0, labels.Length).Where(c => labels[c] >= 0).ToArray();
        Console.Error.WriteLine($"{customers.Length:N0} customers, {baskets.BasketCount:N0} invoices, {segmentation.NumberOfClusters} segments");

        var model = output.Measure("fit", () => new ProductRecommender().Fit(baskets, labels), m => new Dictionary<string, object?> { ["customers"] = customers.Length });
        var evaluation = RecommendationEvaluator.Evaluate(purchases, cut, settings, null, pipeline.Segmenter);
        output.Measure(
            "top5",
            () =>
            {
                var total = 0;
                foreach (var c in customers)
                {
                    total += model.Recommend(c, 5).Count;
                }

                return total;
            },
            total => new Dictionary<string, object?>
            {
                ["customers"] = customers.Length,
                ["recommendations"] = total,
                ["hit_rate_at_5"] = Math.Round(evaluation.HitRate, 4),
                ["popularity_hit_rate_at_5"] = Math.Round(evaluation.PopularityHitRate, 4),
                ["global_rules_hit_rate_at_5"] = Math.Round(evaluation.GlobalRulesHitRate, 4),
                ["customers_evaluated"] = evaluation.CustomersEvaluated,
                ["cut"] = cut.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });
        output.Measure("evaluate", () => RecommendationEvaluator.Evaluate(purchases, cut, settings, null, pipeline.Segmenter), e => new Dictionary<string, object?>
        {
            ["hit_rate_at_5"] = Math.Round(e.HitRate, 4),
            ["popularity_hit_rate_at_5"] = Math.Round(e.PopularityHitRate, 4),
            ["customers_evaluated"] = e.CustomersEvaluated,
        });
    }
}
