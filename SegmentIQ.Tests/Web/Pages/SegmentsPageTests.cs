using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Web.Components.Pages.Segments;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

public class SegmentsPageTests : SegmentIqBunitContext
{
    [Fact]
    public void Open_OnBundledSample_ShowsFourSegmentProfiles()
    {
        var cut = Render<SegmentsPage>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=profile-table] tbody tr").Count), TimeSpan.FromSeconds(30));
        var session = Services.GetRequiredService<AnalysisSession>();
        Assert.NotNull(session.Dataset);
        Assert.True(session.Dataset!.IsDefaultSample);
        var customers = cut.FindAll("[data-testid=profile-customers]").Sum(td => int.Parse(td.TextContent, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(session.Dataset.Features.Count, customers);
    }

    [Fact]
    public void Scatter_NamesEverySegmentWithItsPersona()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.FindComponent<SegmentIQ.Web.Components.Charts.SegmentScatter>().Instance.Colouring), TimeSpan.FromSeconds(30));

        var colouring = cut.FindComponent<SegmentIQ.Web.Components.Charts.SegmentScatter>().Instance.Colouring!;
        var personas = session.Insights!.Personas;
        var expected = Enumerable.Range(0, session.Segmentation!.NumberOfClusters)
            .Select(s => $"Segment {s + 1} · {personas.ForLabel(s)!.Name}")
            .Select(SegmentIQ.Web.Components.Charts.ChartStyle.Text) // Plotly decodes the HTML-encoded names back
            .ToArray();
        Assert.Equal(expected, colouring.Names);
        Assert.Equal(expected, colouring.Legend.Select(l => l.Name));
    }

    [Fact]
    public void KSlider_MovedToSix_ProfileTableFollows()
    {
        var cut = Render<SegmentsPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=profile-table] tbody tr").Count), TimeSpan.FromSeconds(30));

        var slider = cut.FindComponent<MudBlazor.MudSlider<int>>();
        cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(6));

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-testid=profile-table] tbody tr").Count), TimeSpan.FromSeconds(30));
        Assert.Equal("6", cut.Find("[data-testid=k-value]").TextContent);
        Assert.Equal(6, Services.GetRequiredService<AnalysisSession>().Segmentation!.NumberOfClusters);
    }

    [Fact]
    public void Sweep_Finishes_SuggestsAnActionableKAndSaysWhy()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();

        cut.WaitForAssertion(() => Assert.NotNull(session.KMeansSweep), TimeSpan.FromSeconds(60));
        var sweep = session.KMeansSweep!;
        Assert.Equal(SegmentationSettings.MinClusters, sweep.Points[0].NumberOfClusters);
        Assert.Equal(SegmentationSettings.MaxClusters, sweep.Points[^1].NumberOfClusters);
        Assert.Equal(Clustering.KMeans.KMeansSweepTests.ExpectedSuggestion(sweep.Points), sweep.SuggestedNumberOfClusters);
        cut.WaitForAssertion(() => Assert.Contains($"Suggested k = {sweep.SuggestedNumberOfClusters}: Best silhouette", cut.Find("[data-testid=suggested-k-reason]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionChangesOutsideTheProfiles_DoNotRenderTheProfileTableAgain_AKMoveDoes()
    {
        var cut = Render<SegmentsPage>();
        var session = Services.GetRequiredService<AnalysisSession>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=profile-table] tbody tr").Count), TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.NotNull(session.Insights), TimeSpan.FromSeconds(30));
        var table = cut.FindComponent<SegmentProfileTable>();
        var comparisonPanel = cut.FindComponent<ComparisonPanel>();
        var tableRenders = table.RenderCount;
        var pageRenders = cut.RenderCount;

        // A comparison runs, finishes and is shown: the page renders several times, the profile table's inputs stay.
        await cut.InvokeAsync(() => session.SetComparisonAlgorithmAsync(SegmentationAlgorithm.GaussianMixture));
        cut.WaitForAssertion(() => Assert.NotNull(session.Comparison), TimeSpan.FromSeconds(60));
        cut.WaitForAssertion(() => Assert.NotNull(comparisonPanel.Instance.Comparison), TimeSpan.FromSeconds(30));
        Assert.True(cut.RenderCount > pageRenders, "the page rendered the comparison");
        Assert.Equal(tableRenders, table.RenderCount);

        var slider = cut.FindComponent<MudBlazor.MudSlider<int>>();
        await cut.InvokeAsync(() => slider.Instance.ValueChanged.InvokeAsync(5));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=profile-table] tbody tr").Count), TimeSpan.FromSeconds(30));
        Assert.True(table.RenderCount > tableRenders);
    }
}
