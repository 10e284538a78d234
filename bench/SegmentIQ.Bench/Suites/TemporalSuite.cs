using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Segments over time as the Over time page computes them: snapshot features of every period (12-month window),
/// K-Means k = 4 fitted on the latest snapshot and applied to all, the RFM map per snapshot, a migration matrix for
/// every pair of consecutive snapshots plus second → last (in the first snapshot everyone is New), sizes over time and the cohort table; a fresh pipeline per
/// run (nothing cached). Targets on the 2-core machine for Online Retail: quarterly (5 snapshots) under 300 ms,
/// monthly (13) under 1 s. <c>managed_mb</c> is the managed heap after a full collection with the dataset and the
/// analysis alive; <c>analysis_mb</c> the part the analysis adds.
/// </summary>
public sealed class TemporalSuite : IBenchSuite
{
    public string Name => "temporal";

    public string Description => "segments over time: snapshots, frozen K-Means k=4, migrations, cohorts (--period quarter|month|halfyear)";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var period = args.Option("period", "quarter").ToLowerInvariant() switch
        {
            "month" => SnapshotPeriodLength.Month,
            "quarter" => SnapshotPeriodLength.Quarter,
            "halfyear" or "half-year" => SnapshotPeriodLength.HalfYear,
            var other => throw new ArgumentException($"--period must be month, quarter or halfyear, not '{other}'."),
        };
        var dataset = BenchData.LoadDataset(args.DataOrDefault());
        var settings = new SegmentationSettings { Algorithm = SegmentationAlgorithm.KMeans, NumberOfClusters = 4 };
        var options = new TemporalOptions { Period = period };
        var baseline = BenchOutput.ManagedMegabytes();
        TemporalAnalysis? held = null;
        output.Measure(
            "total",
            () =>
            {
                var analysis = new AnalysisPipeline().Temporal(dataset, null, settings, options, null, CancellationToken.None);
                var matrices = new List<MigrationMatrix>();
                for (var s = 1; s < analysis.Snapshots.Count; s++)
                {
                    matrices.Add(analysis.Segments.Migration(s - 1, s));
                    matrices.Add(analysis.Rfm.Migration(s - 1, s));
                }

                matrices.Add(analysis.Segments.Migration(Math.Min(1, analysis.Snapshots.Count - 1), analysis.Snapshots.Count - 1));
                _ = analysis.Segments.Sizes();
                _ = analysis.Rfm.Sizes();
                held = analysis;
                return (analysis, matrices);
            },
            r =>
            {
                var managed = BenchOutput.ManagedMegabytes();
                GC.KeepAlive(held);
                return new Dictionary<string, object?>
                {
                    ["period"] = period.ToString(),
                    ["snapshots"] = r.analysis.Snapshots.Count,
                    ["customers"] = r.analysis.CustomerCount,
                    ["matrices"] = r.matrices.Count,
                    ["stayed_second_to_last"] = r.matrices[^1].StayedShare is { } stayed ? Math.Round(stayed, 4) : null,
                    ["cohorts"] = r.analysis.Cohorts.Cohorts.Count,
                    ["managed_mb"] = managed,
                    ["analysis_mb"] = Math.Round(managed - baseline, 1),
                };
            });
    }
}
