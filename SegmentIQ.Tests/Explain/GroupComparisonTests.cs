using MathNet.Numerics.Distributions;
using SegmentIQ.Analytics.Explain;

namespace SegmentIQ.Tests.Explain;

public class GroupComparisonTests
{
    [Fact]
    public void KruskalWallis_ThreeSeparatedPairs_MatchesHandComputation()
    {
        // Ranks 1..6 in order: rank sums 3, 7, 11; Σ R²/n = (9 + 49 + 121) / 2 = 89.5.
        // H = 12 / (6·7) · 89.5 − 3·7 = 4.571428…; χ² with 2 df has tail exp(−H/2); ε² = H / 5.
        var result = GroupComparison.KruskalWallis([[1, 2], [3, 4], [5, 6]]);
        Assert.Equal(32.0 / 7.0, result.H, 12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-16.0 / 7.0), result.P, 12);
        Assert.Equal(32.0 / 35.0, result.EpsilonSquared, 12);
    }

    [Fact]
    public void KruskalWallis_Ties_AppliesTieCorrection()
    {
        // Values 1,1,2,2,3,3 get mid-ranks 1.5,1.5,3.5,3.5,5.5,5.5; rank sums 6.5 and 14.5.
        // Uncorrected H = 12/42 · (6.5² + 14.5²)/3 − 21 = 64/21; correction 1 − 3·(2³ − 2)/(6³ − 6) = 32/35; H = 10/3.
        var result = GroupComparison.KruskalWallis([[1, 1, 2], [2, 3, 3]]);
        Assert.Equal(10.0 / 3.0, result.H, 12);
    }

    [Fact]
    public void OneWayAnova_SmallGroups_MatchesHandComputation()
    {
        // Means 1, 3, 6; grand mean 3.8; SS between = 7.84 + 1.28 + 9.68 = 18.8, SS within = 2 + 2 = 4;
        // F(2, 2) = (18.8/2)/(4/2) = 4.7, whose upper tail is 1/(1 + F).
        var result = GroupComparison.OneWayAnova([[1], [2, 4], [5, 7]]);
        Assert.Equal(4.7, result.F, 12);
        Assert.Equal(2, result.DegreesOfFreedomBetween);
        Assert.Equal(2, result.DegreesOfFreedomWithin);
        Assert.Equal(1 / 5.7, result.P, 12);
        Assert.Equal(18.8 / 22.8, result.EtaSquared, 12);
    }

    [Fact]
    public void MannWhitney_SeparatedGroups_MatchesHandComputation()
    {
        // U₁ = 6 − 3·4/2 = 0, so r = 1 − 0 = 1. σ = √(3·3/12 · 7) = √5.25; z = (9 − 4.5 − 0.5)/σ.
        var result = GroupComparison.MannWhitney([1, 2, 3], [4, 5, 6]);
        var z = 4 / Math.Sqrt(5.25);
        Assert.Equal(0, result.U);
        Assert.Equal(1, result.RankBiserial, 12);
        Assert.Equal(z, result.Z, 12);
        Assert.Equal(2 * (1 - Normal.CDF(0, 1, z)), result.P, 10);
    }

    [Fact]
    public void Holm_ByHand_AdjustsStepDownAndKeepsOrder()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06 (monotone).
        var adjusted = GroupComparison.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal(0.03, adjusted[0], 12);
        Assert.Equal(0.06, adjusted[1], 12);
        Assert.Equal(0.06, adjusted[2], 12);
        Assert.Equal(0.02, adjusted[3], 12);
    }

    [Fact]
    public void Holm_LargeAndMissing_CapsAtOneAndSkipsNaN()
    {
        // m = 2 (the NaN does not count): 0.3·2 = 0.6, 0.7·1 = 0.7.
        var adjusted = GroupComparison.Holm([0.7, double.NaN, 0.3]);
        Assert.Equal(0.7, adjusted[0], 12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.6, adjusted[2], 12);
        Assert.Equal(1.0, GroupComparison.Holm([0.6, 0.9])[0], 12);
    }

    [Fact]
    public void KruskalWallis_AllValuesEqual_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => GroupComparison.KruskalWallis([[2, 2], [2, 2]]));
        Assert.Contains("same", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KruskalWallis_EmptyGroup_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => GroupComparison.KruskalWallis([[1, 2], []]));
        Assert.Contains("Group 2 is empty", error.Message, StringComparison.Ordinal);
    }
}
