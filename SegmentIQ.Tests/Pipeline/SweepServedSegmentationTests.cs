using SegmentIQ.Tests.Web;

namespace SegmentIQ.Tests.Pipeline;

/// <summary>
/// Once the K-Means sweep over k of a space is cached, a K-Means segmentation at any k of the sweep is assembled from
/// the sweep's point (its model, labels and quality) instead of fitted and scored again: it must equal, value for value,
/// the segmentation a pipeline without the sweep computes.
/// </summary>
public class SweepServedSegmentationTests
{
    private static readonly Lazy<Analytics.Pipeline.LoadedDataset> Sample = new(() => AnalysisPipeline.Load(
        Path.Combine(WebProject.Directory, "Data", "online-retail-sample.csv.gz"), "sample", null, null, null, null, CancellationToken.None).Dataset!);

    [Fact]
    public void AfterTheSweep_EveryK_IsServedFromItsPointAndEqualsAFreshFit()
    {
        var swept = new AnalysisPipeline();
        var space = swept.Space(Sample.Value, null, CancellationToken.None);
        var sweep = swept.KMeansSweep(space, 7, null, CancellationToken.None);
        var fresh = new AnalysisPipeline();
        var freshSpace = fresh.Space(Sample.Value, null, CancellationToken.None);

        Assert.Equal(Enumerable.Range(2, 11), sweep.Points.Select(p => p.NumberOfClusters));
        foreach (var point in sweep.Points)
        {
            var settings = new SegmentationSettings { NumberOfClusters = point.NumberOfClusters, Seed = 7 };
            var served = swept.Segment(space, settings, null, CancellationToken.None);
            var expected = fresh.Segment(freshSpace, settings, null, CancellationToken.None);

            Assert.Same(point.Model, served.Model);
            Assert.True(served.FromKMeansSweep);
            Assert.False(expected.FromKMeansSweep);
            Assert.NotSame(served.Model, expected.Model);
            Assert.Equal(expected.Labels, served.Labels);
            Assert.Equal(expected.NumberOfClusters, served.NumberOfClusters);
            Assert.Equal(expected.Sizes, served.Sizes);
            Assert.Equal(expected.Quality.Silhouette.Mean, served.Quality.Silhouette.Mean);
            Assert.Equal(expected.Quality.Silhouette.Values, served.Quality.Silhouette.Values);
            Assert.Equal(expected.Quality.DaviesBouldin, served.Quality.DaviesBouldin);
            Assert.Equal(expected.Quality.CalinskiHarabasz, served.Quality.CalinskiHarabasz);
            Assert.Equal(expected.Kpis.Segments, served.Kpis.Segments);
            Assert.Equal(expected.Kpis.Overall, served.Kpis.Overall);
            Assert.Equal(expected.Warnings, served.Warnings);
            Assert.Equal(point.Silhouette, served.Quality.Silhouette.Mean);
        }
    }

    [Fact]
    public void ASweepOfAnotherSeedOrAnotherAlgorithm_IsNotUsed()
    {
        var pipeline = new AnalysisPipeline();
        var space = pipeline.Space(Sample.Value, null, CancellationToken.None);
        var sweep = pipeline.KMeansSweep(space, 7, null, CancellationToken.None);
        var four = sweep.Points.Single(p => p.NumberOfClusters == 4);

        var otherSeed = pipeline.Segment(space, new SegmentationSettings { NumberOfClusters = 4, Seed = 8 }, null, CancellationToken.None);
        var mixture = pipeline.Segment(space, new SegmentationSettings { Algorithm = SegmentationAlgorithm.GaussianMixture, NumberOfClusters = 4, Seed = 7 }, null, CancellationToken.None);

        Assert.NotSame(four.Model, otherSeed.Model);
        Assert.NotSame(four.Model, mixture.Model);
    }
}
