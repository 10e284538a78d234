using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// What <see cref="TemporalAnalysis"/> reads of a dataset's purchases: the dated amounts per customer (first purchases,
/// revenue per period, cohorts) and the customer features within each snapshot's window. Lines in memory answer both in
/// process (<see cref="FromTransactions"/>); a dataset aggregated at a source answers them where its lines are
/// (<see cref="FromSource"/>).
/// </summary>
public abstract class PurchaseHistory
{
    /// <summary>The dated purchase amounts; customer ids are those of the dataset's features.</summary>
    public abstract PurchaseLog Purchases { get; }

    /// <summary>
    /// The features of the customers who bought in each snapshot's window [<see cref="SnapshotPeriod.WindowStart"/>,
    /// <see cref="SnapshotPeriod.AsOf"/>), Recency counted to the snapshot date; one table per snapshot, in order.
    /// <paramref name="progress"/> gets the share of the snapshots done.
    /// </summary>
    public abstract IReadOnlyList<CustomerFeatureTable> InWindows(IReadOnlyList<SnapshotPeriod> snapshots, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>The history of cleaned lines in memory: every snapshot's features computed in process, up to four at once.</summary>
    public static PurchaseHistory FromTransactions(TransactionTable purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        return new TransactionHistory(purchases);
    }

    /// <summary>
    /// The history of a dataset aggregated at <paramref name="source"/>: <paramref name="purchaseDays"/> is the source's
    /// <see cref="ITransactionSource.PurchaseDaysAsync"/> (already fetched, as lifetime value shares it), and the snapshot
    /// features are computed by the source (<see cref="ITransactionSource.WindowFeaturesAsync"/>).
    /// </summary>
    /// <remarks>
    /// The snapshot features cannot be derived from the per-customer, per-day amounts: Frequency counts distinct invoices
    /// and UniqueProducts distinct products within the window, and neither is a sum over days (an invoice may span days,
    /// a product is bought on many). So every window's features are computed from the cleaned lines where they are, all
    /// windows in one statement that joins the lines to a table of the windows: one read of the source, and only one row
    /// per snapshot and active customer comes back. First purchases, period revenue and cohorts need only days and
    /// months, so the per-day amounts give them exactly.
    /// </remarks>
    public static PurchaseHistory FromSource(ITransactionSource source, IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, PurchaseLog purchaseDays)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(purchaseDays);
        return new SourceHistory(source, mapping, cleaning, purchaseDays);
    }

    private sealed class TransactionHistory(TransactionTable lines) : PurchaseHistory
    {
        private readonly Lazy<PurchaseLog> _purchases = new(() => PurchaseLog.FromTransactions(lines));

        public override PurchaseLog Purchases => _purchases.Value;

        public override IReadOnlyList<CustomerFeatureTable> InWindows(IReadOnlyList<SnapshotPeriod> snapshots, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            var tables = new CustomerFeatureTable[snapshots.Count];
            var done = 0;
            BoundedParallel.For(
                snapshots.Count,
                Math.Max(1, Math.Min(Environment.ProcessorCount, 4)),
                s =>
                {
                    tables[s] = CustomerFeatures.InWindow(lines, snapshots[s].WindowStart, snapshots[s].AsOf, cancellationToken);
                    progress?.Report((double)Interlocked.Increment(ref done) / snapshots.Count);
                },
                cancellationToken);
            return tables;
        }
    }

    private sealed class SourceHistory(ITransactionSource source, IReadOnlyDictionary<ColumnRole, string>? mapping, CleaningOptions? cleaning, PurchaseLog purchaseDays)
        : PurchaseHistory
    {
        public override PurchaseLog Purchases => purchaseDays;

        public override IReadOnlyList<CustomerFeatureTable> InWindows(IReadOnlyList<SnapshotPeriod> snapshots, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            // The analysis is a synchronous step run off the render thread; DuckDB runs its statement on the calling thread anyway.
            var tables = source.WindowFeaturesAsync(mapping, cleaning, [.. snapshots.Select(s => (s.WindowStart, s.AsOf))], cancellationToken).GetAwaiter().GetResult();
            progress?.Report(1);
            return tables;
        }
    }
}
