using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>
/// Data of a <see cref="RuleScatter"/>: one point per rule, coloured by a continuous value (lift). With
/// <see cref="PercentAxes"/> both axes read as percentages, as the rules table does (support and confidence are
/// fractions).
/// </summary>
public sealed record RuleScatterData(
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    IReadOnlyList<double> ColorValues,
    IReadOnlyList<string> HoverText,
    string XTitle,
    string YTitle,
    string ColorTitle,
    bool LogX = false,
    bool PercentAxes = false);

/// <summary>Rules as points (support against confidence) on a continuous colour scale (lift), with a colour bar.</summary>
public sealed class RuleScatter : ChartComponentBase<RuleScatterData>
{
    /// <inheritdoc />
    protected override ChartFigure Build(RuleScatterData data)
    {
        var trace = new Scatter
        {
            X = data.X.Cast<object>().ToList(),
            Y = data.Y.Cast<object>().ToList(),
            Mode = ModeFlag.Markers,
            HoverTextArray = data.HoverText.Select(ChartStyle.HoverText).ToList(),
            HoverInfo = HoverInfoFlag.Text,
            ShowLegend = false,
            Marker = new Marker
            {
                ColorArray = data.ColorValues.Cast<object>().ToList(),
                ColorScale = "Viridis",
                ShowScale = true,
                Size = 7,
                Opacity = 0.8m,
                ColorBar = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.ColorBar
                {
                    Title = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.ColorBarLib.Title { Text = ChartStyle.Text(data.ColorTitle) },
                    Thickness = 12,
                },
            },
        };
        var layout = ChartStyle.BaseLayout(Title, Height);
        var x = ChartStyle.XAxis(data.XTitle, data.LogX);
        var y = ChartStyle.YAxis(data.YTitle);
        if (data.PercentAxes)
        {
            x.TickFormat = ".1%";
            y.TickFormat = ".0%";
        }

        layout.XAxis = [x];
        layout.YAxis = [y];
        return new ChartFigure([trace], layout);
    }
}
