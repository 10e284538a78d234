namespace SegmentIQ.Analytics.Classification;

/// <summary>Options of <see cref="SegmentClassifier"/>; <see cref="Defaults"/> is the measured best accuracy/speed tradeoff.</summary>
public sealed record SegmentClassifierOptions
{
    /// <summary>The defaults: quadratic maximum entropy, 5 folds, seed 42.</summary>
    public static SegmentClassifierOptions Defaults { get; } = new();

    /// <summary>The learner.</summary>
    public SegmentClassifierTrainer Trainer { get; init; } = SegmentClassifierTrainer.QuadraticMaximumEntropy;

    /// <summary>Cross-validation folds (scikit-learn <c>cv</c>); 2 to 20. Every segment needs at least this many customers.</summary>
    public int NumberOfFolds { get; init; } = 5;

    /// <summary>Seed of the fold shuffle and of the learners, so the same data gives the same model and figures.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// L2 penalty of the maximum-entropy trainers; 0 or more. Small, because segments are nearly separable and a large
    /// penalty blurs their boundaries (ML.NET's default of 1 cost two points of accuracy on K-Means segments).
    /// </summary>
    public double L2Regularization { get; init; } = 0.01;

    /// <summary>
    /// Relative change of the loss at which L-BFGS stops; greater than 0 and below 1. 1e-5 is as accurate as ML.NET's
    /// 1e-7 on our segmentations and trains about four times faster.
    /// </summary>
    public double OptimizationTolerance { get; init; } = 1e-5;

    /// <summary>Boosted trees per segment (FastTree only); 1 to 2,000.</summary>
    public int NumberOfTrees { get; init; } = 50;

    /// <summary>Leaves per tree (FastTree only); 2 to 256.</summary>
    public int NumberOfLeaves { get; init; } = 20;

    /// <summary>Fewest training customers in a leaf (FastTree only); at least 1.</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    /// <summary>Shrinkage of each tree (FastTree only); greater than 0, at most 1.</summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>
    /// Upper bound on models trained at once (the fold models and the final one) and on threads of a large
    /// <see cref="SegmentClassifierModel.PredictBatch"/>; at least 1. Each model trains on one thread, so the result
    /// does not depend on this.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Trainer))
        {
            throw new ArgumentOutOfRangeException(nameof(Trainer), Trainer, $"Trainer must be one of {string.Join(", ", Enum.GetNames<SegmentClassifierTrainer>())}.");
        }

        if (NumberOfFolds is < 2 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfFolds), NumberOfFolds, "NumberOfFolds must be between 2 and 20.");
        }

        if (!(L2Regularization >= 0) || double.IsInfinity(L2Regularization))
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "L2Regularization must be a finite number >= 0.");
        }

        if (!(OptimizationTolerance > 0 && OptimizationTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(OptimizationTolerance), OptimizationTolerance, "OptimizationTolerance must be greater than 0 and less than 1.");
        }

        if (NumberOfTrees is < 1 or > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfTrees), NumberOfTrees, "NumberOfTrees must be between 1 and 2000.");
        }

        if (NumberOfLeaves is < 2 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfLeaves), NumberOfLeaves, "NumberOfLeaves must be between 2 and 256.");
        }

        if (MinimumExampleCountPerLeaf < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumExampleCountPerLeaf), MinimumExampleCountPerLeaf, "MinimumExampleCountPerLeaf must be at least 1.");
        }

        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be greater than 0 and at most 1.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1.");
        }
    }
}
