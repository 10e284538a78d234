using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Web.Api;

namespace SegmentIQ.Web.Services;

/// <summary>
/// What a browser tab was looking at: its dataset (held in memory, so a reload needs no second upload), the features,
/// the segmentation, basket and report settings (A/B inputs, products per customer). Immutable; a new one replaces the old on every change.
/// </summary>
public sealed record WorkspaceSnapshot(
    LoadedDataset Dataset,
    FeatureSpaceOptions Features,
    SegmentationSettings Settings,
    BasketSettings Baskets,
    string? Currency = null,
    Analytics.Personas.BusinessRoleMap? Roles = null,
    Analytics.Reporting.ReportSettings? Report = null);

/// <summary>
/// The work of every browser tab by its workspace id (kept in the tab's sessionStorage), so a reload or a new circuit
/// after a dropped connection returns to the same dataset and settings. Bounded like the API's datasets: at most
/// <see cref="SegmentIqOptions.MaxWorkspaces"/> tabs and <see cref="SegmentIqOptions.MaxWorkspaceMegabytes"/> of data,
/// least recently used evicted first; an evicted id is remembered, so the tab can be told its data is gone. Once the
/// tab's circuit has ended (<see cref="Detach"/>), its work is kept only <see cref="SegmentIqOptions.WorkspaceRetentionSeconds"/>
/// more (long enough for a reload), so memory returns to idle after the users leave.
/// </summary>
public sealed class WorkspaceStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly BoundedStore<WorkspaceSnapshot> _store;
    private readonly Dictionary<string, DateTimeOffset> _detached = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;
    private readonly ITimer _sweeper;
    private readonly IdleMemoryTrimmer? _trimmer;

    /// <summary>
    /// A store with the configured limits, sweeping ended tabs' work on <paramref name="timeProvider"/>'s clock and
    /// telling <paramref name="trimmer"/> when it dropped some, so the memory goes back to the system once all is quiet.
    /// </summary>
    public WorkspaceStore(IOptions<SegmentIqOptions> options, TimeProvider? timeProvider = null, IdleMemoryTrimmer? trimmer = null)
    {
        _trimmer = trimmer;
        ArgumentNullException.ThrowIfNull(options);
        _store = new BoundedStore<WorkspaceSnapshot>(
            Math.Max(1, options.Value.MaxWorkspaces),
            Math.Max(1, options.Value.MaxWorkspaceMegabytes) * 1024L * 1024L);
        _time = timeProvider ?? TimeProvider.System;
        _retention = TimeSpan.FromSeconds(Math.Max(0, options.Value.WorkspaceRetentionSeconds));
        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.WorkspaceRetentionSeconds / 4.0, 1, 15));
        _sweeper = _time.CreateTimer(_ => SweepAndReport(), null, period, period);
    }

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
            _detached.Remove(workspaceId);
        }

        return true;
    }

    /// <summary>The work of <paramref name="workspaceId"/> and whether it is held, was evicted or is unknown here.</summary>
    public StoreLookup<WorkspaceSnapshot> Find(string workspaceId)
    {
        lock (_gate)
        {
            // A tab coming back (reload, reconnect) holds its work again.
            _detached.Remove(workspaceId);
        }

        return _store.Get(workspaceId);
    }

    /// <summary>
    /// The tab's circuit ended: its work is dropped after the retention period unless the tab comes back. The period
    /// counts from <paramref name="leftAt"/> when given (the tab's connection went down then, and its circuit was kept
    /// for a reconnect since): a tab gone that long already had its chance to come back.
    /// </summary>
    public void Detach(string workspaceId, DateTimeOffset? leftAt = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _detached[workspaceId] = leftAt is { } left && left < now ? left : now;
        }
    }

    /// <summary>Drops the work of tabs detached longer than the retention period; returns how many.</summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow();
        var dropped = 0;
        lock (_gate)
        {
            foreach (var (id, since) in _detached.ToList())
            {
                if (now - since >= _retention)
                {
                    _detached.Remove(id);
                    dropped += _store.Remove(id) ? 1 : 0;
                }
            }
        }

        return dropped;
    }

    /// <inheritdoc />
    public void Dispose() => _sweeper.Dispose();

    /// <summary>
    /// Sweeps, and when ended tabs' data was dropped tells the trimmer: on a server whose users have left nothing
    /// allocates, so no collection would run and the freed datasets would stay resident.
    /// </summary>
    private void SweepAndReport()
    {
        if (Sweep() > 0)
        {
            _trimmer?.Released();
        }
    }

    /// <summary>How long an ended tab's work is kept, in seconds.</summary>
    public double RetentionSeconds => _retention.TotalSeconds;

    /// <summary>Tabs held now.</summary>
    public int Count => _store.Count;
}
