using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Web.Components.Pages.Segments;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class SegmentationControlsTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(SegmentationAlgorithm.KMeans, "k-slider", "eps-slider")]
    [InlineData(SegmentationAlgorithm.Hierarchical, "linkage-select", "eps-slider")]
    [InlineData(SegmentationAlgorithm.Dbscan, "min-samples-slider", "k-slider")]
    [InlineData(SegmentationAlgorithm.GaussianMixture, "covariance-select", "eps-slider")]
    public void Controls_ForAlgorithm_ShowItsOwnControlsOnly(SegmentationAlgorithm algorithm, string shown, string hidden)
    {
        var cut = Render<SegmentationControls>(p => p.Add(c => c.Settings, new SegmentationSettings { Algorithm = algorithm }));

        Assert.NotEmpty(cut.FindAll($"[data-testid={shown}]"));
        Assert.Empty(cut.FindAll($"[data-testid={hidden}]"));
    }

    [Fact]
    public void SwitchToDbscan_MoveEps_NoiseCountFollows()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.Segmentation), Patience);

        cut.InvokeAsync(() => session.UpdateSettingsAsync(session.Settings with { Algorithm = SegmentationAlgorithm.Dbscan, Eps = 0.2 }));
        cut.WaitForAssertion(() => Assert.Equal(SegmentationAlgorithm.Dbscan, session.Segmentation!.Settings.Algorithm), Patience);
        var tightNoise = session.Segmentation!.NoiseCount;
        cut.WaitForAssertion(() => Assert.Equal(tightNoise.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=noise-count]").TextContent.Trim()), Patience);

        var slider = cut.FindComponent<MudBlazor.MudSlider<double>>();
        cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(1.5));

        cut.WaitForAssertion(() => Assert.Equal(1.5, session.Segmentation!.Settings.Eps), Patience);
        var wideNoise = session.Segmentation!.NoiseCount;
        Assert.True(wideNoise < tightNoise, $"eps 0.2 → {tightNoise} noise customers, eps 1.5 → {wideNoise}");
        Assert.Equal(session.Segmentation.Labels.Count(l => l == ClusterLabels.Noise), wideNoise);
        cut.WaitForAssertion(() => Assert.Equal(wideNoise.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=noise-count]").TextContent.Trim()), Patience);
    }

    [Fact]
    public void Hierarchical_MoveK_CutHeightMovesAndTreeIsReused()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.Segmentation), Patience);

        cut.InvokeAsync(() => session.UpdateSettingsAsync(session.Settings with { Algorithm = SegmentationAlgorithm.Hierarchical, NumberOfClusters = 3 }));
        cut.WaitForAssertion(() => Assert.Equal((SegmentationAlgorithm.Hierarchical, 3), (session.Segmentation!.Settings.Algorithm, session.Segmentation.NumberOfClusters)), Patience);
        var three = session.Segmentation!;
        var slider = cut.FindComponent<MudBlazor.MudSlider<int>>();
        cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(6));

        cut.WaitForAssertion(() => Assert.Equal(6, session.Segmentation!.NumberOfClusters), Patience);
        var six = session.Segmentation!;
        Assert.True(six.CutHeight < three.CutHeight, $"cut at k=3: {three.CutHeight}, at k=6: {six.CutHeight}");
        Assert.Same(((AgglomerativeModel)three.Model).Tree, ((AgglomerativeModel)six.Model).Tree);
        Assert.Equal(6, six.Labels.Distinct().Count());
    }

    [Fact]
    public void GaussianMixture_Result_CarriesMembershipProbabilities()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.Segmentation), Patience);

        cut.InvokeAsync(() => session.UpdateSettingsAsync(session.Settings with { Algorithm = SegmentationAlgorithm.GaussianMixture, NumberOfClusters = 3 }));

        cut.WaitForAssertion(() => Assert.Equal(SegmentationAlgorithm.GaussianMixture, session.Segmentation!.Settings.Algorithm), Patience);
        var membership = session.Segmentation!.MembershipProbability!;
        Assert.Equal(session.Segmentation.Labels.Count, membership.Count);
        // With 3 components the largest responsibility is at least 1/3.
        Assert.All(membership, p => Assert.InRange(p, 1.0 / 3 - 1e-9, 1.0 + 1e-9));
    }

    [Fact]
    public void Stability_AfterResult_ShownAsMeanAri()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();

        cut.WaitForAssertion(() => Assert.NotNull(session.Stability), TimeSpan.FromSeconds(120));

        Assert.InRange(session.Stability!.Mean, -1, 1);
        Assert.Equal(20, session.Stability.Scores.Count);
        cut.WaitForAssertion(() => Assert.Contains("±", cut.Find("[data-testid=metric-stability]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public void Comparison_WithHierarchical_ShowsAriAndCrossTabulationSummingToAllCustomers()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.Segmentation), Patience);

        cut.InvokeAsync(() => session.SetComparisonAlgorithmAsync(SegmentationAlgorithm.Hierarchical));

        cut.WaitForAssertion(() => Assert.NotNull(session.Comparison), Patience);
        var comparison = session.Comparison!;
        Assert.Equal(session.Segmentation!.Labels.Count, comparison.Counts.Sum(r => r.Sum()));
        Assert.Equal(SegmentationAlgorithm.Hierarchical, comparison.Other.Settings.Algorithm);
        cut.WaitForAssertion(() => Assert.Equal(comparison.RowLabels.Count, cut.FindAll("[data-testid=comparison-crosstab] tbody tr").Count), Patience);
    }

    [Fact]
    public void Anomalies_Export_SendsTheNoiseCustomersAsCsvToTheDownloadHelper()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(session.Segmentation), Patience);
        cut.InvokeAsync(() => session.UpdateSettingsAsync(session.Settings with { Algorithm = SegmentationAlgorithm.Dbscan, Eps = 0.3 }));
        cut.WaitForAssertion(() => Assert.True(session.Segmentation!.Settings.Algorithm == SegmentationAlgorithm.Dbscan && session.Segmentation.NoiseCount > 0), Patience);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=anomalies-export]").HasAttribute("disabled")), Patience);

        cut.Find("[data-testid=anomalies-export]").Click();

        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations["siqDownload"]), Patience);
        Assert.Equal("anomalies.csv", JSInterop.Invocations["siqDownload"][0].Arguments[0]);
    }

    [Fact]
    public async Task Hierarchical_CutAtTheHeightOfKThree_GivesThreeSegments()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SegmentIqOptions());
        var dataset = (await new DefaultDataset(options, SegmentIQ.Tests.Web.WebProject.Directory).GetAsync()).Dataset!;
        var space = ClusteringSpace.Build(dataset.Features, SegmentIQ.Analytics.Features.FeatureSpaceOptions.DefaultFor(dataset.Features), CancellationToken.None);
        var service = new Segmenter(options.Value.Pipeline);
        using var cache = new ClusteringStructureCache();
        var byK = service.Run(space, new SegmentationSettings { Algorithm = SegmentationAlgorithm.Hierarchical, NumberOfClusters = 3 }, cache, CancellationToken.None);

        var byHeight = service.Run(space, byK.Settings with { CutMode = HierarchicalCutMode.ByHeight, CutHeight = byK.CutHeight!.Value }, cache, CancellationToken.None);

        Assert.Equal(3, byHeight.NumberOfClusters);
        Assert.Equal(byK.Labels, byHeight.Labels);
        Assert.Same(((AgglomerativeModel)byK.Model).Tree, ((AgglomerativeModel)byHeight.Model).Tree);
    }
}
