using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Pages;

public class SegmentationComparisonTests
{
    [Fact]
    public void Run_SameSettingsTwice_AriOneAndDiagonalCrossTab()
    {
        var (space, service) = Setup();
        var settings = new SegmentationSettings { NumberOfClusters = 3 };
        var a = service.Run(space, settings, CancellationToken.None);
        var b = service.Run(space, settings, CancellationToken.None);

        var comparison = SegmentationComparison.Create(a, b);

        Assert.Equal(1.0, comparison.AdjustedRand, 12);
        for (var r = 0; r < comparison.RowLabels.Count; r++)
        {
            for (var c = 0; c < comparison.ColumnLabels.Count; c++)
            {
                Assert.Equal(r == c ? a.Sizes[r] : 0, comparison.Counts[r][c]);
            }
        }
    }

    [Fact]
    public void Run_DbscanWithTinyEps_NoiseIsItsOwnColumnAndMinusOne()
    {
        var (space, service) = Setup();
        var kmeans = service.Run(space, new SegmentationSettings { NumberOfClusters = 2 }, CancellationToken.None);
        var dbscan = service.Run(space, new SegmentationSettings { Algorithm = SegmentationAlgorithm.Dbscan, Eps = 0.05, MinSamples = 50 }, CancellationToken.None);

        var comparison = SegmentationComparison.Create(kmeans, dbscan);

        Assert.True(dbscan.NoiseCount > 0);
        Assert.Equal(-1, comparison.ColumnLabels[^1]);
        Assert.Equal(dbscan.NoiseCount, comparison.Counts.Sum(r => r[^1]));
        Assert.Equal(dbscan.Labels.Count, dbscan.PointKinds!.Count);
    }

    private static (ClusteringSpace Space, Segmenter Service) Setup()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SegmentIqOptions());
        var dataset = new DefaultDataset(options, SegmentIQ.Tests.Web.WebProject.Directory).GetAsync().GetAwaiter().GetResult().Dataset!;
        var space = ClusteringSpace.Build(dataset.Features, SegmentIQ.Analytics.Features.FeatureSpaceOptions.DefaultFor(dataset.Features), CancellationToken.None);
        return (space, new Segmenter(options.Value.Pipeline));
    }
}
