using System.Globalization;
using System.Text.Json;
using Bunit;
using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Tests.Web.Charts;

public class HeatmapTests : BunitContext
{
    public HeatmapTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void OneSidedValues_HighestValueGetsTheStrongestColour()
    {
        var data = new HeatmapData(["cohort 1", "cohort 2"], ["0", "1"], [1.0, 0.2, 1.0, 0.6], Symmetric: false);

        var trace = DrawnTrace(data);

        // The colour Plotly gives the highest value is the last stop, or the first when the scale is reversed.
        var stops = trace.GetProperty("colorscale").EnumerateArray().Select(s => s[1].GetString()!).ToList();
        var reversed = trace.TryGetProperty("reversescale", out var reverse) && reverse.GetBoolean();
        var high = reversed ? stops[0] : stops[^1];
        var low = reversed ? stops[^1] : stops[0];
        Assert.True(Luminance(high) < Luminance(low) / 4, $"high {high} should be much darker than low {low}");
    }

    [Fact]
    public void SignedValues_KeepTheDivergingScaleCentredOnZero()
    {
        var trace = DrawnTrace(new HeatmapData(["a"], ["x", "y"], [-0.5, 2.0]));

        Assert.Equal("RdBu", trace.GetProperty("colorscale").GetString());
        Assert.Equal(0, trace.GetProperty("zmid").GetDouble());
        Assert.Equal(2.0, trace.GetProperty("zmax").GetDouble());
    }

    private JsonElement DrawnTrace(HeatmapData data)
    {
        Render<Heatmap>(p => p.Add(c => c.Id, "heat").Add(c => c.Data, data));
        var draw = JSInterop.Invocations.Single(i => i.Identifier == "siqCharts.draw");
        var traces = (JsonElement[])draw.Arguments[1]!;
        return traces[0];
    }

    private static double Luminance(string hex)
    {
        double Channel(int at) => int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }
}
