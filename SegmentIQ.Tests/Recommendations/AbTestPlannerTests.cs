using System.Text.Json;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Recommendations;

public class AbTestPlannerTests
{
    [Fact]
    public void Proportions_TextbookCase_Is8158PerArm()
    {
        var arms = AbTestPlanner.Proportions(new AbTestOptions { BaselineRate = 0.05, MinimumDetectableEffect = 0.01 });

        Assert.Equal(8158, arms.Control);
        Assert.Equal(8158, arms.Treatment);
    }

    [Fact]
    public void Proportions_RelativeEffect_EqualsTheSameAbsoluteEffect()
    {
        var relative = AbTestPlanner.Proportions(new AbTestOptions { BaselineRate = 0.05, MinimumDetectableEffect = 0.2, RelativeEffect = true });

        Assert.Equal(8158, relative.Control);
    }

    [SharedDataFact]
    public void Proportions_ReferenceCases_MatchTheFile()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.ReferenceFile("tests_wholesale.json")));
        var cases = document.RootElement.GetProperty("sample_size_two_proportions").GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(6, cases.Count);
        foreach (var c in cases)
        {
            var p1 = c.GetProperty("p1").GetDouble();
            var options = new AbTestOptions
            {
                BaselineRate = p1,
                MinimumDetectableEffect = c.GetProperty("p2").GetDouble() - p1,
                Alpha = c.GetProperty("alpha").GetDouble(),
                Power = c.GetProperty("power").GetDouble(),
                TwoSided = c.GetProperty("two_sided").GetBoolean(),
                AllocationRatio = c.GetProperty("ratio_k").GetDouble(),
            };

            Assert.Equal(c.GetProperty("n1").GetInt64(), AbTestPlanner.Proportions(options).Control);
        }
    }

    [Fact]
    public void ProportionsForSegment_SmallSegment_SaysNotLargeEnoughAndGivesTheDetectableEffect()
    {
        var options = new AbTestOptions { BaselineRate = 0.05, MinimumDetectableEffect = 0.01 };

        var plan = AbTestPlanner.ProportionsForSegment(options, 2000);

        Assert.False(plan.LargeEnough);
        Assert.NotNull(plan.SmallestDetectableEffect);

        // The smallest detectable effect with 1,000 per arm needs exactly about 1,000 per arm.
        var effect = plan.SmallestDetectableEffect!.Value;
        Assert.InRange(AbTestPlanner.ProportionsControl(0.05, 0.05 + effect, options), 999.99, 1000.0);
        Assert.True(effect > 0.01);
        Assert.True(AbTestPlanner.ProportionsForSegment(options, 20_000).LargeEnough);
    }

    [Fact]
    public void Means_LargeSample_ApproachesTheNormalFormula()
    {
        // z-formula: 2 (1.959964 + 0.841621)² σ²/δ² = 15.6978 · 100 = 1569.8; the t version adds about one customer.
        var arms = AbTestPlanner.Means(AbTestOptions.Defaults, standardDeviation: 10, minimumDifference: 1);

        Assert.InRange(arms.Control, 1570, 1572);
        var plan = AbTestPlanner.MeansForSegment(AbTestOptions.Defaults, 10, 1, segmentSize: 2 * (int)arms.Control);
        Assert.True(plan.LargeEnough);
        Assert.InRange(plan.SmallestDetectableEffect!.Value, 0.99, 1.0);
    }

    [Theory]
    [InlineData(0.5, 64)]
    [InlineData(0.8, 26)]
    public void Means_CohensTable_EqualsTheTextbook(double effectSize, long perArm)
    {
        // Cohen (1988), table 2.4.1: two-sided α 0.05, power 0.8, n per group for standardised difference d = δ/σ.
        Assert.Equal(perArm, AbTestPlanner.Means(AbTestOptions.OrderValueDefaults, standardDeviation: 1, minimumDifference: effectSize).Control);
    }

    [Fact]
    public void Means_UnequalVariancesAndArms_FollowTheFormulaByHand()
    {
        // σ₁ = 10, σ₂ = 20, k = 2, δ = 5: n₁ = (z₀.₉₇₅ + z₀.₈)² (σ₁² + σ₂²/k) / δ² = 2.801585² · 300 / 25 = 94.19 (normal);
        // with t at ν = 95 + 190 − 2 = 283: (1.96841 + 0.84245)² · 12 = 94.81, so 95 control and 190 treated.
        var options = AbTestOptions.OrderValueDefaults with { AllocationRatio = 2 };

        var arms = AbTestPlanner.Means(options, 10, 20, 5);

        Assert.Equal(95, arms.Control);
        Assert.Equal(190, arms.Treatment);
    }

    [Fact]
    public void Plan_OrderValue_UsesEachSegmentsOwnMeanAndVariance()
    {
        // Segment 1: 10, 20, 30, 40 (mean 25, s = √(500/3) = 12.91); segment 2: all 7 (no spread); noise left out.
        int[] labels = [0, 0, 1, 0, 1, -1, 0];
        double[] values = [10, 20, 7, 30, 7, 1000, 40];
        var options = AbTestOptions.OrderValueDefaults;

        var plans = SegmentAbPlans.Plan(options, labels, 2, values);

        var first = plans.Segments[0];
        Assert.Equal(4, first.Customers);
        Assert.Equal(25, first.Mean!.Value, 12);
        Assert.Equal(Math.Sqrt(500.0 / 3), first.StandardDeviation!.Value, 12);
        Assert.Equal(2.5, first.Difference, 12);
        Assert.Equal(AbTestPlanner.Means(options, Math.Sqrt(500.0 / 3), 2.5), first.Plan!.Required);
        Assert.False(first.Plan.LargeEnough);
        Assert.Null(plans.Segments[1].Plan);
        Assert.Contains("same order value", plans.Segments[1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Conversion_GivesEverySegmentTheSameArms()
    {
        var plans = SegmentAbPlans.Plan(AbTestOptions.Defaults, [0, 1, 1, 2], 3, null);

        Assert.All(plans.Segments, s => Assert.Equal(8158, s.Plan!.Required.Control));
        Assert.Equal([1, 2, 1], plans.Segments.Select(s => s.Customers));
    }

    [Fact]
    public void Plan_OrderValueWithoutValues_SaysWhy()
    {
        var plans = SegmentAbPlans.Plan(AbTestOptions.OrderValueDefaults, [0, 1], 2, null);

        Assert.Empty(plans.Segments);
        Assert.Contains("no order values", plans.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_RateAboveOne_NamesTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AbTestPlanner.Proportions(new AbTestOptions { BaselineRate = 0.95, MinimumDetectableEffect = 0.1 }));

        Assert.Equal("MinimumDetectableEffect", error.ParamName);
    }
}
