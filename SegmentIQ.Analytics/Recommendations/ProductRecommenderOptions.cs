using SegmentIQ.Analytics.Baskets;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>Options of <see cref="ProductRecommender"/>.</summary>
public sealed record ProductRecommenderOptions
{
    /// <summary>The defaults: rules of up to three products with 1 % support and 10 % confidence inside each segment, top 5.</summary>
    public static ProductRecommenderOptions Defaults { get; } = new();

    /// <summary>Products recommended per customer (N), 1 to 50.</summary>
    public int Top { get; init; } = 5;

    /// <summary>
    /// How each segment's invoices are mined (support is a fraction of the segment's invoices). Confidence is lower than
    /// the Market Basket page's, because a recommendation only needs the best rule that applies, not a strong one.
    /// </summary>
    public SegmentBasketOptions Mining { get; init; } = new()
    {
        Itemsets = new FrequentItemsetOptions { MinSupport = 0.01, MaxLength = 3 },
        Rules = new RuleOptions { MinConfidence = 0.1, MinLift = 1, Consequents = RuleConsequents.SingleItem },
        Top = 50,
    };

    /// <summary>Fill places the rules leave empty with the segment's over-indexed products (after every rule-based one).</summary>
    public bool FillWithOverIndexed { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (Top is < 1 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be between 1 and 50.");
        }

        ArgumentNullException.ThrowIfNull(Mining, nameof(Mining));
        Mining.Validate();
        if (Mining.Grouping != BasketGrouping.Invoice)
        {
            throw new ArgumentOutOfRangeException(nameof(Mining), Mining.Grouping, "Mining.Grouping must be Invoice: rules say what is bought together in one order.");
        }
    }
}
