using SegmentIQ.Analytics.Personas;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.State;

/// <summary>
/// The tab's workspace: the session keeps its dataset and settings in the shared <see cref="WorkspaceStore"/> under the
/// id the browser tab holds, so a reload (F5) or a reconnect returns to the same work instead of the bundled sample;
/// when the server no longer has it, the session says so rather than silently showing the sample.
/// </summary>
public sealed partial class AnalysisSession
{
    private readonly WorkspaceStore? _workspaces;
    private WorkspaceSnapshot? _savedSnapshot;
    private int _restoring;

    private DateTimeOffset? _connectionLostAt;

    /// <summary>
    /// The circuit lost its connection (the tab closed, or the network dropped): remembered, so that when the circuit
    /// is finally disposed the tab's kept work expires counting from now, not from then.
    /// </summary>
    public void ConnectionLost() => _connectionLostAt ??= _timeProvider.GetUtcNow();

    /// <summary>The connection came back (a reconnect): the tab is here again.</summary>
    public void ConnectionRestored() => _connectionLostAt = null;

    /// <summary>The tab's workspace id once the browser has told it; null before (and in component tests).</summary>
    public string? WorkspaceId { get; private set; }

    /// <summary>
    /// Set when this tab had its own data before the reload but the server no longer holds it (restarted, or the data
    /// was evicted to make room): what was lost and what to do. Null otherwise.
    /// </summary>
    public string? LostWorkspaceMessage { get; private set; }

    /// <summary>True while the tab's own work is being restored.</summary>
    public bool IsRestoringWorkspace => Volatile.Read(ref _restoring) > 0;

    /// <summary>
    /// Joins the tab's workspace <paramref name="workspaceId"/>. When the server holds its work, that dataset and those
    /// settings become current (the sample never overrides them). When it does not, and the tab had been working on
    /// <paramref name="rememberedDataset"/> (not the sample), <see cref="LostWorkspaceMessage"/> says so. From then on
    /// every change is kept under the id.
    /// </summary>
    public async Task AttachWorkspaceAsync(string workspaceId, string? rememberedDataset)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        if (_workspaces is null || WorkspaceId is not null)
        {
            return;
        }

        var lookup = _workspaces.Find(workspaceId);
        if (lookup.Value is not { } snapshot)
        {
            WorkspaceId = workspaceId;
            if (!string.IsNullOrEmpty(rememberedDataset))
            {
                var why = lookup.Status == Analytics.Pipeline.StoreStatus.Evicted
                    ? "it was cleared from the server to make room for other work"
                    : "the server was restarted or the data expired";
                LostWorkspaceMessage = $"Your data \"{rememberedDataset}\" is no longer here ({why}). Upload it again, or open a saved analysis.";
            }

            SaveWorkspace();
            Notify();
            return;
        }

        Interlocked.Increment(ref _restoring);
        try
        {
            Settings = snapshot.Settings;
            BasketSettings = snapshot.Baskets;
            CurrencyChoice = snapshot.Currency;
            _columnRoles = (snapshot.Dataset, snapshot.Roles ?? BusinessRoleMap.None);
            _reportSettings = snapshot.Report ?? Analytics.Reporting.ReportSettings.Defaults;
            _savedSnapshot = snapshot;
            var error = await ActivateAsync(snapshot.Dataset, snapshot.Features);
            if (error is not null)
            {
                LostWorkspaceMessage = $"Your data \"{snapshot.Dataset.Name}\" could not be restored: {error}";
            }
        }
        finally
        {
            Interlocked.Decrement(ref _restoring);
            WorkspaceId = workspaceId;
        }

        if (Dataset is null)
        {
            // The restore failed before anything was on screen: fall back to the sample, with the message above.
            _initialization = null;
            await EnsureInitializedAsync();
        }

        Notify();
    }

    /// <summary>Hides <see cref="LostWorkspaceMessage"/>.</summary>
    public void DismissLostWorkspace()
    {
        LostWorkspaceMessage = null;
        Notify();
    }

    /// <summary>Keeps the current work under the tab's id when it changed (references are compared: a snapshot is cheap).</summary>
    private void SaveWorkspace()
    {
        if (_workspaces is null || WorkspaceId is not { } id || IsRestoringWorkspace || Dataset is not { } dataset || Space is not { } space)
        {
            return;
        }

        var previous = _savedSnapshot;
        if (previous is not null && ReferenceEquals(previous.Dataset, dataset) && previous.Features == space.Options
            && previous.Settings == Settings && previous.Baskets == BasketSettings && previous.Currency == CurrencyChoice
            && Equals(previous.Roles ?? BusinessRoleMap.None, ColumnRoles) && previous.Report == ReportSettings)
        {
            return;
        }

        var snapshot = new WorkspaceSnapshot(dataset, space.Options, Settings, BasketSettings, CurrencyChoice, ColumnRoles, ReportSettings);
        _savedSnapshot = snapshot;
        _workspaces.Save(id, snapshot);
    }
}
