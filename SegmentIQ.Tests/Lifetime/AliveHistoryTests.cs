using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

public sealed class AliveHistoryTests
{
    [Fact]
    public void Compute_HandBuiltCustomer_FeedsTheHistorySoFarThroughTheModel()
    {
        var model = new BgNbdModel(0.5, 5, 0.8, 2.5, 0, [], true, "test", TimeUnit.Weeks, 0, 0, null);
        var log = RfmSummaryTests.Log(("a", "2024-01-01", 1), ("a", "2024-01-15", 1), ("a", "2024-01-15", 1), ("b", "2024-01-02", 1));

        var history = AliveHistory.Compute(model, PurchaseCalendar.Build(log), "a", new DateTime(2024, 2, 5))!;

        Assert.Equal(36, history.Dates.Length);
        Assert.Equal(new DateTime(2024, 1, 1), history.Dates[0]);
        Assert.Equal([new DateTime(2024, 1, 1), new DateTime(2024, 1, 15)], history.Purchases);
        Assert.All(history.ProbabilityAlive.Take(14), p => Assert.Equal(1, p));
        Assert.Equal(model.ProbabilityAlive(1, 2, 2), history.ProbabilityAlive[14], 1e-12);
        Assert.Equal(model.ProbabilityAlive(1, 2, 5), history.ProbabilityAlive[35], 1e-12);
        Assert.True(history.ProbabilityAlive[35] < history.ProbabilityAlive[14]);
    }

    [Fact]
    public void Compute_UnknownCustomer_IsNull()
    {
        var model = new BgNbdModel(0.5, 5, 0.8, 2.5, 0, [], true, "test", TimeUnit.Days, 0, 0, null);
        var calendar = PurchaseCalendar.Build(RfmSummaryTests.Log(("a", "2024-01-01", 1)));

        Assert.Null(AliveHistory.Compute(model, calendar, "nobody", new DateTime(2024, 2, 1)));
    }

    [SharedDataFact]
    public void Compute_CdnowCustomer1_EndsCalibrationAtThePublishedProbability()
    {
        var log = OrderLineReader.Read(SharedData.DataFile("cdnow_sample.txt"), new OrderLineReadOptions { CustomerColumn = 1 }).Purchases;
        var fit = LifetimeFit.Fit(log, new LifetimeOptions { CalibrationEnd = CdnowReference.CalibrationEnd, Unit = TimeUnit.Weeks });
        var row = fit.Summary.IndexOf("0001");

        var history = AliveHistory.Compute(fit.Purchases, fit.Calendar!, "0001", CdnowReference.CalibrationEnd)!;

        // Sample id 0001 is lifetimes' customer 1. At the calibration end the history is the summary's own (x, t_x, T); lifetimes documents 0.72661 for it
        // (on the 2-decimal summary, hence the looser tolerance against the raw-data fit).
        Assert.Equal(CdnowReference.CalibrationEnd, history.Dates[^1]);
        Assert.Equal(fit.Purchases.ProbabilityAlive(fit.Summary.Frequency[row], fit.Summary.Recency[row], fit.Summary.T[row]), history.ProbabilityAlive[^1], 1e-12);
        Assert.Equal(0.72661, history.ProbabilityAlive[^1], 1e-3);
        Assert.Equal(fit.AliveHistory("0001")!.Dates[^1], fit.Summary.ObservationEnd);
    }
}
