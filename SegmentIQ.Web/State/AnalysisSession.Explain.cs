using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Explain;

namespace SegmentIQ.Web.State;

/// <summary>
/// The Explain page's part of the session: the surrogate's permutation importance of the current segmentation (in the
/// background, in a slot) and the per-feature tests (milliseconds, cached per segmentation and split-half choice).
/// </summary>
public sealed partial class AnalysisSession
{
    private readonly Slot<SegmentImportanceModel> _importanceSlot = new(DescribeExplainError);

    /// <summary>The importance of the current segmentation, or null until computed for it.</summary>
    public SegmentImportanceModel? Importance => _importanceSlot.ValueFor(ImportanceKey);

    /// <summary>Progress of the importance in flight, 0..1.</summary>
    public double ImportanceProgress => _importanceSlot.Progress;

    /// <summary>True while the importance is computed.</summary>
    public bool IsExplaining => _importanceSlot.IsRunning;

    /// <summary>Why the importance could not be computed for the current segmentation, if it could not.</summary>
    public string? ImportanceError => _importanceSlot.IsStaleFor(ImportanceKey) ? null : _importanceSlot.Error;

    private string? ImportanceKey =>
        Space is { } space && Segmentation is { } segmentation ? StepKeys.Segmentation(space.Key, segmentation.Settings) + "|importance" : null;

    /// <summary>Starts the importance of the current segmentation unless it is computed or computing (the page calls this on every change).</summary>
    public Task EnsureImportanceAsync()
    {
        var key = ImportanceKey;
        if (key is null || Space is not { } space || Segmentation is not { } segmentation || !_importanceSlot.IsStaleFor(key))
        {
            return Task.CompletedTask;
        }

        var names = Enumerable.Range(0, segmentation.NumberOfClusters).Select(label => Analytics.Personas.SegmentNames.Display(label, Insights?.Personas)).ToArray();
        return RunCachedAsync(_importanceSlot, key, (progress, ct) =>
        {
            var data = SegmentClassifierTrainingData.FromFeatureSpace(space.Table, space.Features, segmentation.Labels, names);
            return new SegmentImportance().Fit(data, progress, ct);
        });
    }

    /// <summary>
    /// The per-feature tests of the current segmentation on every customer feature (descriptive, or split-half when
    /// <paramref name="splitHalf"/>); the error says why they could not run. Cached per segmentation and choice.
    /// </summary>
    public (SegmentTestReport? Report, string? Error) SegmentTests(bool splitHalf)
    {
        if (Space is not { } space || Segmentation is not { } segmentation)
        {
            return (null, null);
        }

        var key = $"{StepKeys.Segmentation(space.Key, segmentation.Settings)}|tests|split:{splitHalf}";
        try
        {
            var features = space.Table.Columns.Select(c => c.Name).ToArray();
            return (_pipeline.Cache.GetOrAdd(key, () => new SegmentFeatureTests(new SegmentTestOptions { SplitHalf = splitHalf, Seed = segmentation.Settings.Seed })
                .Fit(space, segmentation, _pipeline.Segmenter, features)), null);
        }
        catch (Exception ex) when (DescribeDataError(ex) is { } message)
        {
            return (null, message);
        }
    }

    private static string? DescribeExplainError(Exception exception) =>
        exception is SegmentClassifierDataException data ? data.Message : DescribeDataError(exception);
}
