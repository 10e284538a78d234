using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>One band of a <see cref="StackedAreaChart"/>.</summary>
public sealed record StackedSeries(string Name, IReadOnlyList<double> Values, string Color);

/// <summary>Data of a stacked area chart: categories along x (snapshots) and one band per series.</summary>
public sealed record StackedAreaData(IReadOnlyList<string> X, IReadOnlyList<StackedSeries> Series, string YTitle);

/// <summary>Bands stacked on each other over ordered categories (segment sizes over time).</summary>
public sealed class StackedAreaChart : ChartComponentBase<StackedAreaData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(StackedAreaData data)
    {
        var x = data.X.Select(v => (object)ChartStyle.Text(v)).ToList();
        var traces = new List<ITrace>();
        foreach (var series in data.Series)
        {
            traces.Add(new Scatter
            {
                X = x,
                Y = series.Values.Cast<object>().ToList(),
                Name = ChartStyle.Text(series.Name),
                StackGroup = "one",
                Mode = ModeFlag.Lines,
                Line = new Line { Color = series.Color, Width = 1 },
                FillColor = series.Color,
                HoverTemplate = ChartStyle.Text(series.Name) + ": %{y:,.0f}<extra>%{x}</extra>",
            });
        }

        var layout = ChartStyle.BaseLayout(Title, Height);
        layout.XAxis = [ChartStyle.XAxis(null)];
        layout.YAxis = [ChartStyle.YAxis(data.YTitle)];
        layout.ShowLegend = true;
        layout.HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.XUnified;
        return new ChartFigure(traces, layout);
    }
}
