using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Clustering.Dbscan;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The expensive, reusable structures of one clustering space, owned by one session: the agglomerative merge tree per
/// linkage (moving k only re-cuts it) and the DBSCAN neighbour index (moving eps only re-queries it). A different space
/// clears the cache. Thread-safe: the segmentation, the sweeps and the stability run share it, and a structure is
/// built once even when several of them ask at the same moment.
/// </summary>
public sealed class ClusteringStructureCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (SemaphoreSlim Gate, object? Value)> _entries = new(StringComparer.Ordinal);
    private ClusteringSpace? _space;

    /// <summary>The agglomerative model (tree built on a sample above <paramref name="sampleLimit"/> rows) of <paramref name="space"/> for <paramref name="linkage"/>.</summary>
    public AgglomerativeModel Agglomerative(ClusteringSpace space, Linkage linkage, int sampleLimit, int seed, CancellationToken cancellationToken) =>
        GetOrBuild(space, $"agglomerative|{linkage}|{sampleLimit}|{seed}", () => new AgglomerativeClustering(new AgglomerativeOptions
        {
            Linkage = linkage,
            NumberOfClusters = 1,
            MaxRowsForFullTree = sampleLimit,
            Seed = seed,
        }).Fit(space.Features.Matrix, null, cancellationToken));

    /// <summary>The DBSCAN neighbour index of <paramref name="space"/>.</summary>
    public DbscanIndex DbscanIndex(ClusteringSpace space, CancellationToken cancellationToken) =>
        GetOrBuild(space, "dbscan-index", () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Analytics.Clustering.Dbscan.DbscanIndex.Build(space.Features.Matrix);
        });

    /// <summary>True when the structure for <paramref name="linkage"/> of <paramref name="space"/> is built (a k change will be instant).</summary>
    public bool HasAgglomerative(ClusteringSpace space, Linkage linkage, int sampleLimit, int seed)
    {
        lock (_gate)
        {
            return ReferenceEquals(space, _space) && _entries.TryGetValue($"agglomerative|{linkage}|{sampleLimit}|{seed}", out var entry) && entry.Value is not null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Gate.Dispose();
            }

            _entries.Clear();
        }
    }

    private T GetOrBuild<T>(ClusteringSpace space, string key, Func<T> build)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(space);
        SemaphoreSlim gate;
        lock (_gate)
        {
            if (!ReferenceEquals(space, _space))
            {
                // A new space: the old structures can never be asked for again.
                _space = space;
                _entries.Clear();
            }

            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = (new SemaphoreSlim(1, 1), null);
                _entries[key] = entry;
            }

            if (entry.Value is T ready)
            {
                return ready;
            }

            gate = entry.Gate;
        }

        // One builder per structure; others wait for it rather than build the same tree twice on two cores.
        gate.Wait();
        try
        {
            lock (_gate)
            {
                if (ReferenceEquals(space, _space) && _entries.TryGetValue(key, out var entry) && entry.Value is T ready)
                {
                    return ready;
                }
            }

            var value = build();
            lock (_gate)
            {
                if (ReferenceEquals(space, _space) && _entries.TryGetValue(key, out var entry))
                {
                    _entries[key] = (entry.Gate, value);
                }
            }

            return value;
        }
        finally
        {
            gate.Release();
        }
    }
}
