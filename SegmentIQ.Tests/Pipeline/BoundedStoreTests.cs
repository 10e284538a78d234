namespace SegmentIQ.Tests.Pipeline;

public sealed class BoundedStoreTests
{
    [Fact]
    public void Add_PastTheCount_EvictsTheLeastRecentlyUsed()
    {
        var store = new BoundedStore<string>(maxCount: 2, maxBytes: 1_000);
        store.Add("a", "A", 1);
        store.Add("b", "B", 1);
        Assert.Equal(StoreStatus.Found, store.Get("a").Status); // a is now newer than b

        var evicted = store.Add("c", "C", 1);

        Assert.Equal(["b"], evicted);
        Assert.Equal("A", store.Get("a").Value);
        Assert.Equal(StoreStatus.Evicted, store.Get("b").Status);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Add_PastTheBytes_EvictsUntilTheNewItemFits()
    {
        var store = new BoundedStore<string>(maxCount: 10, maxBytes: 100);
        store.Add("a", "A", 40);
        store.Add("b", "B", 40);
        store.Add("c", "C", 10);

        var evicted = store.Add("d", "D", 60);

        Assert.Equal(["a", "b"], evicted);
        Assert.Equal(70, store.Bytes);
        Assert.Equal(StoreStatus.Found, store.Get("c").Status);
    }

    [Fact]
    public void Add_ItemLargerThanTheStore_IsRefusedAndEvictsNothing()
    {
        var store = new BoundedStore<string>(maxCount: 10, maxBytes: 100);
        store.Add("a", "A", 40);

        Assert.False(store.Fits(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Add("big", "B", 101));
        Assert.Equal(StoreStatus.Found, store.Get("a").Status);
    }

    [Fact]
    public void Get_UnknownOrRemovedId_IsMissingNotEvicted()
    {
        var store = new BoundedStore<string>(maxCount: 1, maxBytes: 10);
        store.Add("a", "A", 1);

        Assert.True(store.Remove("a"));
        Assert.False(store.Remove("a"));
        Assert.Equal(StoreStatus.Missing, store.Get("a").Status);
        Assert.Equal(StoreStatus.Missing, store.Get("never").Status);
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public void Evictions_AreRememberedOnlyUpToTheBound()
    {
        var store = new BoundedStore<string>(maxCount: 1, maxBytes: 10, rememberedEvictions: 2);
        for (var i = 0; i < 5; i++)
        {
            store.Add($"id{i}", "x", 1);
        }

        Assert.Equal(StoreStatus.Missing, store.Get("id0").Status);
        Assert.Equal(StoreStatus.Missing, store.Get("id1").Status);
        Assert.Equal(StoreStatus.Evicted, store.Get("id2").Status);
        Assert.Equal(StoreStatus.Evicted, store.Get("id3").Status);
        Assert.Equal(StoreStatus.Found, store.Get("id4").Status);
    }

    [Fact]
    public void Eviction_CallsBackWithTheEvictedItem()
    {
        var seen = new List<(string, string)>();
        var store = new BoundedStore<string>(maxCount: 1, maxBytes: 10, onEvicted: (id, item) => seen.Add((id, item)));
        store.Add("a", "A", 1);
        store.Add("b", "B", 1);

        Assert.Equal([("a", "A")], seen);
    }

    [Fact]
    public void ConcurrentAddsAndGets_KeepBothLimits()
    {
        var store = new BoundedStore<string>(maxCount: 8, maxBytes: 50);
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            store.Add($"id{i}", "x", 1 + (i % 7));
            _ = store.Get($"id{i / 2}");
        });

        Assert.InRange(store.Count, 1, 8);
        Assert.InRange(store.Bytes, 1, 50);
    }
}
