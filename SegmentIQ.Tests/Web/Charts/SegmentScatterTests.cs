using System.Text.Json;
using Bunit;
using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Tests.Web.Charts;

/// <summary>The segment scatter recolours in place: a new segmentation of the same points never re-sends coordinates.</summary>
public class SegmentScatterTests : SegmentIqBunitContext
{
    private static readonly SegmentScatterPoints Points = new([0.5, -1.25, 2.0, 3.5], [1.0, 0.25, -0.75, 2.5], ["Customer 1", "Customer 2", "Customer 3", "Customer 4"], "PC1", "PC2");

    private static SegmentColouring Colouring(params int[] labels)
    {
        var segments = Enumerable.Range(0, labels.Max() + 1).ToArray();
        return new SegmentColouring(
            labels,
            segments.Select(ChartStyle.SegmentColor).ToArray(),
            segments.Select(s => $"Segment {s + 1}").ToArray(),
            segments.Select(s => new SegmentLegendEntry($"Segment {s + 1}", ChartStyle.SegmentColor(s))).ToArray(),
            "Noise",
            ChartStyle.NoiseColor);
    }

    [Fact]
    public void NewColouring_SamePoints_RecoloursWithoutResendingCoordinates()
    {
        var first = Colouring(0, 0, 1, 1);
        var cut = Render<SegmentScatter>(p => p.Add(c => c.Id, "scatter").Add(c => c.Points, Points).Add(c => c.Colouring, first).Add(c => c.Marker, "k=2;"));
        var draw = Assert.Single(JSInterop.Invocations["siqCharts.draw"]);
        var trace = Assert.IsType<JsonElement[]>(draw.Arguments[1])[0];
        Assert.Equal(Points.X, trace.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(Points.Y, trace.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Same(first, draw.Arguments[5]);

        var second = Colouring(2, 1, 0, 1);
        cut.Render(p => p.Add(c => c.Points, Points).Add(c => c.Colouring, second).Add(c => c.Marker, "k=3;"));

        // Still one draw (the coordinates as first sent); the new segmentation went as a recolour carrying labels only.
        Assert.Single(JSInterop.Invocations["siqCharts.draw"]);
        var recolour = Assert.Single(JSInterop.Invocations["siqCharts.recolor"]);
        Assert.Equal("scatter", recolour.Arguments[0]);
        var colouring = Assert.IsType<SegmentColouring>(recolour.Arguments[1]);
        Assert.Equal([2, 1, 0, 1], colouring.Labels);
        Assert.Equal("k=3;", recolour.Arguments[2]);
        Assert.DoesNotContain(recolour.Arguments, a => a is JsonElement[] or SegmentScatterPoints);
    }

    [Fact]
    public void NewPoints_RedrawsTheFigure()
    {
        var cut = Render<SegmentScatter>(p => p.Add(c => c.Id, "scatter").Add(c => c.Points, Points).Add(c => c.Colouring, Colouring(0, 1, 0, 1)));
        var moved = Points with { X = [9.0, 8.0, 7.0, 6.0] };

        cut.Render(p => p.Add(c => c.Points, moved).Add(c => c.Colouring, Colouring(0, 1, 0, 1)));

        Assert.Equal(2, JSInterop.Invocations["siqCharts.draw"].Count);
        var trace = Assert.IsType<JsonElement[]>(JSInterop.Invocations["siqCharts.draw"][1].Arguments[1])[0];
        Assert.Equal(moved.X, trace.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Empty(JSInterop.Invocations["siqCharts.recolor"]);
    }
}
