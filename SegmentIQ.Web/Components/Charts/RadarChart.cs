using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>One closed outline of a <see cref="RadarChart"/> (a segment), one value per axis.</summary>
public sealed record RadarSeries(string Name, IReadOnlyList<double> Values, string Color);

/// <summary>Data of a radar chart: the axes (features) and one outline per series; the radial range spans every value.</summary>
public sealed record RadarChartData(IReadOnlyList<string> Axes, IReadOnlyList<RadarSeries> Series, string ValueTitle);

/// <summary>A radar (spider) chart: all segments' profiles over the same features on one picture.</summary>
public sealed class RadarChart : ChartComponentBase<RadarChartData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(RadarChartData data)
    {
        // The outline closes by repeating the first axis.
        var theta = data.Axes.Append(data.Axes[0]).Select(a => (object)ChartStyle.Text(a)).ToList();
        var traces = new List<ITrace>();
        foreach (var series in data.Series)
        {
            traces.Add(new ScatterPolar
            {
                R = series.Values.Append(series.Values[0]).Cast<object>().ToList(),
                Theta = theta,
                Name = ChartStyle.Text(series.Name),
                Fill = Plotly.Blazor.Traces.ScatterPolarLib.FillEnum.ToSelf,
                Opacity = 0.75m,
                Line = new Plotly.Blazor.Traces.ScatterPolarLib.Line { Color = series.Color },
                Marker = new Plotly.Blazor.Traces.ScatterPolarLib.Marker { Color = series.Color },
                HoverTemplate = $"{ChartStyle.Text(series.Name)}<br>%{{theta}}: %{{r:.2f}} {ChartStyle.Text(data.ValueTitle)}<extra></extra>",
            });
        }

        var values = data.Series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var pad = 0.1 * Math.Max(1e-9, values.Max() - values.Min());
        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.Polar =
        [
            new Plotly.Blazor.LayoutLib.Polar
            {
                RadialAxis = new Plotly.Blazor.LayoutLib.PolarLib.RadialAxis { Range = [values.Min() - pad, values.Max() + pad] },
            },
        ];
        layout.ShowLegend = true;
        return new ChartFigure(traces, layout);
    }
}
