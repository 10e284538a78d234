using System.Globalization;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Clustering.GaussianMixture;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>The segmentation algorithms offered on the Segments page.</summary>
public enum SegmentationAlgorithm
{
    /// <summary>K-Means++ with restarts.</summary>
    KMeans,

    /// <summary>Agglomerative (hierarchical) clustering: one merge tree per linkage, cut at k segments or at a height.</summary>
    Hierarchical,

    /// <summary>DBSCAN: dense regions become segments, isolated customers are noise (anomalies).</summary>
    Dbscan,

    /// <summary>Gaussian mixture (EM): soft segments with a membership probability per customer.</summary>
    GaussianMixture,
}

/// <summary>How the hierarchical tree is cut.</summary>
public enum HierarchicalCutMode
{
    /// <summary>Cut so that exactly k segments remain.</summary>
    ByClusters,

    /// <summary>Cut at a merge height (the number of segments follows).</summary>
    ByHeight,
}

/// <summary>Everything the user can tune on the Segments page; one immutable value per slider position.</summary>
public sealed record SegmentationSettings
{
    /// <summary>Smallest k on the slider.</summary>
    public const int MinClusters = 2;

    /// <summary>Largest k on the slider.</summary>
    public const int MaxClusters = 12;

    /// <summary>Largest k any front door accepts (the API and saved analyses may go beyond the slider).</summary>
    public const int MaxClustersAllowed = 50;

    /// <summary>Smallest eps on the DBSCAN slider (in z-score units).</summary>
    public const double MinEps = 0.05;

    /// <summary>Largest eps on the DBSCAN slider.</summary>
    public const double MaxEps = 3.0;

    /// <summary>Step of the eps slider.</summary>
    public const double EpsStep = 0.01;

    /// <summary>Smallest min_samples on the DBSCAN slider.</summary>
    public const int MinMinSamples = 2;

    /// <summary>Largest min_samples on the DBSCAN slider.</summary>
    public const int MaxMinSamples = 50;

    /// <summary>The algorithm.</summary>
    public SegmentationAlgorithm Algorithm { get; init; } = SegmentationAlgorithm.KMeans;

    /// <summary>Number of segments (K-Means, hierarchical cut by k, mixtures).</summary>
    public int NumberOfClusters { get; init; } = ClusteringDefaults.NumberOfClusters;

    /// <summary>Seed of every random choice, so the same settings always give the same segments.</summary>
    public int Seed { get; init; } = ClusteringDefaults.Seed;

    /// <summary>Hierarchical: the linkage (Ward by default, as in scikit-learn).</summary>
    public Linkage Linkage { get; init; } = Linkage.Ward;

    /// <summary>Hierarchical: cut by number of segments or by height.</summary>
    public HierarchicalCutMode CutMode { get; init; } = HierarchicalCutMode.ByClusters;

    /// <summary>Hierarchical, <see cref="HierarchicalCutMode.ByHeight"/>: the merge height of the cut.</summary>
    public double CutHeight { get; init; }

    /// <summary>DBSCAN: neighbourhood radius in the scaled feature space.</summary>
    public double Eps { get; init; } = 0.5;

    /// <summary>DBSCAN: neighbours (the point included) a core customer needs within <see cref="Eps"/>.</summary>
    public int MinSamples { get; init; } = 5;

    /// <summary>Gaussian mixture: the shape of the components' covariances.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting outside its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Algorithm must be KMeans, Hierarchical, Dbscan or GaussianMixture.");
        }

        if (Algorithm != SegmentationAlgorithm.Dbscan && (NumberOfClusters < MinClusters || NumberOfClusters > MaxClustersAllowed)
            && !(Algorithm == SegmentationAlgorithm.Hierarchical && CutMode == HierarchicalCutMode.ByHeight))
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfClusters), NumberOfClusters, string.Create(CultureInfo.InvariantCulture, $"NumberOfClusters must be between {MinClusters} and {MaxClustersAllowed}."));
        }

        if (!Enum.IsDefined(Linkage))
        {
            throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Linkage must be Ward, Complete, Average or Single.");
        }

        if (!Enum.IsDefined(CutMode))
        {
            throw new ArgumentOutOfRangeException(nameof(CutMode), CutMode, "CutMode must be ByClusters or ByHeight.");
        }

        if (!(CutHeight >= 0) || double.IsInfinity(CutHeight))
        {
            throw new ArgumentOutOfRangeException(nameof(CutHeight), CutHeight, "CutHeight must be a finite number >= 0.");
        }

        if (!(Eps > 0) || double.IsInfinity(Eps))
        {
            throw new ArgumentOutOfRangeException(nameof(Eps), Eps, "Eps must be a finite number greater than 0.");
        }

        if (MinSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSamples), MinSamples, "MinSamples must be at least 1.");
        }

        if (!Enum.IsDefined(CovarianceType))
        {
            throw new ArgumentOutOfRangeException(nameof(CovarianceType), CovarianceType, "CovarianceType must be Full, Tied, Diagonal or Spherical.");
        }
    }

    /// <summary>A short human description of the algorithm and its parameters.</summary>
    public string Describe() => Algorithm switch
    {
        SegmentationAlgorithm.KMeans => $"K-Means, k = {NumberOfClusters}",
        SegmentationAlgorithm.Hierarchical => CutMode == HierarchicalCutMode.ByHeight
            ? $"Hierarchical ({Linkage}), cut at height {CutHeight.ToString("0.###", CultureInfo.InvariantCulture)}"
            : $"Hierarchical ({Linkage}), k = {NumberOfClusters}",
        SegmentationAlgorithm.Dbscan => $"DBSCAN, eps = {Eps.ToString("0.00", CultureInfo.InvariantCulture)}, min_samples = {MinSamples}",
        SegmentationAlgorithm.GaussianMixture => $"Gaussian mixture ({CovarianceType}), k = {NumberOfClusters}",
        _ => Algorithm.ToString(),
    };

    /// <summary>A display name of <paramref name="algorithm"/>.</summary>
    public static string AlgorithmName(SegmentationAlgorithm algorithm) => algorithm switch
    {
        SegmentationAlgorithm.KMeans => "K-Means++",
        SegmentationAlgorithm.Hierarchical => "Hierarchical (agglomerative)",
        SegmentationAlgorithm.Dbscan => "DBSCAN (density)",
        SegmentationAlgorithm.GaussianMixture => "Gaussian mixture",
        _ => algorithm.ToString(),
    };
}
