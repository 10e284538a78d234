using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.State;

/// <summary>
/// What an export needs beyond the segmentation: the report rules, the lifetime values and the latest movers are
/// computed on export when the pages that show them were never opened, so the workbook never depends on where the user
/// clicked first.
/// </summary>
public sealed partial class AnalysisSession
{
    /// <summary>
    /// Computes (or waits for) the association rules, lifetime values and segments over time of the current analysis,
    /// then returns the report input (null while there is no segmentation yet). Parts the data cannot support (a
    /// customer table has no purchases) are simply left out, as the pages say.
    /// </summary>
    public async Task<ReportInput?> BuildReportInputAsync(IReadOnlyList<ReportRule>? rules = null)
    {
        if (Dataset?.Purchases is not null)
        {
            if (rules is null)
            {
                await EnsureReportRulesAsync();
                await WhenIdleAsync(_reportRulesSlot);
                rules = ReportRules;
            }

            await EnsureLifetimeAsync();
            await WhenIdleAsync(_lifetimeFitSlot);
            await EnsureLifetimeAsync();
            await WhenIdleAsync(_lifetimeValuesSlot);
            await EnsureTemporalAsync();
            await WhenIdleAsync(_temporalSlot);
        }

        return TryBuildReportInput(rules is { Count: > 0 } ? rules : null);
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
