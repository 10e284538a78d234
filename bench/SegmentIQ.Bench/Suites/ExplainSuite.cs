using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// What drives the segments, for K-Means k = 4 on the default features: <c>tests</c> runs Kruskal–Wallis, ANOVA and
/// Holm over every customer feature (descriptive, all customers); <c>split_half</c> the honest version (refit on half);
/// <c>centroids</c> the standardised centroid differences; <c>importance</c> the surrogate's 5-fold cross-validation plus
/// ML.NET permutation importance (5 permutations). Targets: tests &lt; 20 ms, importance &lt; 2 s.
/// </summary>
public sealed class ExplainSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "explain";

    /// <inheritdoc />
    public string Description => "per-feature segment tests and surrogate permutation importance, K-Means k=4; --data FILE [--k 4]";

    /// <inheritdoc />
    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var k = int.Parse(args.Option("k", "4"), System.Globalization.CultureInfo.InvariantCulture);
        var pipeline = new AnalysisPipeline();
        var space = BenchData.LoadDefaultSpace(args.DataOrDefault());
        var segmentation = pipeline.Segment(space, new SegmentationSettings { NumberOfClusters = k }, null, CancellationToken.None);
        var all = space.Table.Columns.Select(c => c.Name).ToArray();
        Console.Error.WriteLine($"{space.Table.Count:N0} customers, {segmentation.NumberOfClusters} segments, {all.Length} features tested");

        output.Measure("tests", () => new SegmentFeatureTests().Fit(space, segmentation, pipeline.Segmenter, all), r => new Dictionary<string, object?>
        {
            ["customers"] = r.Customers,
            ["features"] = r.Features.Count,
            ["significant_holm"] = r.Features.Count(f => f.KruskalPHolm < 0.05),
        });
        output.Measure("split_half", () => new SegmentFeatureTests(new SegmentTestOptions { SplitHalf = true }).Fit(space, segmentation, pipeline.Segmenter, all), r => new Dictionary<string, object?>
        {
            ["customers_tested"] = r.Customers,
            ["significant_holm"] = r.Features.Count(f => f.KruskalPHolm < 0.05),
        });
        output.Measure("centroids", () => CentroidDifferences.Compute(space.Features.Matrix, segmentation.Labels, segmentation.NumberOfClusters), r => new Dictionary<string, object?>
        {
            ["segments"] = r.NumberOfSegments,
            ["features"] = r.Features.Count,
        });

        var names = Enumerable.Range(0, segmentation.NumberOfClusters).Select(SegmentNames.Label).ToArray();
        var data = SegmentClassifierTrainingData.FromFeatureSpace(space.Table, space.Features, segmentation.Labels, names);
        output.Measure("importance", () => new SegmentImportance().Fit(data), r => new Dictionary<string, object?>
        {
            ["cv_accuracy"] = Math.Round(r.CrossValidation.Accuracy, 4),
            ["top_feature"] = r.Overall[0].Feature,
            ["top_importance"] = Math.Round(r.Overall[0].Mean, 4),
            ["permutations"] = r.PermutationCount,
        });
    }
}
