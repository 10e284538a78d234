using System.Diagnostics;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
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
