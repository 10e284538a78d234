using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>One line of a <see cref="LineChart"/>.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, string? Color = null, bool SecondaryAxis = false, string? Dash = null);

/// <summary>A horizontal reference line across a <see cref="LineChart"/> (e.g. DBSCAN's eps on the k-distance curve).</summary>
public sealed record HorizontalMarker(double Y, string Label, string Color = "#d32f2f", string Dash = "dash");

/// <summary>A labelled vertical line across a <see cref="LineChart"/> at <paramref name="X"/> (e.g. the calibration end).</summary>
public sealed record VerticalMarker(double X, string Label, string Color = "#616161", string Dash = "dash");

/// <summary>
/// Data of a line chart of a parameter sweep: lines, plus the current value and the suggested value drawn as vertical
/// markers so the user sees where they are and where the data points.
/// </summary>
public sealed record LineChartData(
    IReadOnlyList<LineSeries> Series,
    string XTitle,
    string YTitle,
    double? Current = null,
    double? Suggested = null,
    string? SecondaryYTitle = null,
    bool LogY = false,
    IReadOnlyList<HorizontalMarker>? HorizontalMarkers = null,
    IReadOnlyList<VerticalMarker>? VerticalMarkers = null);

/// <summary>Lines with markers, with "current" and "suggested" vertical markers (elbow, silhouette, BIC, k-distance…).</summary>
public sealed class LineChart : ChartComponentBase<LineChartData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(LineChartData data)
    {
        var traces = new List<ITrace>();
        foreach (var series in data.Series)
        {
            var many = series.X.Count > 60;
            traces.Add(new Scatter
            {
                X = series.X.Cast<object>().ToList(),
                Y = series.Y.Cast<object>().ToList(),
                Mode = many ? ModeFlag.Lines : ModeFlag.Lines | ModeFlag.Markers,
                Name = ChartStyle.Text(series.Name),
                YAxis = series.SecondaryAxis ? "y2" : null,
                Line = series.Color is null && series.Dash is null ? null : new Line { Color = series.Color, Dash = series.Dash },
                Marker = series.Color is null ? null : new Marker { Color = series.Color },
            });
        }

        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.XAxis = [ChartStyle.XAxis(data.XTitle)];
        var y = ChartStyle.YAxis(data.YTitle, data.LogY);
        var axes = new List<Plotly.Blazor.LayoutLib.YAxis> { y };
        if (data.SecondaryYTitle is not null)
        {
            var y2 = ChartStyle.YAxis(data.SecondaryYTitle);
            y2.Overlaying = "y";
            y2.Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right;
            axes.Add(y2);
        }

        layout.YAxis = axes;
        var shapes = new List<Plotly.Blazor.LayoutLib.Shape>();
        var annotations = new List<Plotly.Blazor.LayoutLib.Annotation>();
        var horizontal = 0;
        foreach (var marker in data.HorizontalMarkers ?? [])
        {
            // Alternate labels sit above and below their lines: the k-distance chart's current eps and suggested knee
            // are often a few hundredths apart, and two labels above them printed over each other.
            var above = horizontal++ % 2 == 0;
            // Horizontal markers come first so shapes[0] is the primary one (tests and users read it there).
            shapes.Add(HorizontalLine(marker.Y, marker.Color, marker.Dash));
            annotations.Add(new Plotly.Blazor.LayoutLib.Annotation
            {
                X = 0.01,
                Y = marker.Y,
                XRef = "paper",
                YRef = "y",
                Text = ChartStyle.Text(marker.Label),
                ShowArrow = false,
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = marker.Color, Size = 11 },
                XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Left,
                YAnchor = above ? Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom : Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Top,
            });
        }

        foreach (var marker in data.VerticalMarkers ?? [])
        {
            shapes.Add(VerticalLine(marker.X, marker.Color, marker.Dash));
            annotations.Add(Label(marker.X, ChartStyle.Text(marker.Label), marker.Color, 1.0));
        }

        if (data.Suggested is { } suggested)
        {
            shapes.Add(VerticalLine(suggested, "#2e7d32", "dot"));
            annotations.Add(Label(suggested, "suggested", "#2e7d32", 1.0));
        }

        if (data.Current is { } current)
        {
            shapes.Add(VerticalLine(current, "#d32f2f", "dash"));
            annotations.Add(Label(current, "current", "#d32f2f", 0.92));
        }

        layout.Shapes = shapes;
        layout.Annotations = annotations;
        layout.ShowLegend = data.Series.Count > 1;
        return new ChartFigure(traces, layout);
    }

    private static Plotly.Blazor.LayoutLib.Shape VerticalLine(double x, string color, string dash) => new()
    {
        Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
        X0 = x,
        X1 = x,
        Y0 = 0,
        Y1 = 1,
        XRef = "x",
        YRef = "paper",
        Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = color, Width = 2, Dash = dash },
    };

    /// <summary>A horizontal line across the plot at <paramref name="y"/> (data units).</summary>
    internal static Plotly.Blazor.LayoutLib.Shape HorizontalLine(double y, string color, string dash) => new()
    {
        Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
        X0 = 0,
        X1 = 1,
        Y0 = y,
        Y1 = y,
        XRef = "paper",
        YRef = "y",
        Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = color, Width = 2, Dash = dash },
    };

    private static Plotly.Blazor.LayoutLib.Annotation Label(double x, string text, string color, double y) => new()
    {
        X = x,
        Y = y,
        XRef = "x",
        YRef = "paper",
        Text = text,
        ShowArrow = false,
        Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = color, Size = 11 },
        XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Left,
    };
}
