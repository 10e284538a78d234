using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>How well top-N recommendations made at a cut date predict what customers bought after it.</summary>
/// <param name="Cut">Lines dated before the cut trained everything; lines on or after it are the test.</param>
/// <param name="Top">N.</param>
/// <param name="TrainingLines">Purchase lines before the cut.</param>
/// <param name="TestLines">Purchase lines on or after the cut.</param>
/// <param name="LatestTrainingDate">The latest date the recommenders saw (before <paramref name="Cut"/>).</param>
/// <param name="EarliestTestDate">The earliest test date (on or after <paramref name="Cut"/>).</param>
/// <param name="CustomersEvaluated">Customers with a segment before the cut who bought a product after it that they had not bought before.</param>
/// <param name="HitRate">Share of them for whom a segment-rule recommendation was among those new products.</param>
/// <param name="PopularityHitRate">The same for the N most popular products (by customers before the cut) not yet bought.</param>
/// <param name="GlobalRulesHitRate">The same for rules mined on every customer's orders together (no segments).</param>
/// <param name="Segments">Segments formed on the training lines.</param>
public sealed record RecommendationEvaluation(
    DateTime Cut,
    int Top,
    int TrainingLines,
    int TestLines,
    DateTime LatestTrainingDate,
    DateTime EarliestTestDate,
    int CustomersEvaluated,
    double HitRate,
    double PopularityHitRate,
    double GlobalRulesHitRate,
    int Segments);

/// <summary>
/// The honest evaluation of <see cref="ProductRecommender"/>: split the purchase lines in time, form the segments and
/// mine the rules on the lines before the cut only (features, clustering and baskets all from them), then count a hit
/// when one of a customer's top-N products is among the products they bought for the first time after the cut.
/// Compared with the N most popular products and with rules mined without segments.
/// </summary>
public static class RecommendationEvaluator
{
    /// <summary>Evaluates top-<paramref name="options"/>.Top recommendations at <paramref name="cut"/>.</summary>
    /// <exception cref="ArgumentException">The cut leaves no lines on one side, or the features do not exist.</exception>
    public static RecommendationEvaluation Evaluate(
        TransactionTable purchases,
        DateTime cut,
        SegmentationSettings settings,
        FeatureSpaceOptions? features,
        Segmenter segmenter,
        ProductRecommenderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(segmenter);
        var recommender = new ProductRecommender(options);
        var top = recommender.Options.Top;
        var (train, test) = Split(purchases, cut);
        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException($"The cut {cut:yyyy-MM-dd} leaves {train.Count:N0} lines before it and {test.Count:N0} on or after it; choose a date inside the data's range.", nameof(cut));
        }

        // Everything the recommenders learn comes from the training lines.
        var table = CustomerFeatures.FromTransactions(train, cancellationToken);
        features ??= FeatureSpaceOptions.DefaultFor(table);
        features.Validate(table);
        var space = ClusteringSpace.Build(table, features, cancellationToken);
        var segmentation = segmenter.Run(space, settings, cancellationToken);
        var labels = BasketMiner.CustomerCodeLabels(space.Table.CustomerIds, segmentation.Labels, purchases.Pools.Customers);
        var baskets = TransactionBaskets.Build(train, BasketGrouping.Invoice, cancellationToken);
        var model = recommender.Fit(baskets, labels, cancellationToken);
        var everyone = labels.Select(l => l >= 0 ? 0 : -1).ToArray();
        var global = recommender.Fit(baskets, everyone, cancellationToken);

        // Products first bought after the cut, per customer (as item codes of the training baskets; products new to the
        // shop after the cut cannot be recommended by anyone, but still count as a customer's new purchases).
        var boughtAfter = new HashSet<string>?[purchases.Pools.Customers.Count];
        for (var i = 0; i < test.Count; i++)
        {
            var c = test.Customer[i];
            if (c >= 0 && labels[c] >= 0)
            {
                (boughtAfter[c] ??= new HashSet<string>(StringComparer.Ordinal)).Add(purchases.Pools.Products[test.Product[i]]);
            }
        }

        var buyers = new int[baskets.ItemCount];
        for (var c = 0; c < model.CustomerCount; c++)
        {
            foreach (var item in model.Bought(c))
            {
                buyers[item]++;
            }
        }

        // Popularity = customers of a segment who bought the product before the cut.
        var popular = Enumerable.Range(0, baskets.ItemCount).OrderByDescending(i => buyers[i]).ThenBy(i => i).ToArray();
        int evaluated = 0, hits = 0, popularityHits = 0, globalHits = 0;
        for (var c = 0; c < boughtAfter.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (boughtAfter[c] is not { } after)
            {
                continue;
            }

            var before = model.Bought(c).ToArray();
            after.ExceptWith(before.Select(item => baskets.ItemLabels[item]));
            if (after.Count == 0)
            {
                continue;
            }

            evaluated++;
            hits += model.Recommend(c, top).Any(r => after.Contains(r.Product)) ? 1 : 0;
            globalHits += global.Recommend(c, top).Any(r => after.Contains(r.Product)) ? 1 : 0;
            popularityHits += popular.Where(i => Array.BinarySearch(before, i) < 0).Take(top).Any(i => after.Contains(baskets.ItemLabels[i])) ? 1 : 0;
        }

        double Rate(int h) => evaluated == 0 ? double.NaN : (double)h / evaluated;
        return new RecommendationEvaluation(
            cut, top, train.Count, test.Count, Max(train.Date), Min(test.Date), evaluated, Rate(hits), Rate(popularityHits), Rate(globalHits), segmentation.NumberOfClusters);
    }

    /// <summary>The lines before <paramref name="cut"/> and those on or after it, as tables over the same string pools.</summary>
    public static (TransactionTable Before, TransactionTable After) Split(TransactionTable purchases, DateTime cut)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var before = new List<int>();
        var after = new List<int>();
        for (var i = 0; i < purchases.Count; i++)
        {
            (purchases.Date[i] < cut ? before : after).Add(i);
        }

        return (Select(purchases, before), Select(purchases, after));
    }

    private static TransactionTable Select(TransactionTable t, List<int> rows)
    {
        T[] Pick<T>(T[] column) => [.. rows.Select(i => column[i])];
        return new TransactionTable(rows.Count, Pick(t.Invoice), Pick(t.Product), Pick(t.Description), Pick(t.Quantity), Pick(t.Date), Pick(t.Price), Pick(t.Customer), Pick(t.Country), Pick(t.SourceLine), t.Pools)
        {
            HasProducts = t.HasProducts,
            HasQuantities = t.HasQuantities,
        };
    }

    private static DateTime Max(DateTime[] dates) => dates.Length == 0 ? DateTime.MinValue : dates.Max();

    private static DateTime Min(DateTime[] dates) => dates.Length == 0 ? DateTime.MaxValue : dates.Min();
}
