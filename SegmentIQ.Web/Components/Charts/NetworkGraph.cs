using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>A node of a <see cref="NetworkGraph"/>: a product; <paramref name="Size"/> is its relative weight (e.g. basket count).</summary>
public sealed record NetworkNode(string Label, string HoverText, double Size);

/// <summary>A directed edge (a rule) between nodes <paramref name="From"/> and <paramref name="To"/>; width grows with <paramref name="Weight"/> (lift).</summary>
public sealed record NetworkEdge(int From, int To, double Weight, string HoverText);

/// <summary>Data of a network graph: nodes are placed by <see cref="NetworkLayout"/>, edges drawn as lines.</summary>
public sealed record NetworkData(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges, string WeightName);

/// <summary>
/// Products linked by their strongest rules: a circle layout relaxed by a few force-directed steps computed here (so
/// the layout is deterministic and nothing depends on a JS graph library); each edge is a Plotly line whose width is
/// proportional to its weight, with a hover marker at its middle.
/// </summary>
public sealed class NetworkGraph : ChartComponentBase<NetworkData>
{
    private const double MinWidth = 1;
    private const double MaxWidth = 8;

    /// <inheritdoc />
    protected override ChartFigure Build(NetworkData data)
    {
        var (x, y) = NetworkLayout.Place(data.Nodes.Count, data.Edges);
        var traces = new List<ITrace>();
        var maxWeight = data.Edges.Count == 0 ? 1 : data.Edges.Max(e => e.Weight);
        var minWeight = data.Edges.Count == 0 ? 0 : data.Edges.Min(e => e.Weight);
        var midX = new List<object>();
        var midY = new List<object>();
        var midHover = new List<string>();
        foreach (var edge in data.Edges)
        {
            var t = maxWeight > minWeight ? (edge.Weight - minWeight) / (maxWeight - minWeight) : 0.5;
            traces.Add(new Scatter
            {
                X = [x[edge.From], x[edge.To]],
                Y = [y[edge.From], y[edge.To]],
                Mode = ModeFlag.Lines,
                Line = new Line { Width = (decimal)(MinWidth + (t * (MaxWidth - MinWidth))), Color = "rgba(21,101,192,0.45)" },
                HoverInfo = HoverInfoFlag.Skip,
                ShowLegend = false,
            });
            midX.Add((x[edge.From] * 0.4) + (x[edge.To] * 0.6));
            midY.Add((y[edge.From] * 0.4) + (y[edge.To] * 0.6));
            midHover.Add(ChartStyle.HoverText(edge.HoverText));
        }

        // Invisible markers along the edges carry the rule's hover text (Plotly lines have no hover of their own).
        traces.Add(new Scatter
        {
            X = midX,
            Y = midY,
            Mode = ModeFlag.Markers,
            Marker = new Marker { Size = 10, Color = "rgba(21,101,192,0.15)" },
            HoverTextArray = midHover,
            HoverInfo = HoverInfoFlag.Text,
            Name = ChartStyle.Text("Rules (" + data.WeightName + ")"),
            ShowLegend = false,
        });

        var maxSize = data.Nodes.Count == 0 ? 1 : data.Nodes.Max(n => n.Size);
        var markerSizes = data.Nodes.Select(n => 10 + (18 * Math.Sqrt(n.Size / maxSize))).ToArray();
        var labels = data.Nodes.Select(n => Shorten(n.Label)).ToArray();
        var placed = NetworkLabels.Place(x, y, labels, markerSizes, Height);
        traces.Add(new Scatter
        {
            X = x.Cast<object>().ToList(),
            Y = y.Cast<object>().ToList(),
            Mode = ModeFlag.Markers | ModeFlag.Text,
            Text = null,
            // Each label where it collides with no other label or node; a label with no free place is left to the hover.
            TextArray = placed.Select((position, i) => position is null ? "" : ChartStyle.Text(labels[i])).ToList(),
            TextPositionArray = placed.Select(position => (TextPositionEnum?)(position ?? TextPositionEnum.TopCenter)).ToList(),
            TextFont = new TextFont { Size = 10, Color = "#37474f" },
            HoverTextArray = data.Nodes.Select(n => ChartStyle.HoverText(n.HoverText)).ToList(),
            HoverInfo = HoverInfoFlag.Text,
            Marker = new Marker
            {
                SizeArray = markerSizes.Select(size => (decimal?)size).ToList(),
                Color = "#ff7043",
                Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "#ffffff", Width = 1.5m },
            },
            ShowLegend = false,
        });

        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.ShowLegend = false;
        layout.XAxis = [new Plotly.Blazor.LayoutLib.XAxis { Visible = false, Range = [-NetworkLabels.RangeX, NetworkLabels.RangeX] }];
        layout.YAxis = [new Plotly.Blazor.LayoutLib.YAxis { Visible = false, Range = [-NetworkLabels.RangeYBelow, NetworkLabels.RangeYAbove] }];
        return new ChartFigure(traces, layout);
    }

    private static string Shorten(string label) => label.Length <= 22 ? label : label[..21] + "…";
}

