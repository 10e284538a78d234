using System.Globalization;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Lifetime models: the repeat-purchase summary, the BG/NBD fit and the Gamma-Gamma fit, each timed, then all three
/// together with the fitted figures (targets: &lt; 50 ms for the 4,338 Online Retail customers, &lt; 100 ms for the
/// 23,570 CDNOW master customers). Reads transaction and order-line files (CDNOW) through the engine's loader.
/// </summary>
public sealed class ClvSuite : IBenchSuite
{
    public string Name => "clv";

    public string Description => "lifetime value: summary, BG/NBD, Gamma-Gamma [--calibration-end yyyy-MM-dd] [--unit weeks|days]";

    public void Run(BenchArgs args, BenchOutput output)
    {
        var path = args.DataOrDefault();
        var unit = TimeUnits.Parse(args.Option("unit", "weeks")) ?? throw new ArgumentException("--unit must be weeks or days.");
        DateTime? calibrationEnd = args.Options.TryGetValue("calibration-end", out var text)
            ? DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
        var log = LoadPurchases(path);
        var options = new RfmSummaryOptions { CalibrationEnd = calibrationEnd, Unit = unit };

        var summary = output.Measure("summary", () => RfmSummary.Build(log, options), s => new Dictionary<string, object?>
        {
            ["lines"] = log.Count,
            ["customers"] = s.Count,
        });
        output.Measure("bgnbd", () => new BgNbd().Fit(summary), m => new Dictionary<string, object?>
        {
            ["groups"] = m.Groups,
            ["converged"] = m.Converged,
            ["method"] = m.Method,
        });
        output.Measure("gammagamma", () => new GammaGamma().Fit(summary), m => new Dictionary<string, object?>
        {
            ["repeat_buyers_used"] = m.Customers,
            ["excluded_non_positive_spend"] = m.ExcludedNonPositiveSpend,
            ["converged"] = m.Converged,
        });
        output.Measure("all", () => Fit(log, options), Figures);
    }

    private static (RfmSummary Summary, BgNbdModel Purchases, GammaGammaModel Spend) Fit(PurchaseLog log, RfmSummaryOptions options)
    {
        var summary = RfmSummary.Build(log, options);
        return (summary, new BgNbd().Fit(summary), new GammaGamma().Fit(summary));
    }

    private static Dictionary<string, object?> Figures((RfmSummary Summary, BgNbdModel Purchases, GammaGammaModel Spend) fit)
    {
        var (summary, purchases, spend) = fit;
        double expectedHoldout = 0;
        long actualHoldout = 0;
        for (var i = 0; i < summary.Count; i++)
        {
            actualHoldout += summary.HoldoutPurchases[i];
            expectedHoldout += purchases.ConditionalExpectedPurchases(summary.HoldoutDuration, summary.Frequency[i], summary.Recency[i], summary.T[i]);
        }

        return new Dictionary<string, object?>
        {
            ["customers"] = summary.Count,
            ["repeat_buyers"] = summary.RepeatBuyers,
            ["r"] = Math.Round(purchases.R, 6),
            ["alpha"] = Math.Round(purchases.Alpha, 6),
            ["a"] = Math.Round(purchases.A, 6),
            ["b"] = Math.Round(purchases.B, 6),
            ["bgnbd_log_likelihood"] = Math.Round(purchases.LogLikelihood, 4),
            ["p"] = Math.Round(spend.P, 6),
            ["q"] = Math.Round(spend.Q, 6),
            ["v"] = Math.Round(spend.V, 6),
            ["gamma_gamma_log_likelihood"] = Math.Round(spend.LogLikelihood, 4),
            ["sum_expected_holdout_purchases"] = Math.Round(expectedHoldout, 3),
            ["actual_holdout_purchases"] = actualHoldout,
            ["unit"] = TimeUnits.Name(summary.Unit),
            ["calibration_end"] = summary.CalibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["boundary"] = purchases.BoundaryMessage,
        };
    }

    // Transaction and order-line files (CDNOW) both go through the app's loader, as an upload does.
    private static PurchaseLog LoadPurchases(string path) =>
        PurchaseLog.FromTransactions(BenchData.LoadCleanTransactions(path));
}
