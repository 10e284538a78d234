using System.Globalization;
using SegmentIQ.Analytics.Clustering.Dbscan;

namespace SegmentIQ.Bench.Suites;

/// <summary>DBSCAN fit (k-d tree build included) and the k-distance curve on the default customer matrix.</summary>
public sealed class DbscanSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "dbscan";

    /// <inheritdoc />
    public string Description => "DBSCAN fit (--eps 0.5 --min-samples 5) and k-distance curve on the default customer matrix";

    /// <inheritdoc />
    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var matrix = BenchData.LoadDefaultMatrix(args.DataOrDefault());
        var options = new DbscanOptions
        {
            Eps = double.Parse(args.Option("eps", "0.5"), CultureInfo.InvariantCulture),
            MinSamples = int.Parse(args.Option("min-samples", "5"), CultureInfo.InvariantCulture),
        };
        var dbscan = new Dbscan(options);

        output.Measure("fit", () => dbscan.Fit(matrix), m => new Dictionary<string, object?>
        {
            ["rows"] = matrix.Rows,
            ["columns"] = matrix.Columns,
            ["eps"] = options.Eps,
            ["min_samples"] = options.MinSamples,
            ["clusters"] = m.NumberOfClusters,
            ["noise"] = m.NoiseCount,
            ["core"] = m.CoreCount,
            ["border"] = m.BorderCount,
            ["anchor"] = Anchors.Dbscan,
        });

        var index = DbscanIndex.Build(matrix);
        output.Measure("refit_same_index", () => dbscan.Fit(index), m => new Dictionary<string, object?> { ["clusters"] = m.NumberOfClusters });

        output.Measure("k_distance", () => KDistanceCurve.Compute(index, options.MinSamples), c => new Dictionary<string, object?>
        {
            ["suggested_eps"] = Math.Round(c.SuggestedEps, 4),
            ["knee_index"] = c.KneeIndex,
        });
    }
}
