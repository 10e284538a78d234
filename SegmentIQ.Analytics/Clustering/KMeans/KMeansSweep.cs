using System.Globalization;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.KMeans;

/// <summary>Options of <see cref="KMeansSweep"/>.</summary>
public sealed record KMeansSweepOptions
{
    /// <summary>Smallest k tried; at least 2 (the silhouette needs two segments).</summary>
    public int MinClusters { get; init; } = 2;

    /// <summary>Largest k tried; at least <see cref="MinClusters"/>.</summary>
    public int MaxClusters { get; init; } = 12;

    /// <summary>K-Means settings for every k (its <see cref="KMeansOptions.NumberOfClusters"/> is replaced by each k).</summary>
    public KMeansOptions KMeans { get; init; } = new();

    /// <summary>Silhouette settings (exact up to a size, sampled above).</summary>
    public SilhouetteOptions Silhouette { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field outside its allowed range.</summary>
    public void Validate()
    {
        if (MinClusters < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MinClusters), MinClusters, "MinClusters must be at least 2.");
        }

        if (MaxClusters < MinClusters)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClusters), MaxClusters, $"MaxClusters must be at least MinClusters ({MinClusters}).");
        }

        ArgumentNullException.ThrowIfNull(KMeans, nameof(KMeans));
        ArgumentNullException.ThrowIfNull(Silhouette, nameof(Silhouette));
        KMeans.Validate();
        Silhouette.Validate();
    }
}

/// <summary>One k of the sweep: a point on the elbow chart and on the silhouette chart.</summary>
/// <param name="NumberOfClusters">k.</param>
/// <param name="Inertia">Best inertia over the restarts.</param>
/// <param name="Silhouette">Mean silhouette of the best labels (NaN when undefined).</param>
/// <param name="SilhouetteSampled">True when the silhouette was estimated on a sample.</param>
/// <param name="SilhouetteRows">Rows the silhouette was computed on.</param>
/// <param name="Iterations">Iterations of the kept restart.</param>
/// <param name="Converged">Whether the kept restart converged.</param>
/// <param name="Sizes">Rows per segment.</param>
/// <param name="Model">The fitted model, so picking a k on the chart needs no refit.</param>
public sealed record KMeansSweepPoint(
    int NumberOfClusters,
    double Inertia,
    double Silhouette,
    bool SilhouetteSampled,
    int SilhouetteRows,
    int Iterations,
    bool Converged,
    IReadOnlyList<int> Sizes,
    KMeansModel Model)
{
    /// <summary>
    /// The labels renumbered by the ordering key the sweep was given (<see cref="ClusterLabels.Canonicalize"/>), as a
    /// segmentation numbers them; null when the sweep had no ordering key.
    /// </summary>
    public IReadOnlyList<int>? CanonicalLabels { get; init; }

    /// <summary>The full quality report of <see cref="CanonicalLabels"/> (silhouette, Davies–Bouldin, Calinski–Harabasz); null without an ordering key.</summary>
    public ClusterQualityReport? Quality { get; init; }
}

/// <summary>The sweep over k: chart points, the suggested k and caveats.</summary>
/// <param name="Points">One point per k tried, ascending.</param>
/// <param name="SuggestedNumberOfClusters">The suggested k (see <see cref="KMeansSweep"/>), or null if no silhouette is defined.</param>
/// <param name="SilhouetteSampled">True when the silhouettes are estimates on a sample.</param>
/// <param name="Caveats">Notes for the user (range capped, non-convergence, sampling).</param>
/// <param name="SuggestionReason">Why that k is suggested, in words; null without a suggestion.</param>
public sealed record KMeansSweepResult(
    IReadOnlyList<KMeansSweepPoint> Points,
    int? SuggestedNumberOfClusters,
    bool SilhouetteSampled,
    IReadOnlyList<string> Caveats,
    string? SuggestionReason = null);

/// <summary>
/// Fits K-Means for every k in a range and scores each with its inertia (elbow chart) and silhouette (silhouette
/// chart), and suggests a k a business can act on: the best silhouette among the k with at least
/// <see cref="MinActionableClusters"/> segments that each hold between <see cref="MinSegmentShare"/> and
/// <see cref="MaxSegmentShare"/> of the customers. A higher-scoring k outside those rules, or a suggestion at the edge of
/// the range, is explained in <see cref="KMeansSweepResult.SuggestionReason"/>.
/// </summary>
public static class KMeansSweep
{
    /// <summary>Two segments only split customers into a better and a worse half; a suggestion has at least three.</summary>
    public const int MinActionableClusters = 3;

    /// <summary>A segment smaller than this share of customers is too small to run a campaign on.</summary>
    public const double MinSegmentShare = 0.03;

    /// <summary>A segment holding more than this share of customers hides the differences inside it.</summary>
    public const double MaxSegmentShare = 0.5;

