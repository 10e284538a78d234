using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Web.Components.Pages.Explain;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class ExplainPageTests : SegmentIqBunitContext
{
    [Fact]
    public void Open_OnBundledSample_ShowsTestsCardsImportanceAndPlans()
    {
        var cut = Render<ExplainPage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid^=segment-card-]").Count), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();
        Assert.Equal(session.Space!.Table.Columns.Count, cut.FindAll("[data-testid=tests-table] tbody tr").Count);
        Assert.Equal(SegmentFeatureTests.DescriptiveCaveat, cut.Find("[data-testid=tests-caveat]").TextContent.Trim());
        Assert.Contains("Segment 1", cut.Find("[data-testid=segment-card-1]").TextContent, StringComparison.Ordinal);
        Assert.Equal(session.Space.Table.Columns.Count, cut.FindAll("[data-testid=pair-table] tbody tr").Count);

        // Importance arrives from the background slot: one row per clustered feature, with the surrogate's accuracy.
        cut.WaitForAssertion(() => Assert.Equal(session.Space.Features.Scalings.Count, cut.FindAll("[data-testid=importance-table] tbody tr").Count), TimeSpan.FromSeconds(60));
        Assert.Contains("cross-validation", cut.Find("[data-testid=importance-accuracy]").TextContent, StringComparison.Ordinal);

        // The default plan is the textbook case: 5 % → 6 %, α 0.05 two-sided, power 0.8.
        Assert.Contains("8,158 control", cut.Find("[data-testid=ab-required]").TextContent, StringComparison.Ordinal);
        Assert.Equal(4, cut.FindAll("[data-testid=ab-table] tbody tr").Count);
    }

    [Fact]
    public void CustomerExplanation_FollowsTheChosenCustomerAndTheRadarShowsEverySegment()
    {
        var cut = Render<ExplainPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=explain-customer-table] tbody tr")), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();
        var space = session.Space!;
        var labels = session.Segmentation!.Labels;

        // The radar draws the standardised centroid differences of every segment.
        var radar = cut.FindComponent<SegmentIQ.Web.Components.Charts.RadarChart>().Instance.Data!;
        var differences = CentroidDifferences.Compute(space.Features.Matrix, labels, session.Segmentation.NumberOfClusters);
        Assert.Equal(differences.Features, radar.Axes);
        Assert.Equal(session.Segmentation.NumberOfClusters, radar.Series.Count);
        Assert.StartsWith("Segment 1 · ", radar.Series[0].Name, StringComparison.Ordinal);
        Assert.Equal(Math.Round(differences[1, 0], 3), radar.Series[1].Values[0]);

        // Pick a customer of segment 2: the page shows the engine's explanation of that row.
        var row = Enumerable.Range(0, labels.Count).First(i => labels[i] == 1);
        var id = space.Table.CustomerIds[row];
        var field = cut.FindComponents<MudTextField<string>>().Single(f => TestId(f.Instance.UserAttributes) == "explain-customer-id");
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(id));

        var expected = CustomerExplanation.Explain(space.Features.Matrix, space.Table, labels, session.Segmentation.NumberOfClusters, row);
        cut.WaitForAssertion(() => Assert.Contains($"Customer {id} is in Segment 2", cut.Find("[data-testid=explain-customer-summary]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(space.Features.Matrix.Columns, cut.FindAll("[data-testid=explain-customer-table] tbody tr").Count);
        Assert.StartsWith(expected.Features[0].Feature, cut.FindAll("[data-testid=explain-customer-table] tbody tr")[0].TextContent.Trim(), StringComparison.Ordinal);

        field = cut.FindComponents<MudTextField<string>>().Single(f => TestId(f.Instance.UserAttributes) == "explain-customer-id");
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("nobody-here"));
        cut.WaitForAssertion(() => Assert.Contains("There is no customer 'nobody-here'", cut.Find("[data-testid=explain-customer-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void SplitHalfSwitch_On_ShowsTheHonestCaveat()
    {
        var cut = Render<ExplainPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=tests-caveat]")), TimeSpan.FromSeconds(30));

        var toggle = cut.FindComponents<MudSwitch<bool>>().Single(c => TestId(c.Instance.UserAttributes) == "split-half-switch");
        cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(true));

        cut.WaitForAssertion(() => Assert.Equal(SegmentFeatureTests.SplitHalfCaveat, cut.Find("[data-testid=tests-caveat]").TextContent.Trim()), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void PairSelect_SameSegmentTwice_SaysChooseTwo()
    {
        var cut = Render<ExplainPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=pair-table]")), TimeSpan.FromSeconds(30));

        var second = cut.FindComponents<MudSelect<int>>().Single(c => TestId(c.Instance.UserAttributes) == "pair-second");
        cut.InvokeAsync(() => second.Instance.ValueChanged.InvokeAsync(0));

        cut.WaitForAssertion(() => Assert.Contains("two different segments", cut.Find("[data-testid=pair-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void AbBaseline_Zero_SaysWhichFieldIsWrong()
    {
        var cut = Render<ExplainPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=ab-table]")), TimeSpan.FromSeconds(30));

        var baseline = cut.FindComponents<MudNumericField<double>>().Single(c => TestId(c.Instance.UserAttributes) == "ab-baseline");
        cut.InvokeAsync(() => baseline.Instance.ValueChanged.InvokeAsync(0));

        cut.WaitForAssertion(() => Assert.Contains("BaselineRate must be between 0 and 1", cut.Find("[data-testid=ab-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=ab-table]"));
    }

    [Fact]
    public void AbMetric_OrderValue_PlansEachSegmentWithItsOwnVarianceAndReachesTheSession()
    {
        var cut = Render<ExplainPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=ab-table]")), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();

        var metric = cut.FindComponents<MudSelect<AbTestMetric>>().Single(c => TestId(c.Instance.UserAttributes) == "ab-metric");
        cut.InvokeAsync(() => metric.Instance.ValueChanged.InvokeAsync(AbTestMetric.OrderValue));

        cut.WaitForAssertion(() => Assert.Contains("t-test", cut.Find("[data-testid=ab-required]").TextContent, StringComparison.Ordinal));
        Assert.Equal(AbTestMetric.OrderValue, session.AbOrderValue.Metric);
        var plans = SegmentAbPlans.Plan(AbTestOptions.OrderValueDefaults, session.Segmentation!.Labels, 4, session.Space!.Table[FeatureNames.AverageOrderValue]);
        var rows = cut.FindAll("[data-testid=ab-table] tbody tr");
        Assert.Equal(4, rows.Count);
        for (var s = 0; s < 4; s++)
        {
            var required = plans.Segments[s].Plan!.Required;
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{required.Control:N0} + {required.Treatment:N0}"), rows[s].TextContent, StringComparison.Ordinal);
        }

        // A 50 % effect needs fewer customers than 10 %: the table follows the input.
        var effect = cut.FindComponents<MudNumericField<double>>().Single(c => TestId(c.Instance.UserAttributes) == "ab-mean-effect");
        cut.InvokeAsync(() => effect.Instance.ValueChanged.InvokeAsync(50));
        cut.WaitForAssertion(() => Assert.Equal(0.5, session.AbOrderValue.MinimumDetectableEffect, 12));
        var larger = AbTestPlanner.Means(session.AbOrderValue, plans.Segments[0].StandardDeviation!.Value, 0.5 * plans.Segments[0].Mean!.Value);
        cut.WaitForAssertion(() => Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{larger.Control:N0} + {larger.Treatment:N0}"), cut.FindAll("[data-testid=ab-table] tbody tr")[0].TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionK_ChangedToSix_CardsAndTestsFollow()
    {
        var cut = Render<ExplainPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid^=segment-card-]").Count), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();

        await cut.InvokeAsync(() => session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 6 }));

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-testid^=segment-card-]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(6, cut.FindAll("[data-testid=ab-table] tbody tr").Count);
        cut.WaitForAssertion(() => Assert.NotNull(session.Importance), TimeSpan.FromSeconds(60));
        Assert.Equal(6, session.Importance!.PerSegment.Count);
    }

    private static string? TestId(IDictionary<string, object?> attributes) =>
        attributes.TryGetValue("data-testid", out var value) ? value as string : null;
}
