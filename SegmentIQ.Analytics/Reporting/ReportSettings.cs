using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Recommendations;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>
/// What a report needs beyond the segmentation and cannot derive from the data: the A/B planning inputs (conversion and
/// order value) and the number of products per customer on the Recommendations sheet. Kept with a saved analysis and a
/// workspace, so the browser, the scheduler and the API produce the same report.
/// </summary>
public sealed record ReportSettings
{
    /// <summary>Largest number of products per customer a report lists.</summary>
    public const int MaxRecommendationCount = 50;

    /// <summary>The defaults: <see cref="AbTestOptions.Defaults"/>, <see cref="AbTestOptions.OrderValueDefaults"/>, top 5.</summary>
    public static ReportSettings Defaults { get; } = new();

    /// <summary>The conversion plan's inputs (two-proportion z-test).</summary>
    public AbTestOptions AbConversion { get; init; } = AbTestOptions.Defaults;

    /// <summary>The order-value plan's inputs (two-sample t-test with each segment's own variance).</summary>
    public AbTestOptions AbOrderValue { get; init; } = AbTestOptions.OrderValueDefaults;

    /// <summary>Products per customer (N) on the Recommendations sheet, 1..<see cref="MaxRecommendationCount"/>.</summary>
    public int RecommendationCount { get; init; } = ProductRecommenderOptions.Defaults.Top;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(AbConversion, nameof(AbConversion));
        ArgumentNullException.ThrowIfNull(AbOrderValue, nameof(AbOrderValue));
        if (AbConversion.Metric != AbTestMetric.Conversion)
        {
            throw new ArgumentOutOfRangeException(nameof(AbConversion), AbConversion.Metric, "AbConversion must have the metric Conversion.");
        }

        if (AbOrderValue.Metric != AbTestMetric.OrderValue)
        {
            throw new ArgumentOutOfRangeException(nameof(AbOrderValue), AbOrderValue.Metric, "AbOrderValue must have the metric OrderValue.");
        }

        AbConversion.Validate();
        AbOrderValue.Validate();
        if (RecommendationCount is < 1 or > MaxRecommendationCount)
        {
            throw new ArgumentOutOfRangeException(nameof(RecommendationCount), RecommendationCount, $"RecommendationCount must be between 1 and {MaxRecommendationCount}.");
        }
    }
}

/// <summary>
/// What goes into a report besides <see cref="ReportBuilder.BuildInput"/>'s segmentation, explain and data-quality
/// parts: the recommendations and the A/B plans, from <see cref="ReportSettings"/>. The browser session, the scheduler and
/// the API all complete their report input here.
/// </summary>
public static class ReportContents
{
    /// <summary>
    /// The A/B plans of <paramref name="segmentation"/> of <paramref name="space"/> with <paramref name="options"/> (order
    /// value: each customer's average order value; a customer table without it says so in the plans), or null when the
    /// segmentation does not belong to the space's customers.
    /// </summary>
    public static SegmentAbPlans? AbPlans(AbTestOptions options, ClusteringSpace space, SegmentationResult segmentation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(segmentation);
        if (space.Table.Count != segmentation.Labels.Count)
        {
            return null;
        }

        var orderValues = options.Metric == AbTestMetric.OrderValue && space.Table.Contains(FeatureNames.AverageOrderValue)
            ? space.Table[FeatureNames.AverageOrderValue]
            : null;
        return SegmentAbPlans.Plan(options, segmentation.Labels, segmentation.NumberOfClusters, orderValues);
    }

    /// <summary>The conversion and order-value plans of <paramref name="settings"/>, for the summary and the report.</summary>
    public static IReadOnlyList<SegmentAbPlans> AbPlans(ReportSettings settings, ClusteringSpace space, SegmentationResult segmentation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. new[] { AbPlans(settings.AbConversion, space, segmentation), AbPlans(settings.AbOrderValue, space, segmentation) }.OfType<SegmentAbPlans>()];
    }

    /// <summary>
    /// The Recommendations sheet of <paramref name="model"/> for <paramref name="dataset"/>'s customers (top
    /// <paramref name="count"/> each, segments named by <paramref name="personas"/>), or null when there is no model or
    /// the data has no products.
    /// </summary>
    public static ReportRecommendations? Recommendations(ProductRecommenderModel? model, LoadedDataset dataset, int count, PersonaSet? personas)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return model is not null && dataset is { HasProducts: true, Purchases: { } purchases }
            ? RecommendationExport.ForReport(model, purchases.Pools.Customers, count, personas)
            : null;
    }

    /// <summary>
    /// <paramref name="input"/> with the recommendations and the A/B plans of <paramref name="settings"/> for
    /// <paramref name="segmentation"/> of <paramref name="space"/>.
    /// </summary>
    public static ReportInput Complete(
        ReportInput input, ReportSettings settings, ClusteringSpace space, SegmentationResult segmentation, ReportRecommendations? recommendations)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input with { Recommendations = recommendations, AbTests = AbPlans(settings, space, segmentation) };
    }
}
