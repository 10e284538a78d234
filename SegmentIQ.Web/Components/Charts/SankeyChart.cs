using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.SankeyLib;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>One node of a <see cref="SankeyChart"/>: its label (user text allowed), colour and hover text.</summary>
public sealed record SankeyNode(string Label, string Color, string HoverText);

/// <summary>One link between nodes (indices into the nodes), its width and hover text.</summary>
public sealed record SankeyLink(int Source, int Target, double Value, string HoverText);

/// <summary>Data of a Sankey diagram; <paramref name="ValueName"/> says what the widths measure.</summary>
public sealed record SankeyData(IReadOnlyList<SankeyNode> Nodes, IReadOnlyList<SankeyLink> Links, string ValueName);

/// <summary>Flows between two sets of nodes (segments at two snapshots), links tinted by their source.</summary>
public sealed class SankeyChart : ChartComponentBase<SankeyData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(SankeyData data)
    {
        var trace = new Sankey
        {
            Arrangement = ArrangementEnum.Snap,
            ValueFormat = ",.0f",
            Node = new Node
            {
                Label = data.Nodes.Select(n => (object)ChartStyle.Text(n.Label)).ToList(),
                ColorArray = data.Nodes.Select(n => (object)n.Color).ToList(),
                CustomData = data.Nodes.Select(n => (object)ChartStyle.HoverText(n.HoverText)).ToList(),
                HoverTemplate = "%{customdata}<extra></extra>",
                Pad = 14,
                Thickness = 16,
            },
            Link = new Link
            {
                Source = data.Links.Select(l => (object)l.Source).ToList(),
                Target = data.Links.Select(l => (object)l.Target).ToList(),
                Value = data.Links.Select(l => (object)l.Value).ToList(),
                ColorArray = data.Links.Select(l => (object)Translucent(data.Nodes[l.Source].Color)).ToList(),
                CustomData = data.Links.Select(l => (object)ChartStyle.HoverText(l.HoverText)).ToList(),
                HoverTemplate = "%{customdata}<extra></extra>",
            },
        };
        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.Margin = new Plotly.Blazor.LayoutLib.Margin { L = 10, R = 10, T = Title is null ? 10 : 40, B = 10 };
        return new ChartFigure([trace], layout);
    }

    /// <summary>A #rrggbb colour at 40 % opacity, so overlapping links stay readable.</summary>
    private static string Translucent(string color) =>
        color.Length == 7 && color[0] == '#'
            ? $"rgba({Convert.ToInt32(color[1..3], 16)},{Convert.ToInt32(color[3..5], 16)},{Convert.ToInt32(color[5..7], 16)},0.4)"
            : color;
}
