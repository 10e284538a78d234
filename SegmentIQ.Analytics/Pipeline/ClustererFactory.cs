using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Clustering.KMeans;
using KMeansClusterer = SegmentIQ.Analytics.Clustering.KMeans.KMeans;
using DbscanClusterer = SegmentIQ.Analytics.Clustering.Dbscan.Dbscan;
using MixtureClusterer = SegmentIQ.Analytics.Clustering.GaussianMixture.GaussianMixture;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The one place that turns <see cref="SegmentationSettings"/> into a configured clusterer: the segmentation, the
/// stability refits, the comparison, the API and the bench all build their algorithm here.
/// </summary>
public static class ClustererFactory
{
    /// <summary>
    /// A fit function for <paramref name="settings"/>; <paramref name="numberOfClusters"/> overrides the settings' k
    /// (stability refits a hierarchical height cut with the k it produced).
    /// </summary>
    public static Func<FeatureMatrix, CancellationToken, IClusteringModel> Create(SegmentationSettings settings, PipelineOptions limits, int? numberOfClusters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(limits);
        var k = numberOfClusters ?? settings.NumberOfClusters;
        return settings.Algorithm switch
        {
            SegmentationAlgorithm.KMeans => (m, ct) => new KMeansClusterer(KMeansOptions(k, settings.Seed)).Fit(m, ct),
            SegmentationAlgorithm.Hierarchical => (m, ct) => new AgglomerativeClustering(new AgglomerativeOptions
            {
                Linkage = settings.Linkage,
                NumberOfClusters = k,
                MaxRowsForFullTree = limits.AgglomerativeSampleLimitFor(settings.Linkage),
                Seed = settings.Seed,
            }).Fit(m, null, ct),
            SegmentationAlgorithm.Dbscan => (m, ct) => new DbscanClusterer(DbscanOptions(settings)).Fit(m, ct),
            SegmentationAlgorithm.GaussianMixture => (m, ct) => new MixtureClusterer(new GaussianMixtureOptions
            {
                NumberOfComponents = k,
                CovarianceType = settings.CovarianceType,
                Seed = settings.Seed,
            }).Fit(m, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Algorithm, "Algorithm must be KMeans, Hierarchical, Dbscan or GaussianMixture."),
        };
    }

    /// <summary>The K-Means options of a segmentation with <paramref name="k"/> segments and <paramref name="seed"/> (the k sweep fits with the same).</summary>
    public static KMeansOptions KMeansOptions(int k, int seed) => new() { NumberOfClusters = k, Seed = seed };

    /// <summary>The DBSCAN options of <paramref name="settings"/>.</summary>
    public static DbscanOptions DbscanOptions(SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DbscanOptions { Eps = settings.Eps, MinSamples = settings.MinSamples };
    }
}
