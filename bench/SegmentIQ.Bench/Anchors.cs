namespace SegmentIQ.Bench;

/// <summary>
/// The peers' figures issue 16 measured on this kind of 2-core machine (scikit-learn 1.2, R dbscan, Borgelt's eclat),
/// printed beside our own as a reference. The clustering peers are rerun side by side by the <c>peers</c> suite
/// (Debian's python3-sklearn and r-cran-dbscan, scripts in <c>bench/anchors/</c>); Borgelt's eclat is packaged
/// neither in Debian bookworm nor anywhere else reachable here, so its figure stays quoted.
/// </summary>
internal static class Anchors
{
    public const string Dbscan = "issue 16's figure (rerun side by side with the peers suite): scikit-learn DBSCAN cold fit eps 0.5 43 ms, R dbscan 15 ms";

    public const string GaussianMixture = "issue 16's figure (rerun side by side with the peers suite): scikit-learn GaussianMixture k=4 full 59 ms";

    public const string KMeans = "issue 16's figure (rerun side by side with the peers suite): scikit-learn KMeans k=4 n_init=10 15 ms";

    public const string FrequentItemsets = "quoted from issue 16, not rerun (Borgelt's eclat is not packaged in Debian): eclat at support 0.001 0.47 s, 341,290 itemsets";
}
