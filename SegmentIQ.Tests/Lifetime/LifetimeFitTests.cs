using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

public sealed class LifetimeFitTests
{
    [SharedDataFact]
    public void Fit_CdnowWithHoldout_ChecksCalibrationAgainstHoldout()
    {
        var log = OrderLineReader.Read(SharedData.DataFile("cdnow_sample.txt")).Purchases;
        var options = new LifetimeOptions { CalibrationEnd = CdnowReference.CalibrationEnd, Unit = TimeUnit.Weeks };

        var fit = LifetimeFit.Fit(log, options);
        var groups = fit.HoldoutCheck();

        // The sample runs to 1998-06-30, so the holdout is weeks 40–78 without naming an observation end.
        Assert.Equal(39, fit.Summary.HoldoutDuration);
        Assert.Equal(1411, groups[0].Customers);
        Assert.Equal(334.0 / 1411, groups[0].MeanActual, 1e-12);
        Assert.Equal(0.23, groups[0].MeanExpected, 0.005);
        Assert.Equal("7+", groups[^1].Label);
        Assert.Equal(fit.Summary.Count, groups.Sum(g => g.Customers));
        Assert.All(groups, g => Assert.InRange(g.MeanExpected, 0.5 * g.MeanActual - 0.2, (2 * g.MeanActual) + 0.2));
    }

    [SharedDataFact]
    public void Values_CdnowSample_AreConsistentAcrossHorizons()
    {
        var log = OrderLineReader.Read(SharedData.DataFile("cdnow_sample.txt")).Purchases;
        var fit = LifetimeFit.Fit(log, new LifetimeOptions { CalibrationEnd = CdnowReference.CalibrationEnd });

        var year = fit.Values(new ClvOptions { HorizonMonths = 12 });
        var twoYears = fit.Values(new ClvOptions { HorizonMonths = 24 });
        var undiscounted = fit.Values(new ClvOptions { HorizonMonths = 12, MonthlyDiscountRate = 0 });

        for (var i = 0; i < fit.Summary.Count; i++)
        {
            Assert.InRange(year.ProbabilityAlive[i], 0, 1);
            Assert.True(twoYears.Clv[i] > year.Clv[i]);
            Assert.True(undiscounted.Clv[i] > year.Clv[i]);
            Assert.True(twoYears.ExpectedPurchases[i] > year.ExpectedPurchases[i]);
        }
    }

    [Fact]
    public void Fit_OnlyNonPositiveSpend_KeepsPurchasesAndSaysWhySpendIsMissing()
    {
        var lines = new List<(string, string, double)>();
        for (var c = 0; c < 8; c++)
        {
            lines.Add(($"c{c}", "2024-01-01", 10));
            lines.Add(($"c{c}", $"2024-02-{1 + c:00}", -3));
        }

        var fit = LifetimeFit.Fit(RfmSummaryTests.Log([.. lines]), LifetimeOptions.Default);
        var values = fit.Values(ClvOptions.Default);

        Assert.Null(fit.Spend);
        Assert.Contains("8 more repeat buyers have zero or negative spend", fit.SpendUnavailable, StringComparison.Ordinal);
        Assert.All(values.ProbabilityAlive, p => Assert.InRange(p, 0, 1));
        Assert.All(values.Clv, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void ProbabilityAliveGrid_FallsWithLongerSilence()
    {
        var model = new BgNbdModel(0.243, 4.414, 0.793, 2.426, double.NaN, [], true, "published", TimeUnit.Weeks, 10, 0, null);
        var summary = RfmSummary.FromColumns(["a", "b"], [1, 3], [5, 20], [39, 39]);
        var fit = new LifetimeFit(summary, model, null, "none");

        var grid = fit.ProbabilityAliveGrid(5, 10);

        Assert.Equal(6, grid.Values.Length);
        Assert.Equal(39, grid.Recency[^1]);
        Assert.All(grid.Values[0], p => Assert.Equal(1, p));
        for (var x = 1; x < grid.Values.Length; x++)
        {
            for (var j = 1; j < grid.Recency.Length; j++)
            {
                Assert.True(grid.Values[x][j] > grid.Values[x][j - 1]);
            }
        }
    }
}
