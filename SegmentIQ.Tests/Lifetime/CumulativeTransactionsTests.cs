using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

public sealed class CumulativeTransactionsTests
{
    private static readonly BgNbdModel Model = new(0.5, 5, 0.8, 2.5, 0, [], true, "test", TimeUnit.Days, 0, 0, null);

    [Fact]
    public void Compute_HandBuiltPurchases_CountsRepeatDaysAndSumsNewCustomerExpectations()
    {
        // a: first day 1 Jan, repeats 3 Jan (two lines, one purchase) and 6 Jan; b: first day 3 Jan, repeat 5 Jan.
        var log = RfmSummaryTests.Log(
            ("a", "2024-01-01", 10), ("a", "2024-01-03", 5), ("a", "2024-01-03", 5), ("a", "2024-01-06", 8),
            ("b", "2024-01-03", 4), ("b", "2024-01-05", 4));
        var calendar = PurchaseCalendar.Build(log);

        var curves = CumulativeTransactions.Compute(Model, calendar, new DateTime(2024, 1, 4), new DateTime(2024, 1, 6));

        Assert.Equal(Enumerable.Range(1, 6).Select(d => new DateTime(2024, 1, d)), curves.Dates);
        Assert.Equal([0, 0, 1, 1, 2, 3], curves.Actual);
        for (var k = 0; k < 6; k++)
        {
            var expected = Model.ExpectedPurchases(k) + (k >= 2 ? Model.ExpectedPurchases(k - 2) : 0);
            Assert.Equal(expected, curves.Expected[k], 1e-12);
        }

        Assert.Equal(3, curves.CalibrationIndex);
    }

    [Fact]
    public void Compute_WeeklyUnit_StepsByWeeksAndKeepsCalibrationEndAndLastDay()
    {
        var weekly = Model with { Unit = TimeUnit.Weeks };
        var log = RfmSummaryTests.Log(("a", "2024-01-01", 1), ("a", "2024-01-20", 1), ("b", "2024-01-10", 1), ("b", "2024-01-24", 1));

        var curves = CumulativeTransactions.Compute(weekly, PurchaseCalendar.Build(log), new DateTime(2024, 1, 10), new DateTime(2024, 1, 24));

        DateTime[] days = [new(2024, 1, 1), new(2024, 1, 8), new(2024, 1, 10), new(2024, 1, 15), new(2024, 1, 22), new(2024, 1, 24)];
        Assert.Equal(days, curves.Dates);
        Assert.Equal([0, 0, 0, 0, 1, 2], curves.Actual);
        Assert.Equal(weekly.ExpectedPurchases(23 / 7.0) + weekly.ExpectedPurchases(2), curves.Expected[^1], 1e-12);
    }

    [SharedDataFact]
    public void Compute_CdnowSample_ActualMatchesTheSummaryAndTheModelTracksTheHoldout()
    {
        var log = OrderLineReader.Read(SharedData.DataFile("cdnow_sample.txt"), new OrderLineReadOptions { CustomerColumn = 1 }).Purchases;
        var fit = LifetimeFit.Fit(log, new LifetimeOptions { CalibrationEnd = CdnowReference.CalibrationEnd, Unit = TimeUnit.Weeks });

        var curves = fit.CumulativeTransactions()!;

        // Repeat purchases by the calibration end are the summary's Σx; by the end, Σx plus the holdout purchases.
        var atCalibration = curves.CalibrationIndex;
        Assert.Equal(fit.Summary.CalibrationEnd, curves.Dates[atCalibration]);
        Assert.Equal(fit.Summary.Frequency.Sum(), curves.Actual[atCalibration]);
        Assert.Equal(fit.Summary.Frequency.Sum() + fit.Summary.HoldoutPurchases.Sum(), curves.Actual[^1]);
        Assert.Equal(new DateTime(1998, 6, 30), curves.Dates[^1]);

        // Fader, Hardie & Lee's tracking plot: the model follows the actual curve closely in and after calibration.
        Assert.InRange(curves.Expected[atCalibration] / curves.Actual[atCalibration], 0.95, 1.05);
        Assert.InRange(curves.Expected[^1] / curves.Actual[^1], 0.95, 1.05);
        Assert.True(curves.Expected.Zip(curves.Expected.Skip(1)).All(p => p.Second >= p.First));
    }
}
