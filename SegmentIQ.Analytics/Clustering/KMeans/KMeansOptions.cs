namespace SegmentIQ.Analytics.Clustering.KMeans;

/// <summary>How each K-Means restart iterates; both give the same result up to rounding.</summary>
public enum KMeansAlgorithm
{
    /// <summary>Classic assign-then-average iterations (scikit-learn <c>algorithm="lloyd"</c>).</summary>
    Lloyd,

    /// <summary>
    /// Elkan's triangle-inequality pruning (scikit-learn <c>algorithm="elkan"</c>): skips most distance computations
    /// when clusters are well separated, at the cost of n × k bounds in memory. It pays off with many features; with
    /// the usual 3–6 customer features the vectorised Lloyd pass is several times faster.
    /// </summary>
    Elkan,
}

/// <summary>Options of <see cref="KMeans"/>; the defaults follow scikit-learn's <c>KMeans</c>.</summary>
public sealed record KMeansOptions
{
    /// <summary>Number of segments k (scikit-learn <c>n_clusters</c>); at least 1.</summary>
    public int NumberOfClusters { get; init; } = ClusteringDefaults.NumberOfClusters;

    /// <summary>Number of k-means++ restarts; the one with the lowest inertia is kept. At least 1.</summary>
    public int NInit { get; init; } = 10;

    /// <summary>Maximum Lloyd/Elkan iterations per restart; at least 1.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// Convergence tolerance, relative to the mean per-feature variance of the data (as scikit-learn): a restart stops
    /// when the summed squared centroid shift is at most <c>Tolerance × mean variance</c>. Zero or positive.
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed of the random stream; each restart's seed is derived from it, so results are reproducible.</summary>
    public int Seed { get; init; } = ClusteringDefaults.Seed;

    /// <summary>Iteration algorithm.</summary>
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;

    /// <summary>Upper bound on restarts run at once; at least 1. Defaults to the processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (NumberOfClusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfClusters), NumberOfClusters, "NumberOfClusters must be at least 1.");
        }

        if (NInit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NInit), NInit, "NInit must be at least 1.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be at least 1.");
        }

        if (!(Tolerance >= 0) || double.IsInfinity(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be a finite number >= 0.");
        }

        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Algorithm must be Lloyd or Elkan.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1.");
        }
    }
}
