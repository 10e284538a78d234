using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The baskets of one dataset, kept between mining runs. Lines in memory are grouped in process once per grouping
/// (<see cref="TransactionBaskets.Build"/>); a dataset loaded from a source asks the source, which returns each basket's
/// products that are frequent at the asked support. Those baskets serve that support and every higher one, so the
/// source is asked again only when the support goes below the lowest asked so far.
/// </summary>
public sealed class DatasetBaskets
{
    private readonly Dictionary<BasketGrouping, BasketDatabase> _built = [];
    private readonly Dictionary<BasketGrouping, SourceBaskets> _queried = [];

    /// <summary>Baskets of <paramref name="dataset"/>, nothing built or asked yet.</summary>
    public DatasetBaskets(LoadedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dataset = dataset;
    }

    /// <summary>The dataset whose baskets these are.</summary>
    public LoadedDataset Dataset { get; }

    /// <summary>
    /// Baskets to mine at <paramref name="minSupport"/>: the dataset's lines grouped in process, or its source's baskets
    /// filtered at <paramref name="minSupport"/> or lower. Throws <see cref="SourceException"/> when the source fails.
    /// </summary>
    public BasketDatabase For(BasketGrouping grouping, double minSupport, CancellationToken cancellationToken)
    {
        if (Dataset.Purchases is { } purchases)
        {
            lock (_built)
            {
                if (_built.TryGetValue(grouping, out var cached))
                {
                    return cached;
                }
            }

            var built = TransactionBaskets.Build(purchases, grouping, cancellationToken);
            lock (_built)
            {
                _built.TryAdd(grouping, built);
            }

            return built;
        }

        var source = Dataset.Source ?? throw new InvalidOperationException($"{Dataset.Name} has neither invoice lines nor a source to ask for baskets.");
        lock (_queried)
        {
            if (_queried.TryGetValue(grouping, out var held) && held.Serves(minSupport))
            {
                return held.Baskets;
            }
        }

        // The mining step is synchronous and runs off the render thread; DuckDB runs its statement on the calling thread anyway.
        var queried = source.BasketsAsync(Dataset.Mapping, Dataset.CleaningOptions, grouping, minSupport, cancellationToken).GetAwaiter().GetResult();
        lock (_queried)
        {
            // Keep the lowest support asked: it serves the most.
            if (!_queried.TryGetValue(grouping, out var held) || queried.FilteredAt < held.FilteredAt)
            {
                _queried[grouping] = queried;
            }
        }

        return queried.Baskets;
    }
}