/// <summary>
/// Label placement for <see cref="NetworkGraph"/>: each node's label goes above, below, right or left of it, the first
/// of these where its estimated box (10 px font) overlaps no label already placed, no other node and stays inside the
/// plot; larger nodes choose first. A label with no free place is not drawn (its node keeps the hover text), so labels
/// never print over each other.
/// </summary>
public static class NetworkLabels
{
    /// <summary>Half the x range the graph shows (nodes are placed in [-1, 1]).</summary>
    public const double RangeX = 1.35;

    /// <summary>How far below -1 the y range reaches.</summary>
    public const double RangeYBelow = 1.25;

    /// <summary>How far above 1 the y range reaches.</summary>
    public const double RangeYAbove = 1.3;

    // Estimated glyph box of the 10 px label font (upper-case product names are wide) and the chart's plot margins.
    private const double CharWidthPx = 6.4;
    private const double LineHeightPx = 13;
    private const double GapPx = 2;
    private const double MarginXPx = 40;
    private const double MarginYPx = 90;

    private static readonly TextPositionEnum[] Candidates =
        [TextPositionEnum.TopCenter, TextPositionEnum.BottomCenter, TextPositionEnum.MiddleRight, TextPositionEnum.MiddleLeft];

    /// <summary>
    /// The text position of each label, or null when it has no free place. <paramref name="markerSizes"/> are marker
    /// diameters in pixels; the plot is taken as square, <paramref name="heightPx"/> high (the page's charts are at least
    /// as wide as high, so the estimate errs on the side of more space between labels).
    /// </summary>
    public static TextPositionEnum?[] Place(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<string> labels, IReadOnlyList<double> markerSizes, int heightPx)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(markerSizes);
        var n = labels.Count;
        var plotX = Math.Max(100, heightPx - MarginXPx);
        var plotY = Math.Max(100, heightPx - MarginYPx);
        double Px(double v) => (v + RangeX) / (2 * RangeX) * plotX;
        double Py(double v) => (RangeYAbove - v) / (RangeYAbove + RangeYBelow) * plotY; // screen y grows downwards

        var nodes = new Box[n];
        for (var i = 0; i < n; i++)
        {
            var r = markerSizes[i] / 2;
            nodes[i] = new Box(Px(x[i]) - r, Py(y[i]) - r, Px(x[i]) + r, Py(y[i]) + r);
        }

