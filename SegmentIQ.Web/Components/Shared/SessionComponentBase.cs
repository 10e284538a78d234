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

    // A burst of changes (a step starting and finishing, the personas after it) while the renderer is busy becomes one
    // render of the state as it is then, not one render per change: each render diffs the whole component again.
    private int _renderQueued;

    private void OnSessionChanged()
    {
        if (Interlocked.Exchange(ref _renderQueued, 1) == 1)
        {
            return;
        }

        _ = InvokeAsync(() =>
        {
            Volatile.Write(ref _renderQueued, 0);
            OnSessionStateChanged();
            StateHasChanged();
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Changed -= OnSessionChanged;
        GC.SuppressFinalize(this);
    }
}
