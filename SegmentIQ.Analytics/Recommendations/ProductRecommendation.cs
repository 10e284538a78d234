namespace SegmentIQ.Analytics.Recommendations;

/// <summary>Where a recommendation comes from.</summary>
public enum RecommendationSource
{
    /// <summary>An association rule of the customer's segment whose antecedent the customer has bought.</summary>
    SegmentRule,

    /// <summary>A product over-indexed in the customer's segment (no rule applied).</summary>
    OverIndexed,
}

/// <summary>One recommended product with the figures behind it.</summary>
/// <param name="Item">Item code in the mined baskets.</param>
/// <param name="Product">Product (stock) code.</param>
/// <param name="Description">Product description, or the code when there is none.</param>
/// <param name="Source">Rule or over-indexed product.</param>
/// <param name="Score">Lift × confidence of the rule (0 for an over-indexed product, which ranks after every rule).</param>
/// <param name="BecauseOf">The rule's antecedent products (descriptions); empty for an over-indexed product.</param>
/// <param name="Support">Rule: support of antecedent ∪ product in the segment's invoices. Over-indexed: the product's support in the segment.</param>
/// <param name="Confidence">Rule: confidence (share of the segment's invoices with the antecedent that also hold the product); NaN otherwise.</param>
/// <param name="Lift">Rule: lift; over-indexed: the segment's index (segment support ÷ population support).</param>
/// <param name="Reason">The reason in words, built from the same figures.</param>
public sealed record ProductRecommendation(
    int Item,
    string Product,
    string Description,
    RecommendationSource Source,
    double Score,
    IReadOnlyList<string> BecauseOf,
    double Support,
    double Confidence,
    double Lift,
    string Reason);
