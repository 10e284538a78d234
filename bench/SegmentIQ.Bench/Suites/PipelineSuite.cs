using System.Diagnostics;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// The whole analysis end to end, as a schedule or the API runs it: file → read → clean → features → space →
/// K-Means k = 4 → evaluation → personas → basket rules → report input, through <see cref="AnalysisRunner"/> with a
/// fresh pipeline each run (no cached step). Target on the 2-core machine: under 1.5 s for Online Retail.
/// </summary>
public sealed class PipelineSuite : IBenchSuite
{
    public string Name => "pipeline";

    public string Description => "Online Retail end to end (hash, read, clean, features, K-Means k=4, metrics, personas, rules, report input)";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var path = args.DataOrDefault();
        var sha256 = HashingFileCopy.Sha256Of(path);
        var dataset = BenchData.LoadDataset(path);
        var definition = AnalysisRunner.Capture(
            dataset,
            new AnalysisPipeline().Space(dataset, null, CancellationToken.None),
            new SegmentationSettings(),
            new BasketSettings(),
            "bench",
            null,
            DateTimeOffset.UnixEpoch);
        var steps = new Dictionary<string, double>();
        MeasureSteps(path, definition, output);
        output.Measure(
            "total",
            () =>
            {
                var watch = Stopwatch.StartNew();
                var outcome = AnalysisRunner.Run(new AnalysisPipeline(), definition, path, Path.GetFileName(path), null, DataPolicy.SameData, CancellationToken.None);
                var run = outcome.Run ?? throw new InvalidOperationException(outcome.Error);
                steps["segmentation_ms"] = Math.Round(run.Segmentation.ElapsedMilliseconds, 1);
                steps["total_ms"] = Math.Round(watch.Elapsed.TotalMilliseconds, 1);
                return run;
            },
            run => new Dictionary<string, object?>
            {
                ["customers"] = run.Space.Table.Count,
                ["segments"] = run.Segmentation.NumberOfClusters,
                ["rules"] = run.Rules.Count,
                ["sha256_matches"] = run.Dataset.Sha256 == sha256,
                ["segmentation_ms_last"] = steps.GetValueOrDefault("segmentation_ms"),
                ["silhouette"] = Math.Round(run.Segmentation.Quality.Silhouette.Mean, 6),
            });
    }

    /// <summary>Each step once on a fresh pipeline, so the total's parts are visible (one JSON line, step "parts").</summary>
    private static void MeasureSteps(string path, AnalysisDefinition definition, BenchOutput output)
    {
        output.Measure(
            "parts",
            () =>
            {
                var parts = new Dictionary<string, object?>();
                var pipeline = new AnalysisPipeline();
                var watch = Stopwatch.StartNew();
                var sha = HashingFileCopy.Sha256Of(path);
                parts["hash_ms"] = Lap(watch);
                var dataset = AnalysisPipeline.Load(path, "bench", definition.Read, definition.Cleaning, sha, null, CancellationToken.None).Dataset!;
                parts["load_ms"] = Lap(watch);
                var space = pipeline.Space(dataset, definition.Features, CancellationToken.None);
                parts["space_ms"] = Lap(watch);
                var segmentation = pipeline.Segment(space, definition.Segmentation, null, CancellationToken.None);
                parts["segment_ms"] = Lap(watch);
                var insights = pipeline.Describe(space, segmentation, CancellationToken.None);
                parts["personas_ms"] = Lap(watch);
                var rules = pipeline.TopRules(dataset, definition.Baskets ?? new BasketSettings(), CancellationToken.None);
                parts["rules_ms"] = Lap(watch);
                _ = Analytics.Reporting.ReportBuilder.BuildInput(dataset, space, insights, rules);
                parts["report_input_ms"] = Lap(watch);
                return parts;
            },
            parts => parts);
    }

    private static double Lap(Stopwatch watch)
    {
        var ms = Math.Round(watch.Elapsed.TotalMilliseconds, 1);
        watch.Restart();
        return ms;
    }
}
