using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.State;

/// <summary>
/// What an export needs beyond the segmentation: the report rules, the lifetime values, the latest movers and the
/// recommendations are computed on export when the pages that show them were never opened, so the workbook never
/// depends on where the user clicked first.
/// </summary>
public sealed partial class AnalysisSession
{
    private (ProductRecommenderModel? Model, PersonaInsights? Insights, int Count, ReportRecommendations? Value) _reportRecommendations;

    /// <summary>
    /// The current segmentation's top-<see cref="RecommendationCount"/> products per customer and most offered products per segment (for the report and
    /// the summary), or null until the recommender is mined (<see cref="EnsureRecommenderAsync"/>).
    /// </summary>
    public ReportRecommendations? ReportRecommendations
    {
        get
        {
            if (Recommender is not { } model || Dataset is not { HasProducts: true } dataset)
            {
                return null;
            }

            var insights = Insights;
            var cached = _reportRecommendations;
            var count = RecommendationCount;
            if (ReferenceEquals(cached.Model, model) && ReferenceEquals(cached.Insights, insights) && cached.Count == count)
            {
                return cached.Value;
            }

            var value = ReportContents.Recommendations(model, dataset, count, insights?.Personas);
            _reportRecommendations = (model, insights, count, value);
            return value;
        }
    }

    /// <summary>Largest number of products per customer the Recommendations panel and exports offer.</summary>
    public const int MaxRecommendationCount = ReportSettings.MaxRecommendationCount;

    /// <summary>
    /// Products per customer (N) set on the Recommendations panel: the panel's lookup and CSV, the report's
    /// Recommendations sheet and the summary's wording all use it. Clamped to 1..<see cref="MaxRecommendationCount"/>.
    /// </summary>
    public int RecommendationCount
    {
        get => ReportSettings.RecommendationCount;
        set => ReportSettings = ReportSettings with { RecommendationCount = Math.Clamp(value, 1, MaxRecommendationCount) };
    }

    /// <summary>
    /// Computes (or waits for) the association rules, lifetime values, segments over time and recommendations of the current analysis,
    /// then returns the report input (null while there is no segmentation yet). Parts the data cannot support (a
    /// customer table has no purchases) are simply left out, as the pages say. A dataset aggregated at a source has dated
    /// purchases there, so its lifetime values and segments over time are computed (where its lines are) as on the pages.
    /// </summary>
    public async Task<ReportInput?> BuildReportInputAsync(IReadOnlyList<ReportRule>? rules = null)
    {
        if (Dataset?.Purchases is not null && rules is null)
        {
            await EnsureReportRulesAsync();
            await WhenIdleAsync(_reportRulesSlot);
            rules = ReportRules;
        }

        if (Dataset is not null && LifetimeUnavailable is null)
        {
            await EnsureLifetimeAsync();
            await WhenIdleAsync(_lifetimeFitSlot);
            await EnsureLifetimeAsync();
            await WhenIdleAsync(_lifetimeValuesSlot);
            await EnsureTemporalAsync();
            await WhenIdleAsync(_temporalSlot);
        }

        if (Dataset?.Purchases is not null)
        {
            await EnsureRecommenderAsync();
            await WhenIdleAsync(_recommenderSlot);
        }

        return TryBuildReportInput(rules is { Count: > 0 } ? rules : null) is { } input && Space is { } space && Segmentation is { } segmentation
            ? ReportContents.Complete(input, ReportSettings, space, segmentation, ReportRecommendations)
            : null;
    }

    /// <summary>Completes when <paramref name="slot"/> is not computing (another caller may have started it).</summary>
    private static Task WhenIdleAsync(ISlot slot)
    {
        if (!slot.IsRunning)
        {
            return Task.CompletedTask;
        }

        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged()
        {
            if (!slot.IsRunning)
            {
                slot.Changed -= OnChanged;
                idle.TrySetResult();
            }
        }

        slot.Changed += OnChanged;

        // It may have finished between the check and the subscription.
        OnChanged();
        return idle.Task;
    }
}
