using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>
/// Data of a dendrogram chart: the top of the merge tree (from <see cref="MergeTree.ToDendrogram"/>), the segment each
/// leaf belongs to at the current cut (canonical label, for colour) and the cut height.
/// </summary>
public sealed record DendrogramData(Analytics.Clustering.Agglomerative.Dendrogram Tree, IReadOnlyList<int> LeafSegments, double CutHeight, string HeightTitle = "Merge height");

/// <summary>
/// A dendrogram: every merge drawn as a "⊓" line trace, coloured by segment below the cut and grey above it, leaves as
/// markers sized by customers, and the cut as a horizontal line (layout shape 0) that follows the k slider.
/// </summary>
public sealed class DendrogramChart : ChartComponentBase<DendrogramData>
{
    private const string AboveCutColor = "#616161";

    /// <inheritdoc />
    protected override ChartFigure Build(DendrogramData data)
    {
        var tree = data.Tree;
        var traces = new List<ITrace>();
        foreach (var link in tree.Links)
        {
            var color = link.Height <= data.CutHeight ? ChartStyle.SegmentColor(SegmentUnder(data, link)) : AboveCutColor;
            traces.Add(new Scatter
            {
                X = [link.LeftX, link.LeftX, link.RightX, link.RightX],
                Y = [link.LeftHeight, link.Height, link.Height, link.RightHeight],
                Mode = ModeFlag.Lines,
                Line = new Line { Color = color, Width = 2 },
                ShowLegend = false,
                HoverInfo = HoverInfoFlag.Text,
                HoverText = $"Merge at height {link.Height:0.###}<br>{link.Size:N0} customers",
            });
        }

        var leafSizes = tree.Leaves.Select(l => l.Size).DefaultIfEmpty(1).ToArray();
        var largest = Math.Max(1, leafSizes.Max());
        traces.Add(new Scatter
        {
            X = tree.Leaves.Select(l => (object)l.X).ToList(),
            Y = tree.Leaves.Select(_ => (object)0.0).ToList(),
            Mode = ModeFlag.Markers,
            ShowLegend = false,
            Marker = new Marker
            {
                ColorArray = tree.Leaves.Select((_, i) => (object)ChartStyle.SegmentColor(i < data.LeafSegments.Count ? data.LeafSegments[i] : -1)).ToList(),
                SizeArray = tree.Leaves.Select(l => (decimal?)(5 + (9 * Math.Sqrt((double)l.Size / largest)))).ToList(),
            },
            HoverInfo = HoverInfoFlag.Text,
            HoverTextArray = tree.Leaves.Select((l, i) => $"{(i < data.LeafSegments.Count && data.LeafSegments[i] >= 0 ? SegmentNames.Label(data.LeafSegments[i]) : "Leaf")}<br>{l.Size:N0} customers").ToList(),
        });

        var layout = ChartStyle.BaseLayout(Title, Height);
        var x = ChartStyle.XAxis(tree.Leaves.Count > 1 ? $"{tree.Leaves.Count} top clusters (marker size = customers)" : null);
        x.ShowTickLabels = false;
        x.ZeroLine = false;
        x.ShowGrid = false;
        layout.XAxis = [x];
        layout.YAxis = [ChartStyle.YAxis(data.HeightTitle)];
        layout.ShowLegend = false;
        layout.Shapes = [LineChart.HorizontalLine(data.CutHeight, "#d32f2f", "dash")];
        layout.Annotations =
        [
            new Plotly.Blazor.LayoutLib.Annotation
            {
                X = 1,
                Y = data.CutHeight,
                XRef = "paper",
                YRef = "y",
                Text = "cut",
                ShowArrow = false,
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = "#d32f2f", Size = 11 },
                XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Right,
                YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom,
            },
        ];
        return new ChartFigure(traces, layout);
    }

    // Leaves under a merge are contiguous in drawing order, so the first leaf at or right of LeftX is one of them.
    private static int SegmentUnder(DendrogramData data, DendrogramLink link)
    {
        var leaves = data.Tree.Leaves;
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].X >= link.LeftX - 1e-9)
            {
                return i < data.LeafSegments.Count ? data.LeafSegments[i] : -1;
            }
        }

        return -1;
    }
}
