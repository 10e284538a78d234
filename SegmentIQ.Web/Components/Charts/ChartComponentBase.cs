using Microsoft.AspNetCore.Components;

namespace SegmentIQ.Web.Components.Charts;

/// <summary>
/// Base of our chart components: takes one immutable data object, rebuilds the Plotly figure only when that object
/// changes (Blazor re-renders children on every parent render; rebuilding thousands of points each time would not be live).
/// </summary>
public abstract class ChartComponentBase<TData> : Shared.ParameterDrivenComponent
    where TData : class
{
    private TData? _built;

    /// <summary>DOM id of the chart.</summary>
    [Parameter, EditorRequired] public string Id { get; set; } = "";

    /// <summary>The chart's data; pass a new instance to redraw.</summary>
    [Parameter, EditorRequired] public TData? Data { get; set; }

    /// <summary>Chart title.</summary>
    [Parameter] public string? Title { get; set; }

    /// <summary>What the data shows (see <see cref="ChartHost.Marker"/>); optional.</summary>
    [Parameter] public string? Marker { get; set; }

    /// <summary>Height in pixels.</summary>
    [Parameter] public int Height { get; set; } = 380;

    /// <summary>The figure built from <see cref="Data"/>.</summary>
    protected ChartFigure? Figure { get; private set; }

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (Data is null)
        {
            Figure = null;
            _built = null;
        }
        else if (!ReferenceEquals(Data, _built))
        {
            _built = Data;
            Figure = Build(Data);
        }
    }

    /// <summary>Builds the figure for <paramref name="data"/>.</summary>
    protected abstract ChartFigure Build(TData data);

    /// <inheritdoc />
    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.OpenComponent<ChartHost>(0);
        builder.AddComponentParameter(1, nameof(ChartHost.Id), Id);
        builder.AddComponentParameter(2, nameof(ChartHost.Figure), Figure);
        builder.AddComponentParameter(3, nameof(ChartHost.Marker), Marker);
        builder.CloseComponent();
    }
}
