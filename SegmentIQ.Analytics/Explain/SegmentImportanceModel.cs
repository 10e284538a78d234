using SegmentIQ.Analytics.Classification;

namespace SegmentIQ.Analytics.Explain;

/// <summary>How much one feature matters: the mean and spread of a score's change over repeated permutations.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Mean">Mean loss of the score when the feature is permuted (positive: the feature helps).</param>
/// <param name="StandardDeviation">Standard deviation of that loss over the permutations.</param>
public sealed record FeatureImportance(string Feature, double Mean, double StandardDeviation);

/// <summary>One segment's importances, most important first.</summary>
/// <param name="Segment">Zero-based label.</param>
/// <param name="Name">Display name ("Segment 1 · Champions").</param>
/// <param name="Features">Increase of the log-loss of this segment's customers when each feature is permuted.</param>
public sealed record SegmentImportanceRow(int Segment, string Name, IReadOnlyList<FeatureImportance> Features);

/// <summary>What drives a segmentation, according to a surrogate classifier trained to reproduce it.</summary>
/// <param name="CrossValidation">The surrogate's cross-validated accuracy (how far its explanation can be trusted).</param>
/// <param name="Overall">Drop of accuracy when each feature is permuted, most important first.</param>
/// <param name="PerSegment">Per segment (that segment against the rest): increase of its customers' log-loss.</param>
/// <param name="PermutationCount">Permutations per feature.</param>
/// <param name="Trainer">The surrogate's learner.</param>
/// <param name="Warnings">Caveats (noise left out, constant features…).</param>
public sealed record SegmentImportanceModel(
    CrossValidationResult CrossValidation,
    IReadOnlyList<FeatureImportance> Overall,
    IReadOnlyList<SegmentImportanceRow> PerSegment,
    int PermutationCount,
    SegmentClassifierTrainer Trainer,
    IReadOnlyList<string> Warnings);
