using System.Globalization;
using Plotly.Blazor.Traces;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>
/// Data of a heatmap: a row-major matrix of values (rows × columns; NaN = blank cell) with row and column labels.
/// <paramref name="Symmetric"/> centres a diverging colour scale on zero (correlations, loadings).
/// </summary>
public sealed record HeatmapData(
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    IReadOnlyList<double> Values,
    bool Symmetric = true,
    string ValueFormat = "0.00",
    string? ColorBarTitle = null);

/// <summary>A heatmap with each cell's value written on it (loadings, correlation matrices).</summary>
public sealed class Heatmap : ChartComponentBase<HeatmapData>
{
    /// <summary>
    /// Light to dark blue (ColorBrewer "Blues") for one-sided values, so high retention or P(alive) is the strong colour.
    /// Plotly's own named "Blues" runs dark to light, which reads the wrong way round.
    /// </summary>
    internal static readonly object[][] SequentialScale =
    [
        [0.0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1.0, "#08306b"],
    ];

    /// <inheritdoc />
    protected override ChartFigure Build(HeatmapData data)
    {
        var rows = data.RowLabels.Count;
        var columns = data.ColumnLabels.Count;
        if (data.Values.Count != rows * columns)
        {
            throw new ArgumentException($"{data.Values.Count} values for {rows} × {columns} cells.", nameof(data));
        }

        var z = new List<object>(rows);
        var text = new List<object>(rows);
        var maxAbs = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var zRow = new object?[columns];
            var textRow = new object[columns];
            for (var c = 0; c < columns; c++)
            {
                var v = data.Values[(r * columns) + c];

                // Plotly leaves null cells blank; NaN would break its JSON.
                zRow[c] = double.IsFinite(v) ? v : null;
                textRow[c] = double.IsFinite(v) ? Shared.Format.WithoutNegativeZero(v.ToString(data.ValueFormat, CultureInfo.InvariantCulture)) : "–";
                if (double.IsFinite(v))
                {
                    maxAbs = Math.Max(maxAbs, Math.Abs(v));
                }
            }

            z.Add(zRow);
            text.Add(textRow);
        }

        var trace = new HeatMap
        {
            X = data.ColumnLabels.Select(l => (object)ChartStyle.Text(l)).ToList(),
            Y = data.RowLabels.Select(l => (object)ChartStyle.Text(l)).ToList(),
            Z = z,
            Text = text,
            TextTemplate = "%{text}",
            HoverTemplate = "%{y} × %{x}: %{text}<extra></extra>",
            ColorScale = data.Symmetric ? "RdBu" : SequentialScale,
            ReverseScale = data.Symmetric ? true : null,
            ZMid = data.Symmetric ? 0 : null,
            ZMin = data.Symmetric ? (decimal)-Math.Max(maxAbs, 1e-9) : null,
            ZMax = data.Symmetric ? (decimal)Math.Max(maxAbs, 1e-9) : null,
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar
            {
                Title = data.ColorBarTitle is null ? null : new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = ChartStyle.Text(data.ColorBarTitle) },
                Thickness = 12,
            },
        };

        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.Margin = new Plotly.Blazor.LayoutLib.Margin { L = 120, R = 15, T = Title is null ? 20 : 45, B = 90 };
        var y = ChartStyle.YAxis(null);
        y.AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed;
        layout.XAxis = [ChartStyle.XAxis(null)];
        layout.YAxis = [y];
        return new ChartFigure([trace], layout);
    }
}
