using System.Diagnostics;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Personas;
using DbscanClusterer = SegmentIQ.Analytics.Clustering.Dbscan.Dbscan;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The segmentation step: fits the chosen algorithm on a clustering space (through <see cref="ClustererFactory"/>),
/// numbers the segments canonically and evaluates the result. Stateless apart from its limits, so one instance serves
/// every session, API request and schedule.
/// </summary>
public sealed class Segmenter(PipelineOptions options)
{
    /// <summary>A segmenter with the shipped limits.</summary>
    public Segmenter()
        : this(PipelineOptions.Defaults)
    {
    }

    /// <summary>The engine's size limits.</summary>
    public PipelineOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Fits and evaluates without reusable structures (each call builds its own tree or index).</summary>
    public SegmentationResult Run(ClusteringSpace space, SegmentationSettings settings, CancellationToken cancellationToken)
    {
        using var cache = new ClusteringStructureCache();
        return Run(space, settings, cache, cancellationToken);
    }

    /// <summary>
    /// Fits and evaluates, reusing the merge trees and the DBSCAN index held in <paramref name="cache"/>; throws
    /// <see cref="ClusteringDataException"/> when the data cannot support the settings and
    /// <see cref="ArgumentOutOfRangeException"/> naming a setting out of range.
    /// </summary>
    public SegmentationResult Run(ClusteringSpace space, SegmentationSettings settings, ClusteringStructureCache cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(cache);
        settings.Validate();
        var watch = Stopwatch.StartNew();
        var matrix = space.Features.Matrix;
        double[]? membership = null;
        IReadOnlyList<DbscanPointKind>? kinds = null;
        double? cutHeight = null;
        IClusteringModel model;
        switch (settings.Algorithm)
        {
            case SegmentationAlgorithm.Hierarchical:
                // The tree is built once per linkage and re-cut: moving k costs a cut, not a fit.
                var tree = cache.Agglomerative(space, settings.Linkage, Options.AgglomerativeSampleLimitFor(settings.Linkage), settings.Seed, cancellationToken);
                var cut = settings.CutMode == HierarchicalCutMode.ByHeight
                    ? tree.WithCutHeight(settings.CutHeight)
                    : tree.WithClusters(EnsureClusterCount(settings.NumberOfClusters, tree.TreeRows));
                cutHeight = settings.CutMode == HierarchicalCutMode.ByHeight ? settings.CutHeight : cut.CutHeight;
                model = cut;
                break;
            case SegmentationAlgorithm.Dbscan:
                // The neighbour index is built once per space: moving eps re-queries it.
                var dbscan = new DbscanClusterer(ClustererFactory.DbscanOptions(settings)).Fit(cache.DbscanIndex(space, cancellationToken), cancellationToken);
                kinds = dbscan.PointKinds;
                model = dbscan;
                break;
            default:
                model = ClustererFactory.Create(settings, Options)(matrix, cancellationToken);
                if (model is GaussianMixtureModel mixture)
                {
                    membership = new double[mixture.Rows];
                    for (var row = 0; row < membership.Length; row++)
                    {
                        membership[row] = MaxOf(mixture.Membership(row));
                    }
                }

                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var labels = ClusterLabels.Canonicalize(model.Labels, space.OrderingKey);
        var clusters = labels.Length == 0 ? 0 : Math.Max(0, labels.Max() + 1);
        var noise = labels.Count(l => l == ClusterLabels.Noise);
        var quality = ClusterQuality.Evaluate(matrix, labels, new SilhouetteOptions { MaxExactRows = Options.SilhouetteExactLimit, Seed = settings.Seed }, cancellationToken: cancellationToken);
        var kpis = SegmentKpis.Compute(space.Table, labels);
        var warnings = model.Warnings.Concat(quality.Notes).Distinct().ToList();
        return new SegmentationResult(settings, model, labels, clusters, noise, quality, kpis, warnings, watch.Elapsed.TotalMilliseconds)
        {
            MembershipProbability = membership,
            PointKinds = kinds,
            CutHeight = cutHeight,
        };
    }

    /// <summary>
    /// The function <see cref="Stability"/> refits on each resample: the same algorithm and parameters as
    /// <paramref name="settings"/> (hierarchical: the same number of segments as the full-data cut).
    /// </summary>
    public Func<Numerics.FeatureMatrix, CancellationToken, IClusteringModel> RefitFunction(SegmentationSettings settings, int numberOfClusters) =>
        ClustererFactory.Create(settings, Options, Math.Max(1, numberOfClusters));

    /// <summary>
    /// The options of the K-Means sweep over k of <paramref name="space"/> whose points this segmenter can serve: k from
    /// <see cref="SegmentationSettings.MinClusters"/> to <see cref="SegmentationSettings.MaxClusters"/> (at most the rows
    /// less one), each fit as <see cref="ClustererFactory"/> fits K-Means and scored as <see cref="Run(ClusteringSpace, SegmentationSettings, ClusteringStructureCache, CancellationToken)"/> scores.
    /// </summary>
    public KMeansSweepOptions SweepOptions(ClusteringSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new KMeansSweepOptions
        {
            MinClusters = SegmentationSettings.MinClusters,
            MaxClusters = Math.Max(SegmentationSettings.MinClusters, Math.Min(SegmentationSettings.MaxClusters, space.Features.Matrix.Rows - 1)),
            KMeans = ClustererFactory.KMeansOptions(SegmentationSettings.MinClusters, seed),
            Silhouette = new SilhouetteOptions { MaxExactRows = Options.SilhouetteExactLimit, Seed = seed },
        };
    }

    /// <summary>
    /// The K-Means segmentation at <paramref name="settings"/>' k assembled from a point of <paramref name="sweep"/> (run
    /// with <see cref="SweepOptions"/> and the space's ordering key): the same model, labels and quality a fit would give,
    /// only the KPIs are computed. Null when the settings are not K-Means or the sweep has no such point.
    /// </summary>
    public static SegmentationResult? FromSweep(ClusteringSpace space, SegmentationSettings settings, KMeansSweepResult sweep)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sweep);
        if (settings.Algorithm != SegmentationAlgorithm.KMeans
            || sweep.Points.FirstOrDefault(p => p.NumberOfClusters == settings.NumberOfClusters) is not { CanonicalLabels: { } labels, Quality: { } quality } point)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var clusters = labels.Count == 0 ? 0 : Math.Max(0, labels.Max() + 1);
        var kpis = SegmentKpis.Compute(space.Table, labels);
        var warnings = point.Model.Warnings.Concat(quality.Notes).Distinct().ToList();
        return new SegmentationResult(settings, point.Model, labels, clusters, 0, quality, kpis, warnings, watch.Elapsed.TotalMilliseconds)
        {
            FromKMeansSweep = true,
        };
    }

    private static int EnsureClusterCount(int k, int treeRows) =>
        k >= 1 && k <= treeRows
            ? k
            : throw new ClusteringDataException($"Asked for {k} segments but the tree has {treeRows} customers; choose at most {treeRows} (NumberOfClusters).");

    private static double MaxOf(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
