using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Temporal;

public class CohortRetentionTests
{
    [Fact]
    public void Cohorts_HandBuiltData_CountTheMonthsEachCohortBought()
    {
        var cohorts = CohortRetention.Compute(TemporalTestData.Load().Purchases!);

        // January: 21 customers (10 big, 10 small, the stopper); June: the newcomer.
        Assert.Equal(21, cohorts.Sizes[0]);
        Assert.Equal(1, cohorts.Sizes[5]);
        Assert.Equal(22, cohorts.Sizes.Sum());
        Assert.Equal(20.0 / 21, cohorts.CustomerShare(0, 4));
        Assert.Equal(1.0, cohorts.CustomerShare(5, 6));
        Assert.Null(cohorts.CustomerShare(5, 7));
        Assert.Equal(1.0, cohorts.RevenueShare(0, 3)!.Value, 12);
        Assert.Equal((1045 + 104.5) / (1045 + 104.5 + 105), cohorts.RevenueShare(0, 4)!.Value, 12);
    }

    [SharedDataFact]
    public void Cohorts_OnlineRetail_FirstMonthIsEveryoneAndSizesSumToTheCustomers()
    {
        var dataset = AnalysisPipeline.Load(SharedData.DataFile("online_retail.csv.gz"), "online_retail.csv.gz", null, null, null, null, CancellationToken.None).Dataset!;

        var cohorts = CohortRetention.Compute(dataset.Purchases!);

        Assert.Equal(13, cohorts.Cohorts.Count);
        Assert.Equal(new DateTime(2010, 12, 1), cohorts.Cohorts[0]);
        Assert.Equal(dataset.Features.Count, cohorts.Sizes.Sum());
        Assert.All(Enumerable.Range(0, cohorts.Cohorts.Count), c => Assert.Equal(1.0, cohorts.CustomerShare(c, 0)));
        Assert.All(Enumerable.Range(0, cohorts.Cohorts.Count), c => Assert.Equal(1.0, cohorts.RevenueShare(c, 0)));
    }
}
