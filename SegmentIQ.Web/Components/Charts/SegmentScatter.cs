using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>The customers of a clustering space at fixed coordinates (e.g. the first two principal components), with their hover text.</summary>
public sealed record SegmentScatterPoints(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string> HoverText, string XTitle, string YTitle);

/// <summary>One legend entry of the segment scatter.</summary>
public sealed record SegmentLegendEntry(string Name, string Color);

/// <summary>
/// Which segment each point belongs to (label per point, -1 noise), the colour and name of each segment, the legend,
/// and optionally each point's DBSCAN kind or mixture membership. The browser turns it into per-point colours, sizes,
/// opacities and hover lines (wwwroot/js/charts.js), so a new segmentation sends a label per point, not coordinates.
/// </summary>
public sealed record SegmentColouring(
    IReadOnlyList<int> Labels,
    IReadOnlyList<string> Colors,
    IReadOnlyList<string> Names,
    IReadOnlyList<SegmentLegendEntry> Legend,
    string NoiseName,
    string NoiseColor,
    IReadOnlyList<int>? Kinds = null,
    IReadOnlyList<string>? KindNames = null,
    IReadOnlyList<double>? Membership = null);

/// <summary>
/// The segment scatter: draws the points once per <see cref="Points"/> and recolours them in place for each new
/// <see cref="Colouring"/> (a k or eps move changes segments, never the coordinates). Plotly's own restyle does the
/// recolouring; we only decide what to send, because re-sending thousands of x/y pairs and hover texts over the
/// circuit on every slider move was most of the latency a person felt.
/// </summary>
public sealed class SegmentScatter : Shared.ParameterDrivenComponent
{
    private SegmentScatterPoints? _built;
    private (string? Title, int Height) _builtLayout;
    private ChartFigure? _figure;

    /// <summary>DOM id of the chart.</summary>
    [Parameter, EditorRequired] public string Id { get; set; } = "";

    /// <summary>The points; a new instance redraws the chart.</summary>
    [Parameter, EditorRequired] public SegmentScatterPoints? Points { get; set; }

    /// <summary>The segment of each point; a new instance recolours the chart.</summary>
    [Parameter, EditorRequired] public SegmentColouring? Colouring { get; set; }

    /// <summary>What the colouring shows (see <see cref="ChartHost.Marker"/>); optional.</summary>
    [Parameter] public string? Marker { get; set; }

    /// <summary>Chart title.</summary>
    [Parameter] public string? Title { get; set; }

    /// <summary>Height in pixels.</summary>
    [Parameter] public int Height { get; set; } = 380;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (Points is null || Colouring is null)
        {
            _figure = null;
            _built = null;
        }
        else if (!ReferenceEquals(Points, _built) || _builtLayout != (Title, Height))
        {
            _built = Points;
            _builtLayout = (Title, Height);
            _figure = Build(Points);
        }
    }

    /// <inheritdoc />
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenComponent<ChartHost>(0);
        builder.AddComponentParameter(1, nameof(ChartHost.Id), Id);
        builder.AddComponentParameter(2, nameof(ChartHost.Figure), _figure);
        builder.AddComponentParameter(3, nameof(ChartHost.Marker), Marker);
        builder.AddComponentParameter(4, nameof(ChartHost.Colouring), _figure is null ? null : Colouring);
        builder.CloseComponent();
    }

    private ChartFigure Build(SegmentScatterPoints points)
    {
        var x = points.X.Cast<object>().ToList();
        var y = points.Y.Cast<object>().ToList();
        var hover = points.HoverText.Select(ChartStyle.HoverText).ToList();
        // Colours, sizes, opacities and the segment line of the hover come from the colouring, in the browser.
        const string template = "%{customdata}<br>%{text}<extra></extra>";
        ITrace trace = points.X.Count > ChartStyle.WebGlThreshold
            ? new ScatterGl
            {
                X = x, Y = y, Mode = Plotly.Blazor.Traces.ScatterGlLib.ModeFlag.Markers, Name = "Customers", ShowLegend = false,
                TextArray = hover, HoverTemplate = template,
            }
            : new Scatter
            {
                X = x, Y = y, Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers, Name = "Customers", ShowLegend = false,
                TextArray = hover, HoverTemplate = template,
            };
        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.XAxis = [ChartStyle.XAxis(points.XTitle)];
        layout.YAxis = [ChartStyle.YAxis(points.YTitle)];
        // Legend entries are labels only (the points are one trace): clicking them would hide nothing.
        layout.Legend = [new Plotly.Blazor.LayoutLib.Legend { ItemClick = Plotly.Blazor.LayoutLib.LegendLib.ItemClickEnum.False, ItemDoubleClick = Plotly.Blazor.LayoutLib.LegendLib.ItemDoubleClickEnum.False }];
        return new ChartFigure([trace], layout);
    }
}
