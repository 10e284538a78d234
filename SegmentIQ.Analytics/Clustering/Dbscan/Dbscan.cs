using System.Globalization;
using System.Runtime.CompilerServices;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.Dbscan;

/// <summary>
/// DBSCAN (Ester et al. 1996) as scikit-learn runs it: a row is core when at least <c>MinSamples</c> rows (itself
/// included) lie within <c>Eps</c>; clusters grow from core rows in index order, and a border row joins the first
/// cluster that reaches it, so labels, cluster counts and sizes match scikit-learn. The same labels are computed
/// without listing neighbourhoods: <see cref="CoreGraph"/> counts neighbours only up to <c>MinSamples</c>, links
/// cores with a union–find over the k-d tree, and the clusters are then numbered by their lowest core row and each
/// border row takes the lowest cluster among its core neighbours. No n × n matrix is ever built.
/// </summary>
public sealed class Dbscan : IClusterer
{
    /// <summary>Creates the clusterer; the options are validated here.</summary>
    public Dbscan(DbscanOptions? options = null)
    {
        Options = options ?? new DbscanOptions();
        Options.Validate();
    }

    /// <summary>The validated options.</summary>
    public DbscanOptions Options { get; }

    /// <inheritdoc />
    IClusteringModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);

    /// <summary>Builds a k-d tree over <paramref name="data"/> and clusters it.</summary>
    public DbscanModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(DbscanIndex.Build(data), cancellationToken);
    }

    /// <summary>Clusters the rows of a prebuilt <paramref name="index"/> (reuse it across Eps/MinSamples changes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DbscanModel Fit(DbscanIndex index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var data = index.Data;
        var n = data.Rows;

        var tree = index.Tree;
        var graph = CoreGraph.Build(tree, Options.Eps, Options.MinSamples, cancellationToken);
        var isCore = graph.IsCore;
        var rowOf = tree.RowOf;
        var positionOf = new int[n];
        for (var p = 0; p < n; p++)
        {
            positionOf[rowOf[p]] = p;
        }

        // scikit-learn grows clusters from the lowest-index unlabelled core row, so a cluster's number is the rank
        // of its lowest core row; a border row joins the first cluster grown that reaches it, i.e. the lowest.
        var labels = new int[n];
        var labelAt = new int[n];
        var clusterOfComponent = new int[n];
        Array.Fill(clusterOfComponent, ClusterLabels.Noise);
        var clusterCount = 0;
        for (var row = 0; row < n; row++)
        {
            var p = positionOf[row];
            if (!isCore[p])
            {
                continue;
            }

            var component = graph.Component(p);
            if (clusterOfComponent[component] == ClusterLabels.Noise)
            {
                clusterOfComponent[component] = clusterCount++;
            }

            labels[row] = labelAt[p] = clusterOfComponent[component];
        }

        cancellationToken.ThrowIfCancellationRequested();
        var kinds = new DbscanPointKind[n];
        for (var row = 0; row < n; row++)
        {
            var p = positionOf[row];
            if (isCore[p])
            {
                kinds[row] = DbscanPointKind.Core;
                continue;
            }

            labels[row] = graph.LowestCoreLabelNear(p, labelAt);
            kinds[row] = labels[row] >= 0 ? DbscanPointKind.Border : DbscanPointKind.Noise;
        }

        return new DbscanModel(Options, labels, kinds, clusterCount, Warn(clusterCount, labels));
    }

    private List<string> Warn(int clusterCount, int[] labels)
    {
        var warnings = new List<string>();
        var noise = labels.Count(l => l == ClusterLabels.Noise);
        if (clusterCount == 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"No cluster found: every row is noise at Eps = {Options.Eps} and MinSamples = {Options.MinSamples}. Increase Eps or lower MinSamples."));
        }
        else if (clusterCount == 1)
        {
            warnings.Add("Only one cluster was found; try a smaller Eps to separate segments.");
        }

        if (clusterCount > 0 && noise > labels.Length / 2)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{noise} of {labels.Length} rows ({100.0 * noise / labels.Length:F0} %) are noise; consider a larger Eps."));
        }

        return warnings;
    }
}
