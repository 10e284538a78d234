namespace SegmentIQ.Analytics.Clustering;

/// <summary>
/// The defaults every clusterer's options and the app's settings share, written once: the same k and the same seed
/// whichever algorithm or front door (browser, API, schedule, bench) starts a fit.
/// </summary>
public static class ClusteringDefaults
{
    /// <summary>Segments asked for when nobody says otherwise.</summary>
    public const int NumberOfClusters = 4;

    /// <summary>Seed of every random choice (restarts, samples, resamples) when nobody says otherwise.</summary>
    public const int Seed = 42;
}
