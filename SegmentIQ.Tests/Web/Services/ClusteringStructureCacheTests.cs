using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Services;

public class ClusteringStructureCacheTests
{
    private static readonly Lazy<ClusteringSpace> Space = new(() =>
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SegmentIqOptions());
        var dataset = new DefaultDataset(options, SegmentIQ.Tests.Web.WebProject.Directory).GetAsync().GetAwaiter().GetResult().Dataset!;
        return ClusteringSpace.Build(dataset.Features, FeatureSpaceOptions.DefaultFor(dataset.Features), CancellationToken.None);
    });

    [Fact]
    public void Agglomerative_AskedTwice_BuildsTheTreeOnce()
    {
        using var cache = new ClusteringStructureCache();

        var first = cache.Agglomerative(Space.Value, Linkage.Ward, 20_000, 42, CancellationToken.None);
        var second = cache.Agglomerative(Space.Value, Linkage.Ward, 20_000, 42, CancellationToken.None);
        var complete = cache.Agglomerative(Space.Value, Linkage.Complete, 20_000, 42, CancellationToken.None);

        Assert.Same(first, second);
        Assert.NotSame(first.Tree, complete.Tree);
        Assert.True(cache.HasAgglomerative(Space.Value, Linkage.Ward, 20_000, 42));
        Assert.Same(cache.DbscanIndex(Space.Value, CancellationToken.None), cache.DbscanIndex(Space.Value, CancellationToken.None));
    }

    [Fact]
    public void Agglomerative_OtherSpace_ForgetsTheOldTrees()
    {
        using var cache = new ClusteringStructureCache();
        var first = cache.Agglomerative(Space.Value, Linkage.Ward, 20_000, 42, CancellationToken.None);
        var other = Space.Value with { };

        var rebuilt = cache.Agglomerative(other, Linkage.Ward, 20_000, 42, CancellationToken.None);

        Assert.NotSame(first, rebuilt);
        Assert.False(cache.HasAgglomerative(Space.Value, Linkage.Ward, 20_000, 42));
    }

    [Fact]
    public void Run_HierarchicalAboveSampleLimit_SamplesAndSaysSo()
    {
        var service = new Segmenter(new PipelineOptions { AgglomerativeSampleLimit = 300 });

        var result = service.Run(Space.Value, new SegmentationSettings { Algorithm = SegmentationAlgorithm.Hierarchical, NumberOfClusters = 3 }, CancellationToken.None);

        Assert.True(((AgglomerativeModel)result.Model).IsSampled);
        Assert.Contains(result.Warnings, w => w.Contains("random sample of 300", StringComparison.Ordinal));
        Assert.Equal(Space.Value.Table.Count, result.Labels.Count);
        Assert.Equal(3, result.NumberOfClusters);
    }

    [Fact]
    public void LinkageSweep_Best_IsTheHighestSilhouetteOverAllLinkages()
    {
        using var cache = new ClusteringStructureCache();
        var space = Space.Value;

        var sweep = LinkageSweep.Run(
            (linkage, ct) => cache.Agglomerative(space, linkage, 20_000, 42, ct), space.Features.Matrix, 2, 6, new SilhouetteOptions(), null, CancellationToken.None);

        Assert.Equal(4, sweep.Series.Count);
        var all = sweep.Series.SelectMany(s => s.Silhouettes).Where(double.IsFinite).ToList();
        Assert.Equal(all.Max(), sweep.BestSilhouette);
        var ward = sweep.Series.Single(s => s.Linkage == Linkage.Ward);
        var expected = Silhouette.Compute(space.Features.Matrix, cache.Agglomerative(space, Linkage.Ward, 20_000, 42, CancellationToken.None).WithClusters(3).Labels).Mean;
        Assert.Equal(expected, ward.Silhouettes[1], 12);
    }
}
