using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Numerics;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Tests.Classification;

namespace SegmentIQ.Tests.Explain;

public class SegmentFeatureTestsTests
{
    private static (ClusteringSpace Space, SegmentationResult Segmentation) Blobs()
    {
        var (table, space, _) = ClassificationTestData.Blobs(60);
        var built = ClusteringSpace.Build(table, new FeatureSpaceOptions { Features = space.Scalings.Select(s => s.Name).ToArray(), Log1p = space.Scalings.Where(s => s.Log1p).Select(s => s.Name).ToArray() }, CancellationToken.None);
        return (built, new Segmenter().Run(built, new SegmentationSettings { NumberOfClusters = 4 }, CancellationToken.None));
    }

    [Fact]
    public void Fit_OnClusteringData_IsMarkedDescriptive()
    {
        var (space, segmentation) = Blobs();

        var report = new SegmentFeatureTests().Fit(space, segmentation, new Segmenter());

        Assert.False(report.SplitHalf);
        Assert.Equal(SegmentFeatureTests.DescriptiveCaveat, report.Caveat);
        Assert.Equal(240, report.Customers);
        Assert.All(report.Features, f => Assert.True(f.KruskalPHolm < 1e-10, $"{f.Feature}: {f.KruskalPHolm}"));
    }

    [Fact]
    public void Fit_SplitHalf_TestsOnlyTheHeldOutHalf()
    {
        var (space, segmentation) = Blobs();

        var report = new SegmentFeatureTests(new SegmentTestOptions { SplitHalf = true, Seed = 3 }).Fit(space, segmentation, new Segmenter());
        var (heldOut, labels, k) = SegmentFeatureTests.SplitHalfLabels(space, segmentation, new Segmenter(), 3, CancellationToken.None);

        Assert.True(report.SplitHalf);
        Assert.Equal(SegmentFeatureTests.SplitHalfCaveat, report.Caveat);
        Assert.Equal(120, report.Customers);
        Assert.Equal(120, heldOut.Length);
        Assert.Equal(4, k);

        // The blobs are well separated: the held-out customers land in the segment the full data gave them.
        Assert.All(Enumerable.Range(0, heldOut.Length), r => Assert.Equal(segmentation.Labels[heldOut[r]], labels[r]));
        Assert.All(report.Features, f => Assert.True(f.KruskalPHolm < 1e-6, $"{f.Feature}: {f.KruskalPHolm}"));
    }

    [Fact]
    public void ComparePair_SameSegment_SaysChooseTwo()
    {
        var raw = new FeatureMatrix([1, 2, 3, 4], 4, 1, ["x"]);

        var error = Assert.Throws<ArgumentException>(() => SegmentFeatureTests.ComparePair(raw, [0, 0, 1, 1], 2, 1, 1));

        Assert.Contains("two different segments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ConstantFeature_ExplainsInsteadOfThrowing()
    {
        var raw = new FeatureMatrix([1, 5, 2, 5, 3, 5, 4, 5], 4, 2, ["x", "flat"]);

        var report = new SegmentFeatureTests().Fit(raw, [0, 0, 1, 1], 2);

        Assert.NotNull(report.Features[0].Kruskal);
        Assert.Null(report.Features[1].Kruskal);
        Assert.Contains("flat has the same value", report.Features[1].Problem, StringComparison.Ordinal);
        Assert.True(double.IsNaN(report.Features[1].KruskalPHolm));
    }

    [Fact]
    public void CentroidDifferences_ByHand_AreStandardisedMeans()
    {
        // Column 0,2,4,6: mean 3, population SD √5. Segment 1 (label 0) has mean 1 → −2/√5; segment 2 mean 5 → +2/√5.
        var space = new FeatureMatrix([0, 2, 4, 6], 4, 1, ["x"]);

        var differences = CentroidDifferences.Compute(space, [0, 0, 1, 1], 2);

        Assert.Equal(-2 / Math.Sqrt(5), differences[0, 0], 12);
        Assert.Equal(2 / Math.Sqrt(5), differences[1, 0], 12);
        Assert.Equal("x is higher than average (+0.89 SD)", differences.Ranked(1)[0].Sentence());
        Assert.StartsWith("Segment 2 differs most in", differences.Summary(1), StringComparison.Ordinal);
    }
}