    /// <summary>Runs the sweep; progress goes from 0 to 1 over the k values.</summary>
    /// <exception cref="ClusteringDataException">The data has fewer distinct rows than <see cref="KMeansSweepOptions.MinClusters"/>.</exception>
    public static KMeansSweepResult Run(FeatureMatrix data, KMeansSweepOptions? options = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        Run(data, options, null, progress, cancellationToken);

    /// <summary>
    /// Runs the sweep; with an <paramref name="orderingKey"/> (one value per row) each point also holds its labels
    /// numbered as a segmentation numbers them and their full quality report, so a segmentation at any k of the sweep
    /// is assembled from the point without fitting or scoring again (the silhouette, the costly part, is the sweep's).
    /// </summary>
    public static KMeansSweepResult Run(
        FeatureMatrix data,
        KMeansSweepOptions? options,
        double[]? orderingKey,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (orderingKey is not null && orderingKey.Length != data.Rows)
        {
            throw new ArgumentException($"The ordering key has {orderingKey.Length} values for {data.Rows} rows.", nameof(orderingKey));
        }

        options ??= new KMeansSweepOptions();
        options.Validate();
        var caveats = new List<string>();

        // Cap the range at the number of distinct customers rather than failing the whole sweep.
        KMeans.CheckData(data, options.MinClusters);
        var maxK = options.MaxClusters;
        var distinct = ClusteringInput.CountUpTo(data, maxK);
        if (distinct < maxK)
        {
            caveats.Add(string.Create(CultureInfo.InvariantCulture,
                $"The data has only {distinct} distinct customers, so k stops at {distinct} instead of {maxK}."));
            maxK = distinct;
        }

        var points = new List<KMeansSweepPoint>();
        var count = maxK - options.MinClusters + 1;
        for (var k = options.MinClusters; k <= maxK; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = new KMeans(options.KMeans with { NumberOfClusters = k }).Fit(data, cancellationToken);
            var step = k - options.MinClusters;
            progress?.Report((step + 0.5) / count);
            var canonical = orderingKey is null ? null : ClusterLabels.Canonicalize(model.Labels, orderingKey);
            var quality = canonical is null ? null : ClusterQuality.Evaluate(data, canonical, options.Silhouette, null, cancellationToken);
            var silhouette = quality?.Silhouette ?? Silhouette.Compute(data, model.Labels, options.Silhouette, null, cancellationToken);
            points.Add(new KMeansSweepPoint(k, model.Inertia, silhouette.Mean, silhouette.IsSampled, silhouette.ScoredRows,
                model.Iterations, model.Converged, model.Sizes, model)
            {
                CanonicalLabels = canonical,
                Quality = quality,
            });
            if (!model.Converged)
            {
                caveats.Add(string.Create(CultureInfo.InvariantCulture, $"k = {k}: K-Means did not converge within {options.KMeans.MaxIterations} iterations."));
            }

            progress?.Report((step + 1.0) / count);
        }

        var sampled = points.Any(p => p.SilhouetteSampled);
        if (sampled)
        {
            caveats.Add(string.Create(CultureInfo.InvariantCulture,
                $"Silhouettes are estimated on a random sample of {points[0].SilhouetteRows} customers."));
        }

        var (suggested, reason) = Suggest(points, options.MinClusters, maxK);
        return new KMeansSweepResult(points, suggested, sampled, caveats, reason);
    }

    /// <summary>The suggested k and why (see the type's summary).</summary>
    internal static (int? K, string? Reason) Suggest(IReadOnlyList<KMeansSweepPoint> points, int minK, int maxK)
    {
        var scored = points.Where(p => !double.IsNaN(p.Silhouette)).ToArray();
        if (scored.Length == 0)
        {
            return (null, null);
        }

        static KMeansSweepPoint Best(IEnumerable<KMeansSweepPoint> candidates) =>
            candidates.OrderByDescending(p => p.Silhouette).ThenBy(p => p.NumberOfClusters).First();

        var best = Best(scored);
        var actionable = scored.Where(Actionable).ToArray();
        var invariant = CultureInfo.InvariantCulture;
        if (actionable.Length == 0)
        {
            return (best.NumberOfClusters, string.Create(invariant,
                $"Best silhouette ({best.Silhouette:0.00}). No k from {minK} to {maxK} gives at least {MinActionableClusters} segments that each hold {MinSegmentShare:P0} to {MaxSegmentShare:P0} of customers, so weigh the sizes yourself."));
        }

        var choice = Best(actionable);
        var reason = string.Create(invariant,
            $"Best silhouette ({choice.Silhouette:0.00}) among the k with at least {MinActionableClusters} segments that each hold {MinSegmentShare:P0} to {MaxSegmentShare:P0} of customers.");
        if (best.NumberOfClusters != choice.NumberOfClusters)
        {
            reason += best.NumberOfClusters < MinActionableClusters
                ? string.Create(invariant, $" k = {best.NumberOfClusters} scores higher ({best.Silhouette:0.00}) but only splits customers into {best.NumberOfClusters} groups ({SizeText(best)}).")
                : string.Create(invariant, $" k = {best.NumberOfClusters} scores higher ({best.Silhouette:0.00}) but its segments hold {SizeText(best)} of customers.");
        }

        if (choice.NumberOfClusters == maxK && maxK > minK)
        {
            reason += string.Create(invariant, $" It is the largest k tried ({maxK}): more segments might score higher but are harder to act on.");
        }

        return (choice.NumberOfClusters, reason);
    }

    private static bool Actionable(KMeansSweepPoint point)
    {
        var total = (double)point.Sizes.Sum();
        return point.NumberOfClusters >= MinActionableClusters && total > 0
            && point.Sizes.All(size => size / total >= MinSegmentShare && size / total <= MaxSegmentShare);
    }

    private static string SizeText(KMeansSweepPoint point)
    {
        var total = (double)point.Sizes.Sum();
        var shares = point.Sizes.Select(size => size / total).ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{shares.Min():P0} to {shares.Max():P0}");
    }
}
