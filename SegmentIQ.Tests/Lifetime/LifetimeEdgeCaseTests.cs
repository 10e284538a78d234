using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Tests.Lifetime;

public sealed class LifetimeEdgeCaseTests
{
    [Fact]
    public void Fit_NoDropoutAtAll_ExplainsTheBoundaryWithoutOverflow()
    {
        // 300 customers who buy at a steady personal rate right up to the end: no sign of anyone leaving.
        var n = 300;
        var frequency = new double[n];
        var recency = new double[n];
        var age = new double[n];
        for (var i = 0; i < n; i++)
        {
            var gap = 1 + (i % 10);
            age[i] = 52;
            frequency[i] = Math.Floor(52.0 / gap);
            recency[i] = frequency[i] * gap;
        }

        var model = new BgNbd().Fit(frequency, recency, age, TimeUnit.Weeks);

        Assert.True(model.AtBoundary);
        Assert.Contains("no dropout", model.BoundaryMessage, StringComparison.Ordinal);
        Assert.True(double.IsFinite(model.LogLikelihood));
        for (var i = 0; i < n; i++)
        {
            var alive = model.ProbabilityAlive(frequency[i], recency[i], age[i]);
            Assert.True(double.IsFinite(alive) && alive is >= 0 and <= 1, $"P(alive) {alive}");
            Assert.True(alive > 0.99);
            var expected = model.ConditionalExpectedPurchases(52, frequency[i], recency[i], age[i]);
            Assert.True(double.IsFinite(expected) && expected >= 0, $"E[Y] {expected} at a = {model.A}, b = {model.B}");
        }
    }

    [Fact]
    public void Fit_SingleCustomer_SaysHowManyAreNeeded()
    {
        var summary = RfmSummary.Build(RfmSummaryTests.Log(("only", "2024-03-01", 12.5), ("only", "2024-03-15", 7.5)));

        var error = Assert.Throws<LifetimeDataException>(() => new BgNbd().Fit(summary));

        Assert.Contains("at least 5 customers", error.Message, StringComparison.Ordinal);
        Assert.Contains("have 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_EverybodyBoughtOnce_SaysNobodyBoughtAgain()
    {
        var summary = RfmSummary.Build(RfmSummaryTests.Log(
            ("a", "2024-01-01", 1), ("b", "2024-01-05", 2), ("c", "2024-02-01", 3), ("d", "2024-02-11", 4), ("e", "2024-03-01", 5), ("f", "2024-03-02", 6)));

        var purchases = Assert.Throws<LifetimeDataException>(() => new BgNbd().Fit(summary));
        var spend = Assert.Throws<LifetimeDataException>(() => new GammaGamma().Fit(summary));

        Assert.Contains("bought again", purchases.Message, StringComparison.Ordinal);
        Assert.Contains("repeat buyers", spend.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NegativePenalty_NamesTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbd(new BgNbdOptions { Penalty = -1 }).Fit([1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [2, 2, 2, 2, 2], TimeUnit.Weeks));

        Assert.Equal(nameof(BgNbdOptions.Penalty), error.ParamName);
    }

    [Fact]
    public void Fit_WithPenalty_ShrinksTheParameters()
    {
        var summary = RfmSummary.Build(RfmSummaryTests.Log(
            ("a", "2024-01-01", 1), ("a", "2024-01-20", 1), ("b", "2024-01-05", 2), ("b", "2024-03-05", 2), ("b", "2024-04-05", 2),
            ("c", "2024-02-01", 3), ("d", "2024-02-11", 4), ("d", "2024-02-12", 4), ("e", "2024-03-01", 5), ("f", "2024-03-02", 6)));

        var plain = new BgNbd().Fit(summary);
        var penalised = new BgNbd(new BgNbdOptions { Penalty = 0.1 }).Fit(summary);

        Assert.True(penalised.Parameters.Sum(p => p * p) < plain.Parameters.Sum(p => p * p));
    }
}
