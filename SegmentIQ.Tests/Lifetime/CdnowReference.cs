using System.Globalization;
using System.Text.Json;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

/// <summary>
/// The CDNOW data and reference values of <c>../shared</c>: the sample summarised with the published 39-week
/// calibration (1997-01-01..1997-09-30) and holdout to 1998-06-30, in weeks, and <c>cdnow_clv.json</c>.
/// </summary>
internal static class CdnowReference
{
    public static readonly DateTime CalibrationEnd = new(1997, 9, 30);
    public static readonly DateTime ObservationEnd = new(1998, 6, 30);

    private static readonly Lazy<JsonElement> Json = new(() =>
        JsonDocument.Parse(File.ReadAllText(SharedData.ReferenceFile("cdnow_clv.json"))).RootElement);

    private static readonly Lazy<RfmSummary> SampleSummary = new(() =>
    {
        // Column 1 is the sample id (1–2,357), the ID of cdnow_customers_summary.csv.
        var read = OrderLineReader.Read(SharedData.DataFile("cdnow_sample.txt"), new OrderLineReadOptions { CustomerColumn = 1 });
        return RfmSummary.Build(read.Purchases, new RfmSummaryOptions { CalibrationEnd = CalibrationEnd, ObservationEnd = ObservationEnd, Unit = TimeUnit.Weeks });
    });

    private static readonly Lazy<RfmSummary> Csv = new(() =>
    {
        var lines = File.ReadAllLines(SharedData.DataFile("cdnow_customers_summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        double Column(string[] f, int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return RfmSummary.FromColumns(
            [.. lines.Select(f => f[0])],
            [.. lines.Select(f => Column(f, 1))],
            [.. lines.Select(f => Column(f, 2))],
            [.. lines.Select(f => Column(f, 3))]);
    });

    public static JsonElement Reference => Json.Value;

    /// <summary>The summary built from the raw sample transactions.</summary>
    public static RfmSummary Sample => SampleSummary.Value;

    /// <summary>cdnow_customers_summary.csv (x, t_x, T to 2 decimals).</summary>
    public static RfmSummary SummaryCsv => Csv.Value;

    public static double Number(params string[] path)
    {
        var element = Reference;
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element.GetDouble();
    }
}
