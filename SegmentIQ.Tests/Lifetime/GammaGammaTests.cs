using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Lifetime;

public sealed class GammaGammaTests
{
    [SharedDataFact]
    public void Fit_CdnowRepeatBuyers_MatchesPublishedParameters()
    {
        var model = new GammaGamma().Fit(CdnowReference.Sample);

        Assert.True(model.Converged);
        Assert.Equal(946, model.Customers);
        Assert.Equal(0, model.ExcludedNonPositiveSpend);
        Assert.Equal(CdnowReference.Number("gamma_gamma_published", "p"), model.P, 2);
        Assert.Equal(CdnowReference.Number("gamma_gamma_published", "q"), model.Q, 2);
        Assert.Equal(CdnowReference.Number("gamma_gamma_published", "v"), model.V, 2);
        Assert.Equal(CdnowReference.Number("gamma_gamma_fit_on_946_repeat_buyers", "log_likelihood"), model.LogLikelihood, 0.01);
        Assert.All(model.StandardErrors, se => Assert.True(se > 0 && double.IsFinite(se)));
        Assert.InRange(model.FrequencySpendCorrelation, -0.3, 0.3);
        Assert.Null(model.CorrelationWarning);
    }

    [Fact]
    public void Fit_NonPositiveSpend_IsLeftOutAndCounted()
    {
        double[] frequency = [1, 2, 3, 1, 2, 4, 1, 0];
        double[] spend = [10, 12, 9, -5, 0, 11, 14, 0];

        var model = new GammaGamma().Fit(frequency, spend);

        Assert.Equal(5, model.Customers);
        Assert.Equal(2, model.ExcludedNonPositiveSpend);
        Assert.True(double.IsFinite(model.P) && double.IsFinite(model.Q) && double.IsFinite(model.V));
    }

    [Fact]
    public void Fit_FrequencyAndSpendCorrelated_Warns()
    {
        double[] frequency = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6];
        double[] spend = [5, 6, 9, 11, 15, 14, 20, 22, 24, 27, 30, 33];

        var model = new GammaGamma().Fit(frequency, spend);

        Assert.True(model.FrequencySpendCorrelation > 0.9);
        Assert.Contains("independent", model.CorrelationWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NobodyBoughtAgain_SaysSo()
    {
        var error = Assert.Throws<LifetimeDataException>(() => new GammaGamma().Fit([0, 0, 0, 0], [0, 0, 0, 0]));

        Assert.Contains("repeat buyers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConditionalExpectedSpend_NewCustomer_IsPopulationMean()
    {
        var model = new GammaGammaModel(6, 4, 15, 0, [], true, "BFGS", 10, 0, 0, null);

        Assert.Equal(6 * 15 / 3.0, model.ConditionalExpectedSpend(0, 0), 12);
        Assert.Equal((0.25 * 30) + (0.75 * 40), model.ConditionalExpectedSpend(1.5, 40), 12);
    }
}
