using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Tests.Web.Charts;

public class NetworkLayoutTests
{
    private static readonly NetworkEdge[] Edges =
    [
        new(0, 1, 3, "a"), new(1, 2, 2, "b"), new(3, 4, 5, "c"), new(5, 6, 1, "d"), new(6, 7, 1, "e"),
    ];

    [Fact]
    public void Place_SameGraph_IsDeterministicAndInsideTheUnitSquare()
    {
        var (x1, y1) = NetworkLayout.Place(9, Edges);
        var (x2, y2) = NetworkLayout.Place(9, Edges);

        Assert.Equal(x1, x2);
        Assert.Equal(y1, y2);
        Assert.All(x1.Concat(y1), v => Assert.InRange(v, -1, 1));
        Assert.Equal(-1, x1.Min(), 12);
        Assert.Equal(1, x1.Max(), 12);
    }

    [Fact]
    public void Place_LinkedNodes_EndCloserThanTheAverageUnlinkedPair()
    {
        var (x, y) = NetworkLayout.Place(9, Edges);
        double Distance(int a, int b) => Math.Sqrt(Math.Pow(x[a] - x[b], 2) + Math.Pow(y[a] - y[b], 2));

        var linked = Edges.Average(e => Distance(e.From, e.To));
        var pairs = new List<double>();
        for (var a = 0; a < 9; a++)
        {
            for (var b = a + 1; b < 9; b++)
            {
                if (!Edges.Any(e => (e.From == a && e.To == b) || (e.From == b && e.To == a)))
                {
                    pairs.Add(Distance(a, b));
                }
            }
        }

        Assert.True(linked < pairs.Average(), $"linked {linked:F3} vs unlinked {pairs.Average():F3}");
    }
}

public class NetworkLabelsTests
{
    [Fact]
    public void Place_NodesFarApart_LabelsEveryNode()
    {
        double[] x = [-0.8, 0.8, -0.8, 0.8];
        double[] y = [-0.8, -0.8, 0.8, 0.8];

        var placed = NetworkLabels.Place(x, y, ["JUMBO BAG RED", "PARTY BUNTING", "LUNCH BAG", "SPOTTY BUNTING"], [12, 12, 12, 12], 460);

        Assert.All(placed, p => Assert.NotNull(p));
    }

    [Fact]
    public void Place_NodesOnOneSpot_NeverPutsTwoLabelsInOnePlace()
    {
        // The rules network's worst case: a dozen linked products pulled onto one spot (the 'LUNCH BAG …' cluster).
        var x = Enumerable.Repeat(0.1, 12).ToArray();
        var y = Enumerable.Repeat(-0.2, 12).ToArray();
        var labels = Enumerable.Range(0, 12).Select(i => $"LUNCH BAG DESIGN NO {i}").ToArray();

        var placed = NetworkLabels.Place(x, y, labels, Enumerable.Repeat(14.0, 12).ToArray(), 460);

        var shown = placed.Where(p => p is not null).ToList();
        Assert.NotEmpty(shown);
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.True(shown.Count <= 4, $"{shown.Count} labels around one spot");
    }
}
