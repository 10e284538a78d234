using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.State;

/// <summary>Personas, KPIs with revenue at risk and the RFM baseline of the current segmentation.</summary>
public sealed partial class AnalysisSession
{
    private readonly Lock _insightsLock = new();
    private PersonaInsights? _insights;
    private SegmentationResult? _insightsFailedFor;
    private BusinessRoleMap? _insightsFailedRoles;
    private string? _insightsError;

    /// <summary>
    /// The personas and RFM baseline of <see cref="Segmentation"/>, derived on first use after the segmentation
    /// changes and cached per segmentation (naming ~4,000 customers takes milliseconds, so no background run is
    /// needed). Null while no segmentation is available or when it could not be described (see <see cref="InsightsError"/>).
    /// </summary>
    public PersonaInsights? Insights
    {
        get
        {
            var segmentation = Segmentation;
            var table = Space?.Table;
            if (segmentation is null || table is null || segmentation.Labels.Count != table.Count)
            {
                return null;
            }

            var roles = ColumnRoles;
            lock (_insightsLock)
            {
                if (_insights is not null && ReferenceEquals(_insights.Segmentation, segmentation) && ReferenceEquals(_insights.Table, table) && _insights.Roles.Equals(roles))
                {
                    return _insights;
                }

                if (ReferenceEquals(_insightsFailedFor, segmentation) && roles.Equals(_insightsFailedRoles))
                {
                    return null;
                }

                try
                {
                    _insights = Space is { } space && ReferenceEquals(space.Table, table)
                        ? _pipeline.Describe(space, segmentation, roles, CancellationToken.None)
                        : PersonaInsights.Derive(table, segmentation, roles);
                    _insightsError = null;
                    _insightsFailedFor = null;
                    return _insights;
                }
                catch (ArgumentException ex)
                {
                    // Bad data for naming (e.g. a degenerate column) must not break every page; say why instead.
                    _insights = null;
                    _insightsFailedFor = segmentation;
                    _insightsFailedRoles = roles;
                    _insightsError = $"Personas could not be described for this segmentation: {ex.Message}";
                    return null;
                }
            }
        }
    }

    /// <summary>Why <see cref="Insights"/> is null for the current segmentation, if naming failed.</summary>
    public string? InsightsError
    {
        get
        {
            _ = Insights;
            lock (_insightsLock)
            {
                return ReferenceEquals(_insightsFailedFor, Segmentation) && ColumnRoles.Equals(_insightsFailedRoles) ? _insightsError : null;
            }
        }
    }
}
