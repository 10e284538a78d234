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

    [Fact]
    public void Create_RelabelledCopy_IsAlignedBackOntoTheDiagonal()
    {
        var (space, service) = Setup();
        var a = service.Run(space, new SegmentationSettings { NumberOfClusters = 4 }, CancellationToken.None);
        var shifted = a with { Labels = a.Labels.Select(l => (l + 1) % 4).ToArray() };

        var comparison = SegmentationComparison.Create(a, shifted);

        Assert.Equal([0, 1, 2, 3], comparison.AlignedColumnLabels);
        Assert.Equal([1, 2, 3, 0], comparison.ColumnLabels);
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(a.Sizes[r], comparison.Counts[r][r]);
            Assert.Equal(a.Sizes[r], comparison.Counts[r].Sum());
        }
    }

    [Fact]
    public void Create_MoreSegmentsOnTheOtherSide_MatchesMaximiseSharedCustomersAndExtrasComeAfter()
    {
        var (space, service) = Setup();
        var a = service.Run(space, new SegmentationSettings { NumberOfClusters = 3 }, CancellationToken.None);
        var b = service.Run(space, new SegmentationSettings { NumberOfClusters = 5 }, CancellationToken.None);

        var comparison = SegmentationComparison.Create(a, b);

        Assert.Equal([0, 1, 2, 3, 4], comparison.AlignedColumnLabels);
        Assert.Equal(Enumerable.Range(0, 5), comparison.ColumnLabels.Order());
        var diagonal = Enumerable.Range(0, 3).Sum(r => comparison.Counts[r][r]);
        // No other choice of three distinct columns for the three rows shares more customers.
        var best = 0;
        for (var x = 0; x < 5; x++)
        {
            for (var y = 0; y < 5; y++)
            {
                for (var z = 0; z < 5; z++)
                {
                    if (x != y && y != z && x != z)
                    {
                        best = Math.Max(best, comparison.Counts[0][x] + comparison.Counts[1][y] + comparison.Counts[2][z]);
                    }
                }
            }
        }

        Assert.Equal(best, diagonal);
    }

    private static (ClusteringSpace Space, Segmenter Service) Setup()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SegmentIqOptions());
        var dataset = new DefaultDataset(options, SegmentIQ.Tests.Web.WebProject.Directory).GetAsync().GetAwaiter().GetResult().Dataset!;
        var space = ClusteringSpace.Build(dataset.Features, SegmentIQ.Analytics.Features.FeatureSpaceOptions.DefaultFor(dataset.Features), CancellationToken.None);
        return (space, new Segmenter(options.Value.Pipeline));
    }
}