        var placed = new List<Box>();
        var result = new TextPositionEnum?[n];
        foreach (var i in Enumerable.Range(0, n).OrderByDescending(i => markerSizes[i]).ThenBy(i => i))
        {
            if (string.IsNullOrEmpty(labels[i]))
            {
                continue;
            }

            var w = labels[i].Length * CharWidthPx;
            var (cx, cy, r) = (Px(x[i]), Py(y[i]), markerSizes[i] / 2);
            foreach (var candidate in Candidates)
            {
                var box = candidate switch
                {
                    TextPositionEnum.TopCenter => new Box(cx - (w / 2), cy - r - GapPx - LineHeightPx, cx + (w / 2), cy - r - GapPx),
                    TextPositionEnum.BottomCenter => new Box(cx - (w / 2), cy + r + GapPx, cx + (w / 2), cy + r + GapPx + LineHeightPx),
                    TextPositionEnum.MiddleRight => new Box(cx + r + GapPx, cy - (LineHeightPx / 2), cx + r + GapPx + w, cy + (LineHeightPx / 2)),
                    _ => new Box(cx - r - GapPx - w, cy - (LineHeightPx / 2), cx - r - GapPx, cy + (LineHeightPx / 2)),
                };
                var inside = box.Left >= 0 && box.Right <= plotX && box.Top >= 0 && box.Bottom <= plotY;
                if (inside && !placed.Any(box.Overlaps) && !nodes.Where((_, j) => j != i).Any(box.Overlaps))
                {
                    placed.Add(box);
                    result[i] = candidate;
                    break;
                }
            }
        }

        return result;
    }

    private readonly record struct Box(double Left, double Top, double Right, double Bottom)
    {
        public bool Overlaps(Box other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
    }
}

/// <summary>Node placement for <see cref="NetworkGraph"/>.</summary>
public static class NetworkLayout
{
    private const int Iterations = 150;
    private const double Gravity = 0.6;

    /// <summary>
    /// Starts from a circle and runs a small Fruchterman–Reingold relaxation (repulsion between all nodes, attraction
    /// along edges), then rescales into [-1, 1]². Deterministic: same graph, same picture.
    /// </summary>
    public static (double[] X, double[] Y) Place(int nodeCount, IReadOnlyList<NetworkEdge> edges)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentNullException.ThrowIfNull(edges);
        var x = new double[nodeCount];
        var y = new double[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            var angle = 2 * Math.PI * i / Math.Max(1, nodeCount);
            x[i] = Math.Cos(angle);
            y[i] = Math.Sin(angle);
        }

        if (nodeCount < 3)
        {
            return (x, y);
        }

        var k = 1.2 * Math.Sqrt(4.0 / nodeCount);
        var dx = new double[nodeCount];
        var dy = new double[nodeCount];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(dx);
            Array.Clear(dy);
            for (var i = 0; i < nodeCount; i++)
            {
                for (var j = i + 1; j < nodeCount; j++)
                {
                    var ex = x[i] - x[j];
                    var ey = y[i] - y[j];
                    var d2 = Math.Max((ex * ex) + (ey * ey), 1e-6);
                    var f = k * k / d2;
                    dx[i] += ex * f;
                    dy[i] += ey * f;
                    dx[j] -= ex * f;
                    dy[j] -= ey * f;
                }
            }

            foreach (var e in edges)
            {
                if (e.From == e.To)
                {
                    continue;
                }

                var ex = x[e.From] - x[e.To];
                var ey = y[e.From] - y[e.To];
                var d = Math.Sqrt((ex * ex) + (ey * ey));
                var f = d / k;
                dx[e.From] -= ex * f;
                dy[e.From] -= ey * f;
                dx[e.To] += ex * f;
                dy[e.To] += ey * f;
            }

            // Gravity towards the centre keeps disconnected pairs from drifting to the rim (rules graphs are often
            // many small components).
            for (var i = 0; i < nodeCount; i++)
            {
                dx[i] -= Gravity * x[i];
                dy[i] -= Gravity * y[i];
            }

            // Cooling: the largest step shrinks linearly so the layout settles.
            var temperature = 0.1 * (1 - ((double)iteration / Iterations));
            for (var i = 0; i < nodeCount; i++)
            {
                var len = Math.Sqrt((dx[i] * dx[i]) + (dy[i] * dy[i]));
                if (len > 0)
                {
                    var step = Math.Min(len, temperature) / len;
                    x[i] += dx[i] * step;
                    y[i] += dy[i] * step;
                }
            }
        }

        Normalize(x);
        Normalize(y);
        return (x, y);
    }

    private static void Normalize(double[] v)
    {
        var min = v.Min();
        var max = v.Max();
        var range = max - min;
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = range > 1e-12 ? (2 * (v[i] - min) / range) - 1 : 0;
        }
    }
}
