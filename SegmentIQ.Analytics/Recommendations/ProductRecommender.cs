using System.Globalization;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>
/// Next-best products per customer from the association rules of the customer's own segment (mined per segment by
/// <see cref="SegmentBasketAnalysis"/>): every rule X → y whose antecedent X the customer has bought and whose product y
/// they have not, ranked by lift × confidence (a product keeps its best rule); places left are filled with the
/// segment's over-indexed products. Products the customer already bought are never recommended.
/// </summary>
public sealed class ProductRecommender
{
    /// <summary>Creates the recommender; the options (null: <see cref="ProductRecommenderOptions.Defaults"/>) are validated here.</summary>
    public ProductRecommender(ProductRecommenderOptions? options = null)
    {
        options ??= ProductRecommenderOptions.Defaults;
        options.Validate();
        Options = options;
    }

    /// <summary>The validated options.</summary>
    public ProductRecommenderOptions Options { get; }

    /// <summary>
    /// Mines each segment's invoices. <paramref name="invoiceBaskets"/> are invoice baskets built from transactions (they
    /// carry customer codes); <paramref name="customerLabels"/> gives each customer code its segment (-1: not recommended).
    /// </summary>
    public ProductRecommenderModel Fit(BasketDatabase invoiceBaskets, IReadOnlyList<int> customerLabels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invoiceBaskets);
        ArgumentNullException.ThrowIfNull(customerLabels);
        var report = SegmentBasketAnalysis.Analyze(invoiceBaskets, customerLabels, Options.Mining, null, cancellationToken);
        var segments = new Dictionary<int, SegmentRules>();
        foreach (var profile in report.Segments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            segments[profile.Label] = SegmentRules.Build(profile);
        }

        // What each customer has bought (items of all their invoices), as sorted item arrays.
        var customers = invoiceBaskets.BasketCustomers!;
        var bought = new HashSet<int>?[customerLabels.Count];
        for (var b = 0; b < invoiceBaskets.BasketCount; b++)
        {
            var c = customers[b];
            if (customerLabels[c] < 0)
            {
                continue;
            }

            var set = bought[c] ??= [];
            foreach (var item in invoiceBaskets.Basket(b))
            {
                set.Add(item);
            }
        }

        var purchases = bought.Select(s => s is null ? [] : s.Order().ToArray()).ToArray();
        return new ProductRecommenderModel(Options, invoiceBaskets, [.. customerLabels], purchases, segments, [.. report.Warnings.Concat(report.Segments.SelectMany(s => s.Warnings))]);
    }

    /// <summary>One segment's single-consequent rules, indexed by each antecedent's smallest item.</summary>
    internal sealed class SegmentRules
    {
        private SegmentRules(AssociationRules? rules, Dictionary<int, int[]> byFirstItem, IReadOnlyList<ProductIndex> overIndexed)
        {
            Rules = rules;
            ByFirstItem = byFirstItem;
            OverIndexed = overIndexed;
        }

        public AssociationRules? Rules { get; }

        public Dictionary<int, int[]> ByFirstItem { get; }

        public IReadOnlyList<ProductIndex> OverIndexed { get; }

        public static SegmentRules Build(SegmentBasketProfile profile)
        {
            var index = new Dictionary<int, List<int>>();
            if (profile.Rules is { } rules)
            {
                for (var r = 0; r < rules.Count; r++)
                {
                    if (rules.Consequent(r).Length != 1)
                    {
                        continue;
                    }

                    var first = rules.Antecedent(r)[0];
                    if (!index.TryGetValue(first, out var list))
                    {
                        index[first] = list = [];
                    }

                    list.Add(r);
                }
            }

            return new SegmentRules(profile.Rules, index.ToDictionary(p => p.Key, p => p.Value.ToArray()), profile.OverIndexedProducts);
        }
    }
}

/// <summary>The mined segments and each customer's purchases: recommends for any customer code.</summary>
public sealed class ProductRecommenderModel
{
    private readonly int[] _labels;
    private readonly int[][] _bought;
    private readonly Dictionary<int, ProductRecommender.SegmentRules> _segments;

    internal ProductRecommenderModel(
        ProductRecommenderOptions options,
        BasketDatabase baskets,
        int[] labels,
        int[][] bought,
        Dictionary<int, ProductRecommender.SegmentRules> segments,
        IReadOnlyList<string> warnings)
    {
        Options = options;
        Baskets = baskets;
        _labels = labels;
        _bought = bought;
        _segments = segments;
        Warnings = warnings.Distinct().ToList();
    }

