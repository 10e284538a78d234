using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// Transaction lines that live outside the process (files read by DuckDB, a database table): the cleaning and the
/// per-customer aggregation run where the data is, and only the quality report and one row per customer come back —
/// the same <see cref="CleaningReport"/> and <see cref="CustomerFeatureTable"/> the in-process path produces from a
/// <see cref="TransactionTable"/>, so everything downstream is unchanged.
/// </summary>
public interface ITransactionSource
{
    /// <summary>How the source is named to the user (never a connection string).</summary>
    string DisplayName { get; }

    /// <summary>The columns and the first rows, for the mapping dialog and the preview.</summary>
    Task<SourcePreview> PreviewAsync(int rows, CancellationToken cancellationToken);

    /// <summary>The number of rows (lines) in the source.</summary>
    Task<long> CountRowsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Cleans and aggregates the source to one row per customer. <paramref name="mapping"/> names the column of each role
    /// (roles it leaves out are matched by name, as for files). Throws <see cref="SourceException"/> with a message
    /// for the user when the source cannot be used.
    /// </summary>
    Task<SourceAggregation> AggregateAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken);

    /// <summary>
    /// The market baskets of the cleaned lines reduced where the data is: the basket count, each product in at least
    /// <paramref name="minSupport"/> of the baskets with its basket count and most frequent description, the pairs of
    /// products in at least that share with their counts, and the baskets cut to the products of those pairs (the rest
    /// can be part of no frequent itemset of 2+ products at that support). Throws <see cref="SourceException"/> as
    /// <see cref="AggregateAsync"/> does.
    /// </summary>
    Task<SourceBaskets> BasketsAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        BasketGrouping grouping,
        double minSupport,
        CancellationToken cancellationToken);

    /// <summary>
    /// The cleaned lines summed where the data is to one purchase per customer and calendar day (dated at midnight), what
    /// lifetime value and segments over time need of the lines; customer ids are those of <see cref="AggregateAsync"/>'s
    /// features, listed in their order. Throws <see cref="SourceException"/> as <see cref="AggregateAsync"/> does.
    /// </summary>
    Task<PurchaseLog> PurchaseDaysAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        CancellationToken cancellationToken);

    /// <summary>
    /// The customer features of the cleaned lines dated in each window [Start, AsOf), Recency counted to AsOf's date, as
    /// <see cref="CustomerFeatures.InWindow"/> computes them from lines in memory; one table per window, in order, in one
    /// pass over the source. Throws <see cref="SourceException"/> as <see cref="AggregateAsync"/> does.
    /// </summary>
    Task<IReadOnlyList<CustomerFeatureTable>> WindowFeaturesAsync(
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        IReadOnlyList<(DateTime Start, DateTime AsOf)> windows,
        CancellationToken cancellationToken);
}

/// <summary>Where an aggregation is: the stage in words and the customers streamed back so far.</summary>
public readonly record struct SourceProgress(string Stage, long Customers);

/// <summary>What a source aggregated: the columns used per role, the quality report and the customer features.</summary>
/// <param name="SourceName">The source's display name.</param>
/// <param name="Mapping">The column used for each role.</param>
/// <param name="Report">The quality report, counted in SQL as <see cref="TransactionCleaner"/> counts it.</param>
/// <param name="Features">One row per customer, ordered as <see cref="CustomerFeatures"/> orders them.</param>
public sealed record SourceAggregation(
    string SourceName,
    IReadOnlyDictionary<ColumnRole, string> Mapping,
    CleaningReport Report,
    CustomerFeatureTable Features);

/// <summary>
/// Baskets a source returned reduced at <see cref="FilteredAt"/>: every basket is counted (so supports are fractions of
/// all baskets), the products frequent at that support are items with their full basket counts, and each basket holds
/// only its products that are in a pair frequent at that support (<see cref="BasketDatabase.IsPairReduced"/>; baskets
/// with fewer than two are empty). Mining at any support at or above <see cref="FilteredAt"/> gives the itemsets of the
/// full baskets (a pair frequent there is frequent at <see cref="FilteredAt"/>); below it the source must be asked again.
/// </summary>
/// <param name="Grouping">What one basket is.</param>
/// <param name="FilteredAt">The minimum support the products and pairs were filtered at.</param>
/// <param name="ProductCount">Distinct products in the cleaned lines, before the filter.</param>
/// <param name="Baskets">The baskets; item labels are product codes, with their most frequent descriptions.</param>
/// <param name="Pairs">
/// The pairs frequent at <see cref="FilteredAt"/> with their basket counts as the engine counted them. The reduction is
/// built from them (a basket keeps the products they name), and they check it: FP-Growth's 2-itemsets of
/// <see cref="Baskets"/> at <see cref="FilteredAt"/> are exactly these pairs with these counts (asserted in debug builds
/// when the baskets are read, and in the source basket tests on Online Retail).
/// </param>
public sealed record SourceBaskets(BasketGrouping Grouping, double FilteredAt, int ProductCount, BasketDatabase Baskets, IReadOnlyList<ItemPairCount> Pairs)
{
    /// <summary>Whether mining at <paramref name="minSupport"/> finds in these baskets every itemset of the unfiltered ones.</summary>
    public bool Serves(double minSupport) => minSupport >= FilteredAt;
}

/// <summary>Two items (codes of one <see cref="BasketDatabase"/>) and the number of baskets holding both.</summary>
public readonly record struct ItemPairCount(int First, int Second, int Count);
