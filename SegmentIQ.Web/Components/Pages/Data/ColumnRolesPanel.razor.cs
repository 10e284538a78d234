using Microsoft.AspNetCore.Components;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Web.State;

namespace SegmentIQ.Web.Components.Pages.Data;

/// <summary>
/// Lists the feature columns of a customer table with the business role personas are named from, lets the user correct
/// each role and applies the corrections to the session (<see cref="AnalysisSession.SetColumnRoles"/>).
/// </summary>
public sealed partial class ColumnRolesPanel
{
    private Dictionary<string, BusinessRole> _inferred = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, BusinessRole> _pending = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyDictionary<string, BusinessRole> _applied = new Dictionary<string, BusinessRole>();
    private CustomerFeatureTable? _shownTable;
    private BusinessRoleMap? _shownRoles;

    [Inject] private AnalysisSession Session { get; set; } = null!;

    /// <summary>The customer table whose columns personas are named from (the clustering space's table).</summary>
    [Parameter, EditorRequired] public CustomerFeatureTable Table { get; set; } = null!;

    /// <summary>The corrections in force (the session's), so the panel shows them again after a change elsewhere.</summary>
    [Parameter, EditorRequired] public BusinessRoleMap Roles { get; set; } = BusinessRoleMap.None;

    private bool Dirty => _pending.Any(kv => !_applied.TryGetValue(kv.Key, out var role) || role != kv.Value);

    /// <summary>The words a role is listed with.</summary>
    internal static string Describe(BusinessRole role) => role switch
    {
        BusinessRole.Spend => "Spend",
        BusinessRole.Frequency => "Frequency",
        BusinessRole.Recency => "Recency (days since)",
        BusinessRole.Income => "Income",
        BusinessRole.Age => "Age",
        BusinessRole.Score => "Score",
        BusinessRole.Count => "Count",
        BusinessRole.Share => "Share or rate",
        BusinessRole.Code => "Category code (not described)",
        _ => "Other",
    };

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_shownTable, Table) && Equals(_shownRoles, Roles))
        {
            return;
        }

        _shownTable = Table;
        _shownRoles = Roles;
        _inferred = new Dictionary<string, BusinessRole>(BusinessRoles.Infer(Table), StringComparer.OrdinalIgnoreCase);
        _applied = Roles.ResolveFor(Table);
        _pending = new Dictionary<string, BusinessRole>(_applied, StringComparer.OrdinalIgnoreCase);
    }

    private void Apply() =>
        Session.SetColumnRoles(new BusinessRoleMap(_pending.Where(kv => kv.Value != _inferred[kv.Key])));

    private void ResetToGuesses()
    {
        _pending = new Dictionary<string, BusinessRole>(_inferred, StringComparer.OrdinalIgnoreCase);
    }
}
