using SegmentIQ.Analytics.Clustering.KMeans;

namespace SegmentIQ.Bench.Suites;

/// <summary>K-Means k = 4, n_init = 10 on the default customer matrix (scikit-learn: 15 ms on 4,338 × 4, issue 16).</summary>
public sealed class KMeansSuite : IBenchSuite
{
    public string Name => "kmeans";

    public string Description => "K-Means k=4 (--k), n_init=10 (--ninit), Lloyd (--algorithm elkan) on the default customer matrix";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var data = BenchData.LoadDefaultMatrix(args.DataOrDefault());
        var options = new KMeansOptions
        {
            NumberOfClusters = int.Parse(args.Option("k", "4"), System.Globalization.CultureInfo.InvariantCulture),
            NInit = int.Parse(args.Option("ninit", "10"), System.Globalization.CultureInfo.InvariantCulture),
            Algorithm = Enum.Parse<KMeansAlgorithm>(args.Option("algorithm", "lloyd"), ignoreCase: true),
        };
        output.Measure("fit", () => new KMeans(options).Fit(data), m => new Dictionary<string, object?>
        {
            ["rows"] = data.Rows,
            ["columns"] = data.Columns,
            ["k"] = options.NumberOfClusters,
            ["inertia"] = Math.Round(m.Inertia, 6),
            ["sizes"] = m.Sizes.OrderDescending().ToArray(),
            ["iterations"] = m.Iterations,
            ["anchor"] = Anchors.KMeans,
        });
    }
}
