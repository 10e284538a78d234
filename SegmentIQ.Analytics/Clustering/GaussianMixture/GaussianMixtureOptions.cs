namespace SegmentIQ.Analytics.Clustering.GaussianMixture;

/// <summary>Options of <see cref="GaussianMixture"/>; defaults follow scikit-learn's <c>GaussianMixture</c>.</summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>Number of mixture components (segments), at least 1.</summary>
    public int NumberOfComponents { get; init; } = ClusteringDefaults.NumberOfClusters;

    /// <summary>Covariance shape.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>Independent EM starts; the one with the best final lower bound is kept. At least 1.</summary>
    public int NInit { get; init; } = 1;

    /// <summary>Added to covariance diagonals so they stay positive definite; at least 0.</summary>
    public double RegCovar { get; init; } = 1e-6;

    /// <summary>EM stops when the per-sample lower bound improves by less than this; greater than 0.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>EM iterations per start, at least 1.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Seed of the k-means initialisation.</summary>
    public int Seed { get; init; } = ClusteringDefaults.Seed;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (NumberOfComponents < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfComponents), NumberOfComponents, "NumberOfComponents must be at least 1.");
        }

        if (!Enum.IsDefined(CovarianceType))
        {
            throw new ArgumentOutOfRangeException(nameof(CovarianceType), CovarianceType, "CovarianceType must be Full, Tied, Diagonal or Spherical.");
        }

        if (NInit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NInit), NInit, "NInit must be at least 1.");
        }

        if (!(RegCovar >= 0) || double.IsInfinity(RegCovar))
        {
            throw new ArgumentOutOfRangeException(nameof(RegCovar), RegCovar, "RegCovar must be a finite number of at least 0.");
        }

        if (!(Tolerance > 0) || double.IsInfinity(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be a finite number greater than 0.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be at least 1.");
        }
    }
}
