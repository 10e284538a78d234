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
    /// The market baskets of the cleaned lines, filtered where the data is to the products in at least
    /// <paramref name="minSupport"/> of the baskets (the rest can be part of no frequent itemset at that support), with
    /// each product's most frequent description. Throws <see cref="SourceException"/> as <see cref="AggregateAsync"/> does.
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
/// Baskets a source returned filtered at <see cref="FilteredAt"/>: every basket is there (so supports are fractions of
/// all baskets), holding only its products frequent at that support. Mining at any support at or above
/// <see cref="FilteredAt"/> gives the itemsets of the unfiltered baskets; below it the source must be asked again.
/// </summary>
/// <param name="Grouping">What one basket is.</param>
/// <param name="FilteredAt">The minimum support the products were filtered at.</param>
/// <param name="ProductCount">Distinct products in the cleaned lines, before the filter.</param>
/// <param name="Baskets">The baskets; item labels are product codes, with their most frequent descriptions.</param>
public sealed record SourceBaskets(BasketGrouping Grouping, double FilteredAt, int ProductCount, BasketDatabase Baskets)
{
    /// <summary>Whether mining at <paramref name="minSupport"/> finds in these baskets every itemset of the unfiltered ones.</summary>
    public bool Serves(double minSupport) => minSupport >= FilteredAt;
}
