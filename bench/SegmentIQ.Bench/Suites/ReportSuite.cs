using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Builds the Excel report for every customer of the cleaned transactions (target &lt; 3 s and &lt; 300 MB on
/// Online Retail's 4,338 customers). The dataset, segments (K-Means k = 4 on the default feature space), personas and
/// the top 500 rules by lift (invoice baskets at support 0.005, confidence 0.3) come from the engine's
/// <see cref="AnalysisPipeline"/>, as the app's export does, outside the timed step; the timed step writes the workbook.
/// </summary>
public sealed class ReportSuite : IBenchSuite
{
    private const int NumberOfClusters = 4;

    public string Name => "report";

    public string Description => "Excel report (all customers, K-Means k = 4 personas, KPIs) from a transaction file";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var path = args.DataOrDefault();

        // The report's inputs come from the engine's pipeline, as the app's export does.
        var pipeline = new AnalysisPipeline();
        var dataset = BenchData.LoadDataset(path);
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var segmentation = pipeline.Segment(space, new SegmentationSettings { NumberOfClusters = NumberOfClusters }, null, CancellationToken.None);
        var insights = pipeline.Describe(space, segmentation, CancellationToken.None);
        var rules = pipeline.TopRules(dataset, new BasketSettings { MinSupport = 0.005 }, CancellationToken.None);
        var input = ReportBuilder.BuildInput(dataset, space, insights, rules);

        var before = BenchOutput.ManagedMegabytes();
        var afterBuild = 0L;
        output.Measure(
            "build",
            () =>
            {
                var bytes = ExcelReport.Build(input);
                afterBuild = GC.GetTotalMemory(forceFullCollection: false);
                return bytes.Length;
            },
            length => new Dictionary<string, object?>
            {
                ["customers"] = space.Table.Count,
                ["segments"] = insights.Personas.Personas.Count,
                ["rules"] = rules.Count,
                ["xlsx_kb"] = length / 1024,
                ["managed_mb_before"] = before,
                ["managed_mb_after_build"] = Math.Round(afterBuild / (1024.0 * 1024.0), 1),
                ["process_peak_working_set_mb"] = PeakWorkingSetMegabytes(),
            });
    }

    private static double PeakWorkingSetMegabytes()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }
}
