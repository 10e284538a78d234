using Microsoft.AspNetCore.Components;
using SegmentIQ.Web.State;

namespace SegmentIQ.Web.Components.Shared;

/// <summary>
/// Base of every component that shows analysis state: re-renders itself (and only itself) when the session changes.
/// </summary>
public abstract class SessionComponentBase : ComponentBase, IDisposable
{
    /// <summary>The per-circuit analysis state.</summary>
    [Inject] protected AnalysisSession Session { get; set; } = null!;

    /// <inheritdoc />
    protected override void OnInitialized() => Session.Changed += OnSessionChanged;

    /// <summary>Called (on the renderer) after the session changed, before re-rendering.</summary>
    protected virtual void OnSessionStateChanged()
    {
    }

    private void OnSessionChanged() => _ = InvokeAsync(() =>
    {
        OnSessionStateChanged();
        StateHasChanged();
    });

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Changed -= OnSessionChanged;
        GC.SuppressFinalize(this);
    }
}
