namespace SegmentIQ.Analytics.Classification;

/// <summary>Which ML.NET learner <see cref="SegmentClassifier"/> trains.</summary>
public enum SegmentClassifierTrainer
{
    /// <summary>
    /// Multinomial logistic regression (ML.NET L-BFGS maximum entropy) on the scaled features, their squares and their
    /// pairwise products. Quadratic boundaries are exactly what K-Means (linear) and Gaussian-mixture (quadratic)
    /// segments have, so this is the most accurate and by far the fastest to predict on our segmentations.
    /// </summary>
    QuadraticMaximumEntropy,

    /// <summary>
    /// Multinomial logistic regression on the scaled features alone: linear boundaries, one weight per feature and
    /// segment (the easiest model to explain). Enough for K-Means segments; loses a few points on mixture segments.
    /// </summary>
    MaximumEntropy,

    /// <summary>
    /// One boosted-tree ensemble per segment (ML.NET FastTree, one versus all), probabilities normalised across
    /// segments. For segments with irregular shapes (single or average linkage, DBSCAN with odd eps); slower to
    /// train and to predict.
    /// </summary>
    FastTreeOneVersusAll,
}
