using SegmentIQ.Analytics.Classification;

namespace SegmentIQ.Analytics.Explain;

/// <summary>Options of <see cref="SegmentImportance"/>.</summary>
public sealed record SegmentImportanceOptions
{
    /// <summary>The defaults: the linear maximum-entropy surrogate, 5 folds, 5 permutations per feature.</summary>
    public static SegmentImportanceOptions Defaults { get; } = new();

    /// <summary>
    /// The surrogate classifier (the API's <see cref="SegmentClassifier"/>). Its learner must read each feature as one
    /// input (<see cref="SegmentClassifierTrainer.MaximumEntropy"/> or <see cref="SegmentClassifierTrainer.FastTreeOneVersusAll"/>):
    /// the quadratic learner mixes features into products, so permuting one input would not be one feature.
    /// </summary>
    public SegmentClassifierOptions Classifier { get; init; } = SegmentClassifierOptions.Defaults with { Trainer = SegmentClassifierTrainer.MaximumEntropy };

    /// <summary>Permutations per feature (the spread is over these); 1 to 50.</summary>
    public int PermutationCount { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Classifier, nameof(Classifier));
        Classifier.Validate();
        if (!MlNetPermutationImportance.Supports(Classifier.Trainer))
        {
            throw new ArgumentOutOfRangeException(nameof(Classifier), Classifier.Trainer,
                "Classifier.Trainer must be MaximumEntropy or FastTreeOneVersusAll: permutation importance permutes one feature at a time, and the quadratic learner mixes features into products.");
        }

        if (PermutationCount is < 1 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(PermutationCount), PermutationCount, "PermutationCount must be between 1 and 50.");
        }
    }
}
