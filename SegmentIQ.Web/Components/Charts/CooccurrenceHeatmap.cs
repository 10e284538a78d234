using Plotly.Blazor.Traces;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>
/// Data of a <see cref="CooccurrenceHeatmap"/>: a symmetric matrix over <see cref="Labels"/> (row-major,
/// <c>Values[i * n + j]</c>) and the hover text of each cell.
/// </summary>
public sealed record CooccurrenceData(IReadOnlyList<string> Labels, IReadOnlyList<double> Values, IReadOnlyList<string> CellHover, string ValueTitle);

/// <summary>A square heatmap of how often the top products are bought together.</summary>
public sealed class CooccurrenceHeatmap : ChartComponentBase<CooccurrenceData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(CooccurrenceData data)
    {
        var n = data.Labels.Count;
        // Rows carry "1. NAME", columns only the number: fifteen long names at an angle under a narrow square collided,
        // and Plotly silently dropped some of them. The hover text names both products in full.
        var rowLabels = UniqueShortLabels(data.Labels).Select((l, i) => (object)ChartStyle.Text(Numbered(i, l))).ToList();
        var columnLabels = Enumerable.Range(1, n).Select(i => (object)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var z = new List<object>(n);
        var hover = new List<object>(n);
        for (var i = 0; i < n; i++)
        {
            var row = new object?[n];
            var hoverRow = new object[n];
            for (var j = 0; j < n; j++)
            {
                // The diagonal (a product with itself) is its own basket count and would flatten the colour scale:
                // it is left blank, its count stays in the hover text of the row.
                row[j] = i == j ? null : data.Values[(i * n) + j];
                hoverRow[j] = ChartStyle.HoverText(data.CellHover[(i * n) + j]);
            }

            z.Add(row);
            hover.Add(hoverRow);
        }

        var trace = new HeatMap
        {
            X = columnLabels,
            Y = rowLabels,
            Z = z,
            Text = hover,
            HoverInfo = Plotly.Blazor.Traces.HeatMapLib.HoverInfoFlag.Text,
            ColorScale = "Blues",
            ReverseScale = true,
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar
            {
                Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = ChartStyle.Text(data.ValueTitle) },
                Thickness = 12,
            },
        };
        var layout = ChartStyle.BaseLayout(Title, Height);
        var x = ChartStyle.XAxis("Product (number of its row)");
        x.Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category;
        x.TickAngle = 0;
        x.AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True;
        layout.XAxis = [x];
        var y = ChartStyle.YAxis(null);
        y.AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed;
        y.AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True;
        layout.YAxis = [y];
        return new ChartFigure([trace], layout);
    }

    /// <summary>The row label of product <paramref name="index"/> (zero-based): "1. NAME".</summary>
    public static string Numbered(int index, string label) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{index + 1}. {label}");

    /// <summary>
    /// Labels cut to 28 characters; Plotly merges equal category labels (two products may share a description, or
    /// only differ after the cut), so a repeated label gets its position as a suffix.
    /// </summary>
    public static IReadOnlyList<string> UniqueShortLabels(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new string[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i].Length <= 28 ? labels[i] : labels[i][..26] + "…";
            result[i] = seen.Add(label) ? label : label + " #" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            seen.Add(result[i]);
        }

        return result;
    }
}
