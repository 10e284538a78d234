using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Evaluation;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>Mean silhouette per k of one linkage's tree (NaN where the silhouette is undefined).</summary>
public sealed record LinkageSilhouetteSeries(Linkage Linkage, IReadOnlyList<int> Clusters, IReadOnlyList<double> Silhouettes)
{
    /// <summary>The k with the highest silhouette, or null when none is defined.</summary>
    public int? BestClusters
    {
        get
        {
            int? best = null;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < Clusters.Count; i++)
            {
                if (double.IsFinite(Silhouettes[i]) && Silhouettes[i] > bestValue)
                {
                    bestValue = Silhouettes[i];
                    best = Clusters[i];
                }
            }

            return best;
        }
    }
}

/// <summary>Silhouette per k for every linkage, and the best (linkage, k) overall.</summary>
public sealed record LinkageSweepResult(IReadOnlyList<LinkageSilhouetteSeries> Series, Linkage BestLinkage, int BestClusters, double BestSilhouette, bool Sampled, int ScoredRows);

/// <summary>
/// The hierarchical counterpart of the K-Means sweep: each linkage's merge tree (from the session's cache, so it is
/// built once) is cut at every k and the cut scored with the silhouette.
/// </summary>
public static class LinkageSweep
{
    /// <summary>The linkages swept, in display order.</summary>
    public static IReadOnlyList<Linkage> Linkages { get; } = [Linkage.Ward, Linkage.Complete, Linkage.Average, Linkage.Single];

    /// <summary>Runs the sweep for k = <paramref name="minClusters"/>..<paramref name="maxClusters"/>, reporting progress 0..1.</summary>
    public static LinkageSweepResult Run(
        Func<Linkage, CancellationToken, AgglomerativeModel> tree,
        Analytics.Numerics.FeatureMatrix data,
        int minClusters,
        int maxClusters,
        SilhouetteOptions silhouette,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(minClusters, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClusters, minClusters);
        var steps = Linkages.Count * (maxClusters - minClusters + 2);
        var done = 0;
        var series = new List<LinkageSilhouetteSeries>();
        var sampled = false;
        var scored = data.Rows;
        foreach (var linkage in Linkages)
        {
            var model = tree(linkage, cancellationToken);
            progress?.Report((double)++done / steps);
            var ks = new List<int>();
            var values = new List<double>();
            for (var k = minClusters; k <= Math.Min(maxClusters, model.TreeRows); k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = Silhouette.Compute(data, model.WithClusters(k).Labels, silhouette, cancellationToken: cancellationToken);
                ks.Add(k);
                values.Add(result.IsDefined ? result.Mean : double.NaN);
                sampled |= result.IsSampled;
                scored = result.ScoredRows > 0 ? result.ScoredRows : scored;
                progress?.Report((double)++done / steps);
            }

            series.Add(new LinkageSilhouetteSeries(linkage, ks, values));
        }

        var best = series
            .SelectMany(s => s.Clusters.Select((k, i) => (s.Linkage, K: k, Value: s.Silhouettes[i])))
            .Where(p => double.IsFinite(p.Value))
            .DefaultIfEmpty((Linkage.Ward, minClusters, double.NaN))
            .MaxBy(p => double.IsFinite(p.Item3) ? p.Item3 : double.NegativeInfinity);
        return new LinkageSweepResult(series, best.Item1, best.Item2, best.Item3, sampled, scored);
    }
}
