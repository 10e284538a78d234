using SegmentIQ.Analytics.Clustering.Agglomerative;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The engine's size limits, the same for every front door (browser, API, schedules, bench): above them the exact
/// computation would cost too much memory or time for live use, so a sample is used and the result says so.
/// </summary>
public sealed record PipelineOptions
{
    /// <summary>The limits the app ships with.</summary>
    public static PipelineOptions Defaults { get; } = new();

    /// <summary>Silhouette is exact up to this many customers and sampled above.</summary>
    public int SilhouetteExactLimit { get; init; } = 10_000;

    /// <summary>Hierarchical clustering fits on a sample above this many customers.</summary>
    public int AgglomerativeSampleLimit { get; init; } = 20_000;

    /// <summary>
    /// Complete and average linkage keep the condensed distance matrix (n²/2 doubles: 1.6 GB at 20,000 customers), so
    /// they sample above this smaller size; Ward and single linkage need only O(n) memory.
    /// </summary>
    public int MatrixLinkageSampleLimit { get; init; } = 8_000;

    /// <summary>The size above which hierarchical clustering with <paramref name="linkage"/> fits on a sample.</summary>
    public int AgglomerativeSampleLimitFor(Linkage linkage) =>
        linkage is Linkage.Complete or Linkage.Average
            ? Math.Min(AgglomerativeSampleLimit, MatrixLinkageSampleLimit)
            : AgglomerativeSampleLimit;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad limit.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SilhouetteExactLimit, 2, nameof(SilhouetteExactLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(AgglomerativeSampleLimit, 2, nameof(AgglomerativeSampleLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(MatrixLinkageSampleLimit, 2, nameof(MatrixLinkageSampleLimit));
    }
}
