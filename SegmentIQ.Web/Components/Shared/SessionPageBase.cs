namespace SegmentIQ.Web.Components.Shared;

/// <summary>
/// Base of every page that shows analysis state: makes sure the session has a dataset (the bundled sample on first
/// visit) and re-renders when the session changes.
/// </summary>
public abstract class SessionPageBase : SessionComponentBase
{
    /// <inheritdoc />
    protected override Task OnInitializedAsync() => Session.EnsureInitializedAsync();
}
