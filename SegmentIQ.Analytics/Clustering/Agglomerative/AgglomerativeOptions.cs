namespace SegmentIQ.Analytics.Clustering.Agglomerative;

/// <summary>Options of <see cref="AgglomerativeClustering"/>; defaults are the single source of truth.</summary>
public sealed record AgglomerativeOptions
{
    /// <summary>How clusters are compared when merging.</summary>
    public Linkage Linkage { get; init; } = Linkage.Ward;

    /// <summary>Number of segments the tree is cut into (1 or more).</summary>
    public int NumberOfClusters { get; init; } = ClusteringDefaults.NumberOfClusters;

    /// <summary>
    /// Above this many rows the tree is built on a seeded random sample of this size and the other rows join the
    /// nearest cluster centroid: every linkage takes O(n²) time, and complete/average linkage keep n(n-1)/2
    /// distances (20,000 rows ≈ 1.6 GB; Ward and single linkage need only O(n) memory).
    /// </summary>
    public int MaxRowsForFullTree { get; init; } = 20_000;

    /// <summary>Seed of the sample drawn above <see cref="MaxRowsForFullTree"/>.</summary>
    public int Seed { get; init; } = ClusteringDefaults.Seed;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Linkage))
        {
            throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Linkage must be Ward, Complete, Average or Single.");
        }

        if (NumberOfClusters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfClusters), NumberOfClusters, "NumberOfClusters must be at least 1.");
        }

        if (MaxRowsForFullTree < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRowsForFullTree), MaxRowsForFullTree, "MaxRowsForFullTree must be at least 2.");
        }
    }
}