    /// <summary>The options fitted with.</summary>
    public ProductRecommenderOptions Options { get; }

    /// <summary>The invoice baskets mined (item codes and labels of the recommendations).</summary>
    public BasketDatabase Baskets { get; }

    /// <summary>Caveats of the mining (small segments without rules…).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Number of customer codes.</summary>
    public int CustomerCount => _labels.Length;

    /// <summary>The segment of a customer code (-1: none).</summary>
    public int SegmentOf(int customer) => _labels[customer];

    /// <summary>Items the customer has bought, ascending.</summary>
    public ReadOnlySpan<int> Bought(int customer) => _bought[customer];

    /// <summary>
    /// The top <paramref name="top"/> (null: <see cref="ProductRecommenderOptions.Top"/>) products for a customer code;
    /// empty for a customer without a segment. Reasons name the segment "Segment n · Persona" with
    /// <paramref name="personas"/>, "Segment n" without.
    /// </summary>
    public IReadOnlyList<ProductRecommendation> Recommend(int customer, int? top = null, PersonaSet? personas = null)
    {
        if ((uint)customer >= (uint)_labels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(customer), customer, $"Customer code must be 0 … {_labels.Length - 1}.");
        }

        var n = top ?? Options.Top;
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(top), top, "Top must be at least 1.");
        }

        var label = _labels[customer];
        if (label < 0 || !_segments.TryGetValue(label, out var segment))
        {
            return [];
        }

        var bought = _bought[customer];
        var best = new Dictionary<int, (int Rule, double Score)>();
        if (segment.Rules is { } rules)
        {
            foreach (var item in bought)
            {
                if (!segment.ByFirstItem.TryGetValue(item, out var candidates))
                {
                    continue;
                }

                foreach (var r in candidates)
                {
                    var y = rules.Consequent(r)[0];
                    if (bought.AsSpan().BinarySearch(y) >= 0 || !ContainsAll(bought, rules.Antecedent(r)))
                    {
                        continue;
                    }

                    var score = rules.Lift[r] * rules.Confidence[r];
                    if (!best.TryGetValue(y, out var current) || score > current.Score || (score == current.Score && r < current.Rule))
                    {
                        best[y] = (r, score);
                    }
                }
            }
        }

        var segmentName = SegmentNames.Display(label, personas);
        var result = best
            .OrderByDescending(p => p.Value.Score)
            .ThenBy(p => p.Key)
            .Take(n)
            .Select(p => FromRule(segment.Rules!, p.Value.Rule, p.Value.Score, segmentName))
            .ToList();
        if (Options.FillWithOverIndexed)
        {
            foreach (var product in segment.OverIndexed)
            {
                if (result.Count >= n)
                {
                    break;
                }

                if (bought.AsSpan().BinarySearch(product.Item) < 0 && !best.ContainsKey(product.Item))
                {
                    result.Add(FromIndex(product, segmentName));
                }
            }
        }

        return result;
    }

    private static bool ContainsAll(int[] bought, ReadOnlySpan<int> items)
    {
        foreach (var item in items)
        {
            if (bought.AsSpan().BinarySearch(item) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private ProductRecommendation FromRule(AssociationRules rules, int r, double score, string segmentName)
    {
        var y = rules.Consequent(r)[0];
        var because = new List<string>();
        foreach (var x in rules.Antecedent(r))
        {
            because.Add(Baskets.DisplayLabel(x));
        }

        var confidence = rules.Confidence[r];
        var lift = rules.Lift[r];
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"bought with {string.Join(" + ", because)} by {confidence * 100:0.#} % of {segmentName}'s orders that hold it, lift {lift:0.0#}");
        return new ProductRecommendation(y, Baskets.ItemLabels[y], Baskets.DisplayLabel(y), RecommendationSource.SegmentRule, score, because, rules.Support[r], confidence, lift, reason);
    }

    private static ProductRecommendation FromIndex(ProductIndex product, string segmentName)
    {
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"in {product.SegmentSupport * 100:0.#} % of {segmentName}'s orders, {product.Index:0.0#}× as often as in all orders");
        return new ProductRecommendation(product.Item, product.Label, product.DisplayLabel, RecommendationSource.OverIndexed, 0, [], product.SegmentSupport, double.NaN, product.Index, reason);
    }
}
