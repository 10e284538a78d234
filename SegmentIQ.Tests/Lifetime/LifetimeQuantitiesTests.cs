using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

/// <summary>Per-customer and population values against lifetimes' documented figures on CDNOW (1e-4 relative).</summary>
public sealed class LifetimeQuantitiesTests
{
    private static readonly BgNbdModel Published = new(0.243, 4.414, 0.793, 2.426, double.NaN, [], true, "published", TimeUnit.Weeks, 2357, 0, null);

    [SharedDataFact]
    public void ExpectedPurchases_NewCustomer_MatchesReferenceAtPublishedParameters()
    {
        foreach (var point in CdnowReference.Reference.GetProperty("expected_repeat_purchases_of_a_new_customer").EnumerateArray())
        {
            var t = point.GetProperty("t_weeks").GetDouble();
            var expected = point.GetProperty("at_published_params").GetDouble();

            // The reference is printed to 6 decimals; that rounding is the tolerance where it exceeds 1e-4 relative.
            Assert.Equal(expected, Published.ExpectedPurchases(t), Math.Max(1e-4 * expected, 5e-7));
        }
    }

    [SharedDataFact]
    public void CustomerOne_ProbabilityAliveAndNext39Weeks_MatchLifetimes()
    {
        var model = new BgNbd().Fit(CdnowReference.SummaryCsv);

        Assert.Equal(0.72661, model.ProbabilityAlive(2, 30.43, 38.86), 0.72661 * 1e-4);
        Assert.Equal(1.22591, model.ConditionalExpectedPurchases(39, 2, 30.43, 38.86), 1.22591 * 1e-4);
    }

    [SharedDataFact]
    public void ListedCustomers_SpendAndClv_MatchReference()
    {
        // "At fitted params": the reference's lifetimes fits, and each customer's listed (rounded) mean spend z̄.
        var b = CdnowReference.Reference.GetProperty("bgnbd_fit_on_summary_csv").GetProperty("params");
        var g = CdnowReference.Reference.GetProperty("gamma_gamma_fit_on_946_repeat_buyers").GetProperty("params");
        var purchases = new BgNbdModel(
            b.GetProperty("r").GetDouble(), b.GetProperty("alpha").GetDouble(), b.GetProperty("a").GetDouble(), b.GetProperty("b").GetDouble(),
            double.NaN, [], true, "reference", TimeUnit.Weeks, 2357, 0, null);
        var spend = new GammaGammaModel(
            g.GetProperty("p").GetDouble(), g.GetProperty("q").GetDouble(), g.GetProperty("v").GetDouble(), double.NaN, [], true, "reference", 946, 0, 0, null);
        foreach (var customer in CdnowReference.Reference.GetProperty("customers_at_fitted_params").EnumerateArray())
        {
            var x = customer.GetProperty("frequency").GetDouble();
            var expectedSpend = customer.GetProperty("gg_cond_spend_at_fitted_params").GetDouble();
            var expectedClv = customer.GetProperty("clv_weekly_4.345_at_fitted_params").GetDouble();

            var conditionalSpend = spend.ConditionalExpectedSpend(x, customer.GetProperty("zbar").GetDouble());
            var clv = CustomerLifetimeValue.Compute(
                purchases, conditionalSpend, x, customer.GetProperty("recency_weeks").GetDouble(), customer.GetProperty("T_weeks").GetDouble());

            Assert.Equal(expectedSpend, conditionalSpend, expectedSpend * 1e-4);
            Assert.Equal(expectedClv, clv, expectedClv * 1e-4);
        }
    }

    [SharedDataFact]
    public void Holdout_CustomersWithoutRepeatPurchase_ExpectAboutWhatTheyDid()
    {
        var summary = CdnowReference.Sample;
        var model = new BgNbd().Fit(summary);
        var onceOnly = Enumerable.Range(0, summary.Count).Where(i => summary.Frequency[i] == 0).ToList();

        var actual = onceOnly.Sum(i => summary.HoldoutPurchases[i]);
        var expected = onceOnly.Average(i => model.ConditionalExpectedPurchases(summary.HoldoutDuration, 0, 0, summary.T[i]));

        Assert.Equal(1411, onceOnly.Count);
        Assert.Equal(334, actual);
        Assert.Equal(0.24, (double)actual / onceOnly.Count, 0.005);
        Assert.Equal(0.23, expected, 0.005);
    }

    [Fact]
    public void ProbabilityOfPurchases_SumsToOneAndHasTheExpectedMean()
    {
        double total = 0, mean = 0;
        for (var n = 0; n < 400; n++)
        {
            var p = Published.ProbabilityOfPurchases(39, n);
            Assert.InRange(p, 0, 1);
            total += p;
            mean += n * p;
        }

        Assert.Equal(1, total, 1e-9);
        Assert.Equal(Published.ExpectedPurchases(39), mean, 1e-7);
    }

    [Fact]
    public void ProbabilityAlive_NoRepeatPurchase_IsOne()
    {
        Assert.Equal(1, Published.ProbabilityAlive(0, 0, 30));
        Assert.True(Published.ProbabilityAlive(3, 5, 38) < Published.ProbabilityAlive(3, 37, 38));
    }
}
