using SegmentIQ.Analytics.Classification;

namespace SegmentIQ.Analytics.Explain;

/// <summary>
/// Explains a segmentation with a surrogate: the API's <see cref="SegmentClassifier"/> is trained to reproduce the
/// segments (its k-fold accuracy says how faithful it is), then ML.NET's <c>PermutationFeatureImportance</c> permutes each
/// feature repeatedly and measures how much worse the surrogate gets, overall (accuracy) and per segment (the log-loss
/// of that segment's customers). Nothing here re-implements a learner or the permutation loop.
/// </summary>
public sealed class SegmentImportance
{
    /// <summary>Creates the explainer; the options (null: <see cref="SegmentImportanceOptions.Defaults"/>) are validated here.</summary>
    public SegmentImportance(SegmentImportanceOptions? options = null)
    {
        options ??= SegmentImportanceOptions.Defaults;
        options.Validate();
        Options = options;
    }

    /// <summary>The validated options.</summary>
    public SegmentImportanceOptions Options { get; }

    /// <summary>
    /// Cross-validates the surrogate on <paramref name="data"/> (noise customers left out), then computes the importances
    /// on every labelled customer. Reports progress from 0 to 1.
    /// </summary>
    /// <exception cref="SegmentClassifierDataException">Fewer than two segments, or a segment smaller than the folds.</exception>
    public SegmentImportanceModel Fit(SegmentClassifierTrainingData data, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var surrogate = new SegmentClassifier(Options.Classifier).Train(data, cancellationToken);
        progress?.Report(0.5);
        var kept = Enumerable.Range(0, data.Labels.Count).Where(i => data.Labels[i] >= 0).ToArray();
        var (labels, scaled) = data.Scaled(kept);
        var d = data.FeatureNames.Count;
        var (accuracy, segmentLogLoss) = MlNetPermutationImportance.Run(Options.Classifier, scaled, d, labels, data.NumberOfSegments, Options.PermutationCount, cancellationToken);
        progress?.Report(1);

        // ML.NET reports permuted minus baseline: accuracy falls (negated here), log-loss rises.
        var overall = Ranked(data.FeatureNames, j => -accuracy[j].Mean, j => accuracy[j].StandardDeviation);
        var perSegment = Enumerable.Range(0, data.NumberOfSegments)
            .Select(c => new SegmentImportanceRow(c, data.SegmentNames[c], Ranked(data.FeatureNames, j => segmentLogLoss[c][j]?.Mean ?? double.NaN, j => segmentLogLoss[c][j]?.StandardDeviation ?? double.NaN)))
            .ToList();
        return new SegmentImportanceModel(surrogate.CrossValidation, overall, perSegment, Options.PermutationCount, Options.Classifier.Trainer, surrogate.Warnings);
    }

    private static List<FeatureImportance> Ranked(IReadOnlyList<string> names, Func<int, double> mean, Func<int, double> spread) =>
        [.. Enumerable.Range(0, names.Count)
            .Select(j => new FeatureImportance(names[j], mean(j), spread(j)))
            .OrderByDescending(f => double.IsNaN(f.Mean) ? double.NegativeInfinity : f.Mean)
            .ThenBy(f => f.Feature, StringComparer.Ordinal)];
}
