using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Recommendations;

namespace SegmentIQ.Web.State;

/// <summary>A/B test planning: the inputs last set on the Explain page, which the summary and the Excel report use too.</summary>
public sealed partial class AnalysisSession
{
    /// <summary>The conversion plan's inputs (two-proportion z-test).</summary>
    public AbTestOptions AbConversion { get; set; } = AbTestOptions.Defaults;

    /// <summary>The order-value plan's inputs (two-sample t-test with each segment's own variance).</summary>
    public AbTestOptions AbOrderValue { get; set; } = AbTestOptions.OrderValueDefaults;

    /// <summary>
    /// Plans of the current segmentation with <paramref name="options"/> (order value: each customer's average order
    /// value; a customer table without it says so), or null while there is no segmentation.
    /// </summary>
    public SegmentAbPlans? AbPlans(AbTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Segmentation is not { } segmentation || Space is not { } space || space.Table.Count != segmentation.Labels.Count)
        {
            return null;
        }

        var orderValues = options.Metric == AbTestMetric.OrderValue && space.Table.Contains(FeatureNames.AverageOrderValue)
            ? space.Table[FeatureNames.AverageOrderValue]
            : null;
        return SegmentAbPlans.Plan(options, segmentation.Labels, segmentation.NumberOfClusters, orderValues);
    }

    /// <summary>The conversion and order-value plans of the current segmentation, for the summary and the report.</summary>
    public IReadOnlyList<SegmentAbPlans> AbPlansForReport() =>
        [.. new[] { AbPlans(AbConversion), AbPlans(AbOrderValue) }.OfType<SegmentAbPlans>()];
}
