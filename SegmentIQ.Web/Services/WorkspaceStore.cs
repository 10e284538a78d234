using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Web.Api;

namespace SegmentIQ.Web.Services;

/// <summary>
/// What a browser tab was looking at: its dataset (held in memory, so a reload needs no second upload), the features,
/// the segmentation and basket settings. Immutable; a new one replaces the old on every change.
/// </summary>
public sealed record WorkspaceSnapshot(
    LoadedDataset Dataset,
    FeatureSpaceOptions Features,
    SegmentationSettings Settings,
    BasketSettings Baskets,
    string? Currency = null);

/// <summary>
/// The work of every browser tab by its workspace id (kept in the tab's sessionStorage), so a reload or a new circuit
/// after a dropped connection returns to the same dataset and settings. Bounded like the API's datasets: at most
/// <see cref="SegmentIqOptions.MaxWorkspaces"/> tabs and <see cref="SegmentIqOptions.MaxWorkspaceMegabytes"/> of data,
/// least recently used evicted first; an evicted id is remembered, so the tab can be told its data is gone.
/// </summary>
public sealed class WorkspaceStore(IOptions<SegmentIqOptions> options)
{
    private readonly Lock _gate = new();
    private readonly BoundedStore<WorkspaceSnapshot> _store = new(
        Math.Max(1, options.Value.MaxWorkspaces),
        Math.Max(1, options.Value.MaxWorkspaceMegabytes) * 1024L * 1024L);

    /// <summary>Keeps <paramref name="snapshot"/> as the work of <paramref name="workspaceId"/>; false when its data alone exceeds the store.</summary>
    public bool Save(string workspaceId, WorkspaceSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentNullException.ThrowIfNull(snapshot);

        // The bundled sample is held by the app anyway; only uploaded data counts against the budget.
        var bytes = snapshot.Dataset.IsDefaultSample ? 1024 : DatasetStore.EstimateBytes(snapshot.Dataset);
        if (!_store.Fits(bytes))
        {
            _store.Remove(workspaceId);
            return false;
        }

        lock (_gate)
        {
            // The store holds one item per id; replacing is remove-then-add, kept atomic against another save.
            _store.Remove(workspaceId);
            _store.Add(workspaceId, snapshot, bytes);
        }

        return true;
    }

    /// <summary>The work of <paramref name="workspaceId"/> and whether it is held, was evicted or is unknown here.</summary>
    public StoreLookup<WorkspaceSnapshot> Find(string workspaceId) => _store.Get(workspaceId);

    /// <summary>Tabs held now.</summary>
    public int Count => _store.Count;
}
