using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterGlLib;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>One coloured group of points in a scatter chart.</summary>
public sealed record ScatterSeries(
    string Name,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    string Color,
    IReadOnlyList<string>? HoverText = null,
    IReadOnlyList<double>? Opacity = null,
    double MarkerSize = 6);

/// <summary>Data of a 2D scatter: groups of points plus axis titles; optional arrows (biplot loadings).</summary>
public sealed record ScatterData(
    IReadOnlyList<ScatterSeries> Series,
    string XTitle,
    string YTitle,
    IReadOnlyList<ScatterArrow>? Arrows = null);

/// <summary>An arrow from the origin (e.g. a feature loading in a biplot).</summary>
public sealed record ScatterArrow(string Label, double X, double Y);

/// <summary>A 2D scatter of groups of points; switches to WebGL above <see cref="ChartStyle.WebGlThreshold"/> points.</summary>
public sealed class ScatterPlot : ChartComponentBase<ScatterData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(ScatterData data)
    {
        var total = data.Series.Sum(s => s.X.Count);
        var webGl = total > ChartStyle.WebGlThreshold;
        var traces = new List<ITrace>();
        foreach (var series in data.Series)
        {
            var marker = new Plotly.Blazor.Traces.ScatterGlLib.Marker
            {
                Color = series.Color,
                Size = (decimal)series.MarkerSize,
                OpacityArray = series.Opacity?.Select(o => (decimal?)o).ToList(),
                Opacity = series.Opacity is null ? 0.75m : null,
            };
            var x = series.X.Cast<object>().ToList();
            var y = series.Y.Cast<object>().ToList();
            var hover = series.HoverText?.Select(ChartStyle.HoverText).ToList();
            var name = ChartStyle.Text(series.Name);
            if (webGl)
            {
                traces.Add(new ScatterGl { X = x, Y = y, Mode = ModeFlag.Markers, Name = name, Marker = marker, HoverTextArray = hover, HoverInfo = HoverInfoFlag.Text | HoverInfoFlag.Name });
            }
            else
            {
                traces.Add(new Scatter
                {
                    X = x,
                    Y = y,
                    Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                    Name = name,
                    HoverTextArray = hover,
                    HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Text | Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Name,
                    Marker = new Plotly.Blazor.Traces.ScatterLib.Marker
                    {
                        Color = series.Color,
                        Size = (decimal)series.MarkerSize,
                        OpacityArray = marker.OpacityArray,
                        Opacity = marker.Opacity,
                    },
                });
            }
        }

        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.XAxis = [ChartStyle.XAxis(data.XTitle)];
        layout.YAxis = [ChartStyle.YAxis(data.YTitle)];
        if (data.Arrows is { Count: > 0 })
        {
            // An annotation's text sits at the arrow's tail (here the origin, where all labels would pile up), so
            // each arrow is drawn without text and its label is a second, arrowless annotation just past the head.
            var arrows = data.Arrows.Select(a => new Plotly.Blazor.LayoutLib.Annotation
            {
                X = a.X, Y = a.Y, Ax = 0, Ay = 0, AXref = "x", AyRef = "y", XRef = "x", YRef = "y",
                ShowArrow = true, Arrowhead = 2, ArrowWidth = 1.5m, ArrowColor = "#333", Text = " ",
            });
            var (spanX, spanY) = Spans(data);
            var labels = ArrowLabels.Group(data.Arrows, spanX, spanY).Select(g => new Plotly.Blazor.LayoutLib.Annotation
            {
                X = g.X * 1.08, Y = g.Y * 1.08, XRef = "x", YRef = "y", ShowArrow = false,
                Text = string.Join("<br>", g.Labels.Select(ChartStyle.Text)),
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Size = 11, Color = "#222" },
                BgColor = "rgba(255,255,255,0.7)",
            });
            layout.Annotations = [.. arrows, .. labels];

            // Long segment names in a side legend squeezed the biplot to a sliver in its narrow column.
            layout.Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.3m, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Top }];
        }

        return new ChartFigure(traces, layout);
    }

    // The x and y extent of everything drawn (points and arrow heads), to judge label distances on the chart's scale.
    private static (double X, double Y) Spans(ScatterData data)
    {
        var xs = data.Series.SelectMany(s => s.X).Concat(data.Arrows!.Select(a => a.X)).Append(0).ToList();
        var ys = data.Series.SelectMany(s => s.Y).Concat(data.Arrows!.Select(a => a.Y)).Append(0).ToList();
        return (xs.Max() - xs.Min(), ys.Max() - ys.Min());
    }
}

/// <summary>
/// Biplot arrow labels that would print over each other: heads closer than <see cref="Closeness"/> of the chart's
/// span on both axes share one label, their names stacked, at their mean head position.
/// </summary>
public static class ArrowLabels
{
    /// <summary>The share of each axis's span under which two arrow heads count as one place.</summary>
    public const double Closeness = 0.08;

    /// <summary>Labels grouped by place, in the order of their first arrow.</summary>
    public static IReadOnlyList<(IReadOnlyList<string> Labels, double X, double Y)> Group(IReadOnlyList<ScatterArrow> arrows, double spanX, double spanY)
    {
        ArgumentNullException.ThrowIfNull(arrows);
        var groups = new List<List<ScatterArrow>>();
        foreach (var arrow in arrows)
        {
            var near = groups.FirstOrDefault(g => g.Any(o =>
                Math.Abs(o.X - arrow.X) < Closeness * Math.Max(spanX, 1e-12) && Math.Abs(o.Y - arrow.Y) < Closeness * Math.Max(spanY, 1e-12)));
            if (near is null)
            {
                groups.Add([arrow]);
            }
            else
            {
                near.Add(arrow);
            }
        }

        return groups.Select(g => ((IReadOnlyList<string>)g.Select(a => a.Label).ToList(), g.Average(a => a.X), g.Average(a => a.Y))).ToList();
    }
}
