using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace SegmentIQ.Web.Api;

/// <summary>An uploaded dataset held by the API, with the response that describes it.</summary>
public sealed record ApiDataset(string Id, LoadedDataset Dataset, DatasetResponse Description);

/// <summary>
/// The uploaded datasets, in a <see cref="BoundedStore{T}"/> limited by <see cref="SegmentIqApiOptions.MaxDatasets"/>
/// and <see cref="SegmentIqApiOptions.MaxDatasetMegabytes"/> (least recently used evicted first).
/// </summary>
public sealed class DatasetStore(IOptions<SegmentIqApiOptions> options)
{
    private readonly BoundedStore<ApiDataset> _store = new(options.Value.MaxDatasets, options.Value.MaxDatasetBytes);

    /// <summary>The underlying store (limits and counts).</summary>
    public BoundedStore<ApiDataset> Store => _store;

    /// <summary>Approximate memory a loaded dataset takes: purchase columns, interned strings and the feature table.</summary>
    public static long EstimateBytes(LoadedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        long bytes = 16 * 1024;
        if (dataset.Purchases is { } purchases)
        {
            // 7 ints and 3 eight-byte values per line; strings are interned once per distinct value.
            bytes += purchases.Count * 52L;
            var pools = purchases.Pools;
            foreach (var pool in new[] { pools.Invoices, pools.Products, pools.Descriptions, pools.Customers, pools.Countries })
            {
                foreach (var value in pool.Values)
                {
                    bytes += 64 + (2L * value.Length);
                }
            }
        }

        var table = dataset.Features;
        bytes += table.Count * ((table.Columns.Count * 8L) + 64);
        return bytes;
    }

    /// <summary>Adds the dataset <paramref name="create"/> makes for a new id; null when it alone is larger than the store.</summary>
    public ApiDataset? TryAdd(Func<string, ApiDataset> create, long bytes)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!_store.Fits(bytes))
        {
            return null;
        }

        var dataset = create(ApiIds.New("ds"));
        _store.Add(dataset.Id, dataset, bytes);
        return dataset;
    }

    /// <summary>The dataset <paramref name="id"/>, or the problem to answer (404 never existed or deleted, 410 evicted).</summary>
    public (ApiDataset? Dataset, ProblemHttpResult? Problem) Find(string id, string field = "id")
    {
        var found = _store.Get(id);
        return found.Status switch
        {
            StoreStatus.Found => (found.Value, null),
            StoreStatus.Evicted => (null, ApiProblems.Problem(
                StatusCodes.Status410Gone,
                "Dataset evicted",
                string.Create(CultureInfo.InvariantCulture, $"Dataset '{id}' was evicted because the dataset store is full (at most {_store.MaxCount} datasets and {_store.MaxBytes / (1024 * 1024):N0} MB, SegmentIQ:Api:MaxDatasets and MaxDatasetMegabytes); upload the file again."),
                field)),
            _ => (null, ApiProblems.Problem(StatusCodes.Status404NotFound, "Dataset not found", $"There is no dataset '{id}': it was never uploaded or has been deleted.", field)),
        };
    }

    /// <summary>Deletes a dataset; false when it is not held.</summary>
    public bool Remove(string id) => _store.Remove(id);
}

/// <summary>Random ids for API resources.</summary>
public static class ApiIds
{
    /// <summary>A new id: the prefix and 20 random hex digits (e.g. <c>ds_4f0c…</c>).</summary>
    public static string New(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 21)];
}
