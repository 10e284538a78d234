using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Web.State;

public sealed partial class AnalysisSession
{
    private (LoadedDataset Dataset, SourceReference Reference)? _source;

    /// <summary>
    /// The source the current dataset was aggregated from, with the columns it used per role (what a saved analysis
    /// records to read it again); null when the dataset came from a file or the source was not named.
    /// </summary>
    public SourceReference? DataSource => _source is { } source && ReferenceEquals(source.Dataset, Dataset) ? source.Reference : null;

    /// <summary>
    /// Loads a dataset from a source whose aggregation runs where the data lives (a database, DuckDB over files). On
    /// success the per-customer result replaces the dataset as an upload does, and <paramref name="reference"/> (how a
    /// saved analysis names this source) becomes <see cref="DataSource"/>; on failure, cancellation or a mapping
    /// request nothing in the session changes.
    /// </summary>
    public async Task<LoadOutcome> LoadSourceAsync(
        ITransactionSource source,
        IReadOnlyDictionary<ColumnRole, string>? mapping,
        CleaningOptions? cleaning,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken,
        SourceReference? reference = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var outcome = await AggregateAsync(source, () => SourceLoader.LoadAsync(source, mapping, cleaning, progress, cancellationToken), cancellationToken);
        if (outcome.Dataset is { } dataset)
        {
            var activated = await ActivateAsync(dataset, FeatureSpaceOptions.DefaultFor(dataset.Features));
            if (activated is not null)
            {
                return LoadOutcome.Failed($"{source.DisplayName}: {activated} The previous dataset is still in use.");
            }

            RememberSource(dataset, reference);
        }
        else if (outcome.Error is { } error)
        {
            return LoadOutcome.Failed($"{error} The previous dataset is still in use.");
        }

        return outcome;
    }

    /// <summary>
    /// Opens a saved analysis that names a source: aggregates <paramref name="source"/> again (where the data lives,
    /// with the saved mapping and cleaning, reporting <paramref name="progress"/>, cancellable), then activates the
    /// saved features and settings as <see cref="OpenAnalysisAsync"/> does. Returns null, or a message naming the
    /// source; on failure or cancellation the current dataset stays.
    /// </summary>
    public async Task<string?> OpenSourceAnalysisAsync(
        AnalysisDefinition definition,
        ITransactionSource source,
        IProgress<SourceProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(source);
        if (definition.Source is not { } reference)
        {
            throw new ArgumentException("The saved analysis names no source.", nameof(definition));
        }

        var loaded = await AggregateAsync(source, () => AnalysisRunner.LoadSourceAsync(definition, source, progress, cancellationToken), cancellationToken);
        if (loaded.Dataset is not { } dataset)
        {
            return $"{loaded.Error ?? $"{source.DisplayName} could not be read."} The previous dataset is still in use.";
        }

        var matches = AnalysisRunner.MatchesSavedData(definition, dataset.Sha256);
        var error = await ApplyOpenedAsync(definition, dataset, source.DisplayName, matches);
        if (error is null)
        {
            RememberSource(dataset, reference);
        }

        return error;
    }

    /// <summary>Runs an aggregation off the render thread (DuckDB runs its query on the calling thread); cancellation becomes a message.</summary>
    private static async Task<LoadOutcome> AggregateAsync(ITransactionSource source, Func<Task<LoadOutcome>> aggregate, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Run(aggregate, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The callers add that the previous dataset is still in use, as for any other failure.
            return LoadOutcome.Failed($"Loading {source.DisplayName} was cancelled.");
        }
    }

    private void RememberSource(LoadedDataset dataset, SourceReference? reference)
    {
        if (reference is not null && ReferenceEquals(Dataset, dataset))
        {
            _source = (dataset, reference with { Mapping = new Dictionary<ColumnRole, string>(dataset.Mapping) });
        }
    }
}
