using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Tests.Ingestion;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>A tab's kept work outlives its circuit only by the retention period, unless the tab comes back.</summary>
public sealed class WorkspaceStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TempFiles _files = new();
    private readonly WorkspaceStore _store;
    private readonly WorkspaceSnapshot _snapshot;

    public WorkspaceStoreTests()
    {
        _store = new WorkspaceStore(Options.Create(new SegmentIqOptions { WorkspaceRetentionSeconds = 60 }), _time);
        var dataset = DatasetLoader.Load(_files.Write("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, isDefaultSample: false, null, null, CancellationToken.None).Dataset!;
        _snapshot = new WorkspaceSnapshot(dataset, FeatureSpaceOptions.DefaultFor(dataset.Features), new SegmentationSettings(), new BasketSettings());
    }

    [Fact]
    public void DetachedWork_IsDroppedAfterTheRetentionPeriod()
    {
        _store.Save("tab", _snapshot);
        _store.Detach("tab");

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(StoreStatus.Found, _store.Find("tab").Status);
        _store.Detach("tab");
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(0, _store.Count);
        Assert.Equal(StoreStatus.Missing, _store.Find("tab").Status);
    }

    [Fact]
    public void TabThatLeftBeforeItsCircuitEnded_IsDroppedCountingFromWhenItLeft()
    {
        _store.Save("tab", _snapshot);
        var left = _time.GetUtcNow();

        // The circuit was kept 50 s for a reconnect that never came, then ended.
        _time.Advance(TimeSpan.FromSeconds(50));
        _store.Detach("tab", left);
        _time.Advance(TimeSpan.FromSeconds(11));
        _store.Sweep();

        Assert.Equal(0, _store.Count);
        Assert.Equal(StoreStatus.Missing, _store.Find("tab").Status);
    }

    [Fact]
    public void LeftAtInTheFuture_CountsFromNow()
    {
        _store.Save("tab", _snapshot);
        _store.Detach("tab", _time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromSeconds(59));
        _store.Sweep();

        Assert.Equal(1, _store.Count);
        _time.Advance(TimeSpan.FromSeconds(2));
        _store.Sweep();
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public void TabComingBackWithinTheRetention_KeepsItsWork()
    {
        _store.Save("tab", _snapshot);
        _store.Detach("tab");
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Same(_snapshot, _store.Find("tab").Value);
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public void AttachedWork_IsNeverSwept()
    {
        _store.Save("tab", _snapshot);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, _store.Sweep());
        Assert.Equal(1, _store.Count);
    }

    public void Dispose()
    {
        _store.Dispose();
        _files.Dispose();
    }
}
