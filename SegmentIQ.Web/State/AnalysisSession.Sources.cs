using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Web.State;

public sealed partial class AnalysisSession
{
    /// <summary>
    /// Loads a dataset from a source whose aggregation runs where the data lives (a database, DuckDB over files). On
    /// success the per-customer result replaces the dataset as an upload does; on failure, cancellation or a mapping
    /// request nothing in the session changes.
    /// </summary>
    public async Task<LoadOutcome> LoadSourceAsync(
        ITransactionSource source,
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        LoadOutcome outcome;
        try
        {
            // Off the render thread: DuckDB runs its query on the calling thread.
            outcome = await Task.Run(() => SourceLoader.LoadAsync(source, mapping, cleaning, progress, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return LoadOutcome.Failed($"Loading {source.DisplayName} was cancelled; the previous dataset is still in use.");
        }

        if (outcome.Dataset is { } dataset)
        {
            var activated = await ActivateAsync(dataset, FeatureSpaceOptions.DefaultFor(dataset.Features));
            if (activated is not null)
            {
                return LoadOutcome.Failed($"{source.DisplayName}: {activated} The previous dataset is still in use.");
            }
        }
        else if (outcome.Error is { } error)
        {
            return LoadOutcome.Failed($"{error} The previous dataset is still in use.");
        }

        return outcome;
    }
}
