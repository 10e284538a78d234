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

    [Fact]
    public void Options_RateAboveOne_NamesTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AbTestPlanner.Proportions(new AbTestOptions { BaselineRate = 0.95, MinimumDetectableEffect = 0.1 }));

        Assert.Equal("MinimumDetectableEffect", error.ParamName);
    }
}
