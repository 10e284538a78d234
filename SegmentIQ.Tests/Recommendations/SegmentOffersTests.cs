using SegmentIQ.Analytics.Recommendations;

namespace SegmentIQ.Tests.Recommendations;

public class SegmentOffersTests
{
    [Fact]
    public void BySegment_HandBuiltSegments_OffersEachItsOwnRuleProductWithTheRulesReason()
    {
        var (model, code) = ProductRecommenderTests.Fitted();

        var offers = SegmentOffers.BySegment(model, top: 3, count: 2);

        // Segment 1's rule A → B reaches x (a and b already own B); segment 2's A → C reaches y.
        Assert.Equal("B", offers[0][0].Product);
        Assert.Equal(1, offers[0][0].Customers);
        Assert.Equal(model.Recommend(code("x")).Single(r => r.Product == "B").Reason, offers[0][0].Reason);
        Assert.Equal("C", offers[1][0].Product);
        Assert.Equal(1, offers[1][0].Customers);
        Assert.DoesNotContain(offers[1], o => o.Product == "B");
        Assert.All(offers.Values, list => Assert.True(list.Count <= 2));
    }

    [Fact]
    public void BySegment_CountsEveryCustomerWhoseTopPicksHoldTheProduct()
    {
        var (model, _) = ProductRecommenderTests.Fitted();

        var offers = SegmentOffers.BySegment(model, top: 1, count: 5);

        foreach (var (segment, list) in offers)
        {
            foreach (var offer in list)
            {
                var reached = Enumerable.Range(0, model.CustomerCount)
                    .Count(c => model.SegmentOf(c) == segment && model.Recommend(c, 1).Any(r => r.Product == offer.Product));
                Assert.Equal(reached, offer.Customers);
            }
        }
    }
}
