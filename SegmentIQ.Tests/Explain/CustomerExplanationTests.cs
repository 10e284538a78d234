using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Tests.Explain;

public sealed class CustomerExplanationTests
{
    // Segment 1 (label 0): (0, 0), (2, 0), centre (1, 0). Segment 2 (label 1): (10, 0), (10, 2), centre (10, 1).
    private static readonly double[][] Points = [[0, 0], [2, 0], [10, 0], [10, 2]];
    private static readonly int[] Labels = [0, 0, 1, 1];

    private static (FeatureMatrix Space, CustomerFeatureTable Table) Data(double[][] points)
    {
        var space = FeatureMatrix.FromRows(points, ["a", "b"]);
        var table = new CustomerFeatureTable(
            [.. Enumerable.Range(1, points.Length).Select(i => $"c{i}")],
            [new FeatureColumn("a", [.. points.Select(p => 100 + p[0])], false), new FeatureColumn("b", [.. points.Select(p => p[1] * 2)], false)],
            hasRfm: false);
        return (space, table);
    }

    [Fact]
    public void Explain_HandBuiltCustomer_HoldsSumToTheMarginAndTheBigHoldMovesThem()
    {
        var (space, table) = Data(Points);

        var explanation = CustomerExplanation.Explain(space, table, Labels, 2, row: 1);

        Assert.Equal("c2", explanation.CustomerId);
        Assert.Equal(0, explanation.Segment);
        Assert.Equal(1, explanation.Nearest);
        Assert.Equal(1, explanation.Distance, 12);
        Assert.Equal(Math.Sqrt(65), explanation.NearestDistance, 12);

        // Holds by hand: a: (2 − 10)² − (2 − 1)² = 63; b: (0 − 1)² − (0 − 0)² = 1; together d²(other) − d²(own) = 64.
        var a = explanation.Features.Single(f => f.Feature == "a");
        var b = explanation.Features.Single(f => f.Feature == "b");
        Assert.Equal(63, a.Hold, 12);
        Assert.Equal(1, b.Hold, 12);
        Assert.Equal("a", explanation.Features[0].Feature);
        Assert.Equal(explanation.NearestDistance * explanation.NearestDistance - (explanation.Distance * explanation.Distance), a.Hold + b.Hold, 9);

        // Raw values and segment means are in the table's own units.
        Assert.Equal(102, a.Value);
        Assert.Equal(101, a.SegmentMean, 12);
        Assert.Equal(110, a.NearestMean, 12);
        Assert.Equal(2, b.NearestMean, 12);

        // Moving a alone to segment 2's centre: own distance² 81 + 0, other 0 + 1 → nearer segment 2.
        Assert.Equal(["a"], explanation.WouldMove);
        Assert.Null(explanation.Caveat);
    }

    [Fact]
    public void Explain_CustomerNearerAnotherCentre_SaysSoInsteadOfMoving()
    {
        // Customer 2 is labelled segment 1 but sits at (9, 0), nearer segment 2's centre (as hierarchical or DBSCAN may do).
        var (space, table) = Data([[0, 0], [9, 0], [10, 0], [10, 2]]);

        var explanation = CustomerExplanation.Explain(space, table, Labels, 2, row: 1);

        Assert.Empty(explanation.WouldMove);
        Assert.Contains("nearer the centre of Segment 2", explanation.Caveat, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NoiseCustomer_ComparesWithTheNearestSegmentOnly()
    {
        var (space, table) = Data(Points);

        var explanation = CustomerExplanation.Explain(space, table, [0, -1, 1, 1], 2, row: 1);

        Assert.Equal(-1, explanation.Segment);
        Assert.Equal(0, explanation.Nearest);
        Assert.True(double.IsNaN(explanation.Distance));
        Assert.Empty(explanation.WouldMove);
        Assert.All(explanation.Features, f => Assert.True(double.IsNaN(f.Hold)));
    }

    [Fact]
    public void Explain_OneSegment_SaysThereIsNothingToCompare()
    {
        var (space, table) = Data(Points);

        var error = Assert.Throws<ArgumentException>(() => CustomerExplanation.Explain(space, table, [0, 0, 0, 0], 1, row: 0));

        Assert.Contains("fewer than two", error.Message, StringComparison.Ordinal);
    }
}
