using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.State;

/// <summary>
/// The user's corrections of the business roles of a customer table's columns (income, age, spend…), from which
/// personas are named. They belong to the dataset they were made for: another dataset starts from the inferred roles.
/// </summary>
public sealed partial class AnalysisSession
{
    private (LoadedDataset? Dataset, BusinessRoleMap Map) _columnRoles = (null, BusinessRoleMap.None);

    /// <summary>The corrections in force for the current dataset (<see cref="BusinessRoleMap.None"/> when there are none).</summary>
    public BusinessRoleMap ColumnRoles
    {
        get
        {
            var current = _columnRoles;
            return current.Dataset is not null && ReferenceEquals(current.Dataset, Dataset) ? current.Map : BusinessRoleMap.None;
        }
    }

    /// <summary>
    /// Names the personas of the current dataset with <paramref name="roles"/> from now on (every page re-derives its
    /// personas, traits and actions), and keeps the corrections with the tab's workspace.
    /// </summary>
    public void SetColumnRoles(BusinessRoleMap roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (Dataset is not { } dataset)
        {
            throw new InvalidOperationException("There is no dataset whose column roles could be corrected.");
        }

        _columnRoles = (dataset, roles);
        SaveWorkspace();
        Notify();
    }
}
