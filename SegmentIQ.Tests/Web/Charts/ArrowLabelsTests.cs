using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Tests.Web.Charts;

public class ArrowLabelsTests
{
    [Fact]
    public void Group_HeadsOnOneSpot_ShareOneLabelWithEveryName()
    {
        // The sample's biplot: Frequency, Monetary and UniqueProducts point the same way; Recency elsewhere.
        ScatterArrow[] arrows = [new("Recency", -0.4, 4.2), new("Frequency", 0.31, 1.52), new("Monetary", 0.3, 1.6), new("UniqueProducts", 0.33, 1.45)];

        var groups = ArrowLabels.Group(arrows, spanX: 20, spanY: 7);

        Assert.Equal(2, groups.Count);
        Assert.Equal(["Recency"], groups[0].Labels);
        Assert.Equal(["Frequency", "Monetary", "UniqueProducts"], groups[1].Labels);
        Assert.Equal((0.31 + 0.3 + 0.33) / 3, groups[1].X, 12);
    }

    [Fact]
    public void Group_HeadsApart_KeepOneLabelEach()
    {
        ScatterArrow[] arrows = [new("A", 1, 0), new("B", 0, 1), new("C", -1, 0)];

        Assert.Equal(3, ArrowLabels.Group(arrows, 2, 2).Count);
    }
}
