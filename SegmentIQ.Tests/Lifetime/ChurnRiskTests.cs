using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Tests.Lifetime;

public sealed class ChurnRiskTests
{
    [Fact]
    public void BySegment_SumsPerSegmentAndCountsAtRisk()
    {
        var summary = RfmSummary.FromColumns(["a", "b", "c", "d", "e"], [1, 2, 0, 3, 1], [1, 2, 0, 3, 1], [5, 5, 5, 5, 5]);
        var table = new CustomerLifetimeTable(
            summary,
            ClvOptions.Default,
            ProbabilityAlive: [0.9, 0.2, 1, 0.4, 0.8],
            ExpectedPurchases: [1, 2, 3, 4, 5],
            ExpectedSpend: [10, 10, 20, 5, 1],
            Clv: [9, 18, 55, 19, 4]);

        // "e" is not in the segmentation; "d" is noise.
        var segments = ChurnRisk.BySegment(table, ["d", "c", "b", "a"], [-1, 1, 0, 0], personas: null, threshold: 0.5);

        Assert.Equal(["Segment 1", "Segment 2", "Noise"], segments.Select(s => s.Name));
        var first = segments[0];
        Assert.Equal(2, first.Customers);
        Assert.Equal(3, first.ExpectedPurchases);
        Assert.Equal(30, first.ExpectedRevenue);
        Assert.Equal(27, first.ClvTotal);
        Assert.Equal(13.5, first.ClvMean);
        Assert.Equal(0.55, first.MeanProbabilityAlive, 12);
        Assert.Equal(1, first.AtRisk);
        Assert.Equal(1, segments[2].AtRisk);
        Assert.Equal(0, segments[1].AtRisk);
    }
}
