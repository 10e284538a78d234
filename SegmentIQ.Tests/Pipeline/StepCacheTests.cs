namespace SegmentIQ.Tests.Pipeline;

public class StepCacheTests
{
    [Fact]
    public async Task GetOrAdd_ConcurrentCallersOfOneKey_ComputeOnce()
    {
        var cache = new StepCache();
        var computations = 0;
        using var gate = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => cache.GetOrAdd("key", () =>
        {
            Interlocked.Increment(ref computations);
            gate.Wait(TimeSpan.FromSeconds(10));
            return new object();
        }))).ToArray();
        await Task.Delay(100);
        gate.Set();
        var values = await Task.WhenAll(callers);

        Assert.Equal(1, computations);
        Assert.All(values, v => Assert.Same(values[0], v));
    }

    [Fact]
    public void GetOrAdd_FailedComputation_IsNotCached()
    {
        var cache = new StepCache();

        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd<string>("key", () => throw new InvalidOperationException("bad")));
        var value = cache.GetOrAdd("key", () => "good");

        Assert.Equal("good", value);
    }

    [Fact]
    public void Capacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new StepCache(capacity: 2);
        cache.Set("a", "A");
        cache.Set("b", "B");
        Assert.True(cache.TryGet<string>("a", out _));

        cache.Set("c", "C");

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet<string>("a", out _));
        Assert.False(cache.TryGet<string>("b", out _));
        Assert.True(cache.TryGet<string>("c", out _));
    }

    [Fact]
    public void StepKeys_DifferForEverySettingThatChangesTheResult()
    {
        var space = StepKeys.Space("data:x", SegmentIQ.Analytics.Features.FeatureSpaceOptions.Default);
        var baseline = new SegmentationSettings();
        var variants = new[]
        {
            baseline with { NumberOfClusters = 5 },
            baseline with { Seed = 7 },
            baseline with { Algorithm = SegmentationAlgorithm.GaussianMixture },
            baseline with { Algorithm = SegmentationAlgorithm.Dbscan },
            baseline with { Algorithm = SegmentationAlgorithm.Dbscan, Eps = 0.6 },
            baseline with { Algorithm = SegmentationAlgorithm.Hierarchical },
            baseline with { Algorithm = SegmentationAlgorithm.Hierarchical, Linkage = SegmentIQ.Analytics.Clustering.Agglomerative.Linkage.Average },
        };

        var keys = variants.Select(v => StepKeys.Segmentation(space, v)).Append(StepKeys.Segmentation(space, baseline)).ToList();

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(StepKeys.Segmentation(space, baseline), StepKeys.Segmentation(space, new SegmentationSettings()));
        Assert.NotEqual(
            StepKeys.Dataset(new string('a', 64), null, null),
            StepKeys.Dataset(new string('a', 64), null, new SegmentIQ.Analytics.Cleaning.CleaningOptions { RemoveDuplicates = true }));
    }

    [Fact]
    public void Release_ByTheLastSession_DropsEveryStepOfThatDataset_AndKeepsTheOthers()
    {
        var cache = new StepCache();
        cache.Set("data:aaa|features:x", "space a");
        cache.Set("kmeans-sweep|42|data:aaa|features:x", "sweep a");
        cache.Set("data:bbb|features:x", "space b");
        cache.Retain("data:aaa");
        cache.Retain("data:aaa");

        Assert.Equal(0, cache.Release("data:aaa"));
        Assert.Equal(3, cache.Count);
        Assert.Equal(2, cache.Release("data:aaa"));

        Assert.False(cache.TryGet<string>("data:aaa|features:x", out _));
        Assert.False(cache.TryGet<string>("kmeans-sweep|42|data:aaa|features:x", out _));
        Assert.True(cache.TryGet<string>("data:bbb|features:x", out var kept));
        Assert.Equal("space b", kept);
    }

    [Fact]
    public void Release_OfADatasetNeverRetained_DropsNothing()
    {
        var cache = new StepCache();
        cache.Set("data:sample|features:x", "shared by everyone");

        Assert.Equal(0, cache.Release("data:sample"));
        Assert.Equal(1, cache.Count);
    }
}
