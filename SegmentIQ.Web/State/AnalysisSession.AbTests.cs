using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.State;

/// <summary>A/B test planning: the inputs last set on the Explain page, which the summary and the Excel report use too.</summary>
public sealed partial class AnalysisSession
{
    private ReportSettings _reportSettings = ReportSettings.Defaults;

    /// <summary>
    /// The report's A/B planning inputs and products per customer, as set on the Explain page and the Recommendations
    /// panel; saved with an analysis and the workspace, restored when they are opened.
    /// </summary>
    public ReportSettings ReportSettings
    {
        get => _reportSettings;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value != _reportSettings)
            {
                _reportSettings = value;
                SaveWorkspace();
            }
        }
    }

    /// <summary>The conversion plan's inputs (two-proportion z-test).</summary>
    public AbTestOptions AbConversion
    {
        get => ReportSettings.AbConversion;
        set => ReportSettings = ReportSettings with { AbConversion = value };
    }

    /// <summary>The order-value plan's inputs (two-sample t-test with each segment's own variance).</summary>
    public AbTestOptions AbOrderValue
    {
        get => ReportSettings.AbOrderValue;
        set => ReportSettings = ReportSettings with { AbOrderValue = value };
    }

    /// <summary>
    /// Plans of the current segmentation with <paramref name="options"/> (order value: each customer's average order
    /// value; a customer table without it says so), or null while there is no segmentation.
    /// </summary>
    public SegmentAbPlans? AbPlans(AbTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Segmentation is { } segmentation && Space is { } space ? ReportContents.AbPlans(options, space, segmentation) : null;
    }

    /// <summary>The conversion and order-value plans of the current segmentation, for the summary and the report.</summary>
    public IReadOnlyList<SegmentAbPlans> AbPlansForReport() =>
        Segmentation is { } segmentation && Space is { } space ? ReportContents.AbPlans(ReportSettings, space, segmentation) : [];
}
