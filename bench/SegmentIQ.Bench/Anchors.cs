namespace SegmentIQ.Bench;

/// <summary>
/// The peers' figures issue 16 measured on this kind of 2-core machine (scikit-learn 1.2, R dbscan, Borgelt's eclat),
/// printed beside our own so a reader sees the ratio. They are quoted, not rerun: scikit-learn, pandas and R are not
/// installed here (PyPI is refused), so the peers cannot run side by side with the bench.
/// </summary>
internal static class Anchors
{
    public const string Dbscan = "quoted from issue 16, not rerun: scikit-learn DBSCAN cold fit eps 0.5 43 ms, R dbscan 15 ms";

    public const string GaussianMixture = "quoted from issue 16, not rerun: scikit-learn GaussianMixture k=4 full 59 ms";

    public const string KMeans = "quoted from issue 16, not rerun: scikit-learn KMeans k=4 n_init=10 15 ms";

    public const string FrequentItemsets = "quoted from issue 16, not rerun: Borgelt eclat at support 0.001 0.47 s, 341,290 itemsets";
}
