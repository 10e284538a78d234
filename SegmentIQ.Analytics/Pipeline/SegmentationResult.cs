using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// A segmentation as the pages show it: canonical labels (segment 0 has the highest mean monetary value, noise -1),
/// quality metrics (noise excluded), per-segment KPIs and the caveats of the fit.
/// </summary>
public sealed record SegmentationResult(
    SegmentationSettings Settings,
    IClusteringModel Model,
    IReadOnlyList<int> Labels,
    int NumberOfClusters,
    int NoiseCount,
    ClusterQualityReport Quality,
    SegmentKpiReport Kpis,
    IReadOnlyList<string> Warnings,
    double ElapsedMilliseconds)
{
    /// <summary>Customers per segment, index = label.</summary>
    public IReadOnlyList<int> Sizes { get; } = ClusterLabels.Sizes(Labels, NumberOfClusters);

    /// <summary>
    /// True when the model and scores were taken from the K-Means sweep over k (<see cref="Segmenter.FromSweep"/>), so
    /// <see cref="ElapsedMilliseconds"/> is only the time to assemble the result.
    /// </summary>
    public bool FromKMeansSweep { get; init; }

    /// <summary>Mixtures: each customer's largest membership probability (how sure the assignment is); null otherwise.</summary>
    public IReadOnlyList<double>? MembershipProbability { get; init; }

    /// <summary>DBSCAN: core, border or noise per customer; null otherwise.</summary>
    public IReadOnlyList<DbscanPointKind>? PointKinds { get; init; }

    /// <summary>Hierarchical: the merge height at which the tree was cut; null otherwise.</summary>
    public double? CutHeight { get; init; }

    /// <summary>Share of customers labelled noise (0 for algorithms without noise).</summary>
    public double NoiseShare => Labels.Count == 0 ? 0 : (double)NoiseCount / Labels.Count;
}
