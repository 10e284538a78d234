using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

public sealed class RfmSummaryTests
{
    [SharedDataFact]
    public void Build_CdnowSample_EqualsPublishedSummaryForEveryCustomer()
    {
        var summary = CdnowReference.Sample;
        var csv = CdnowReference.SummaryCsv;

        Assert.Equal(2357, summary.Count);
        Assert.Equal(csv.Count, summary.Count);
        for (var i = 0; i < csv.Count; i++)
        {
            var row = summary.IndexOf(int.Parse(csv.CustomerIds[i], System.Globalization.CultureInfo.InvariantCulture).ToString("0000", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(row >= 0, $"customer {csv.CustomerIds[i]} missing");
            Assert.Equal(csv.Frequency[i], summary.Frequency[row]);

            // The CSV is rounded to 2 decimals; that is the only tolerance.
            Assert.True(Math.Abs(csv.Recency[i] - summary.Recency[row]) <= 0.005 + 1e-9, $"recency of {csv.CustomerIds[i]}: {summary.Recency[row]} vs {csv.Recency[i]}");
            Assert.True(Math.Abs(csv.T[i] - summary.T[row]) <= 0.005 + 1e-9, $"T of {csv.CustomerIds[i]}: {summary.T[row]} vs {csv.T[i]}");
        }

        Assert.Equal(946, summary.RepeatBuyers);
        Assert.Equal(0, summary.CustomersFirstSeenInHoldout);
        Assert.Equal(39, summary.HoldoutDuration);
    }

    [Fact]
    public void Build_LinesOfOneDay_AreOneTransactionWithSummedValue()
    {
        var log = Log(
            ("A", "2024-01-01 09:00", 10),
            ("A", "2024-01-01 17:00", 5),
            ("A", "2024-01-08", 20),
            ("A", "2024-01-08", 4),
            ("A", "2024-01-15", 30),
            ("A", "2024-02-05", 99),
            ("B", "2024-01-29", 7),
            ("C", "2024-02-01", 3));

        var summary = RfmSummary.Build(log, new RfmSummaryOptions { CalibrationEnd = new DateTime(2024, 1, 29), Unit = TimeUnit.Weeks });

        Assert.Equal(["A", "B"], summary.CustomerIds);
        Assert.Equal(2, summary.Frequency[0]);
        Assert.Equal(2, summary.Recency[0]);
        Assert.Equal(4, summary.T[0]);
        Assert.Equal((24 + 30) / 2.0, summary.MonetaryValue[0]);
        Assert.Equal(69, summary.CalibrationRevenue[0]);
        Assert.Equal(1, summary.HoldoutPurchases[0]);
        Assert.Equal(0, summary.Frequency[1]);
        Assert.Equal(0, summary.Recency[1]);
        Assert.Equal(0, summary.MonetaryValue[1]);
        Assert.Equal(1, summary.CustomersFirstSeenInHoldout);
        Assert.Equal(new DateTime(2024, 2, 5), summary.ObservationEnd);
        Assert.Equal(1, summary.HoldoutDuration);
    }

    [Fact]
    public void Build_InDays_ReportsDays()
    {
        var summary = RfmSummary.Build(Log(("A", "2024-01-01", 1), ("A", "2024-01-04", 1), ("A", "2024-01-11", 1)), new RfmSummaryOptions { Unit = TimeUnit.Days });

        Assert.Equal(2, summary.Frequency[0]);
        Assert.Equal(10, summary.Recency[0]);
        Assert.Equal(10, summary.T[0]);
    }

    [Fact]
    public void Build_SingleCustomer_GivesOneRow()
    {
        var summary = RfmSummary.Build(Log(("only", "2024-03-01", 12.5), ("only", "2024-03-15", 7.5)));

        Assert.Equal(1, summary.Count);
        Assert.Equal(1, summary.Frequency[0]);
        Assert.Equal(2, summary.T[0]);
    }

    [Fact]
    public void Build_NegativeSpendLines_KeepTheirSign()
    {
        var summary = RfmSummary.Build(Log(("A", "2024-01-01", 10), ("A", "2024-01-08", 5), ("A", "2024-01-08", -25)));

        Assert.Equal(1, summary.Frequency[0]);
        Assert.Equal(-20, summary.MonetaryValue[0]);
    }

    [Fact]
    public void Build_CalibrationEndBeforeAnyPurchase_SaysSo()
    {
        var error = Assert.Throws<LifetimeDataException>(() =>
            RfmSummary.Build(Log(("A", "2024-01-01", 10)), new RfmSummaryOptions { CalibrationEnd = new DateTime(2023, 6, 1) }));

        Assert.Contains("2023-06-01", error.Message, StringComparison.Ordinal);
        Assert.Contains("2024-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ObservationBeforeCalibration_NamesTheField()
    {
        var options = new RfmSummaryOptions { CalibrationEnd = new DateTime(2024, 2, 1), ObservationEnd = new DateTime(2024, 1, 1) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(nameof(RfmSummaryOptions.ObservationEnd), error.ParamName);
    }

    internal static PurchaseLog Log(params (string Customer, string Date, double Amount)[] lines)
    {
        var ids = lines.Select(l => l.Customer).Distinct().ToList();
        return new PurchaseLog(
            ids,
            [.. lines.Select(l => ids.IndexOf(l.Customer))],
            [.. lines.Select(l => DateTime.Parse(l.Date, System.Globalization.CultureInfo.InvariantCulture))],
            [.. lines.Select(l => l.Amount)]);
    }
}
