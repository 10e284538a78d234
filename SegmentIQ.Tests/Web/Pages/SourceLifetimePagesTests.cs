using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Ingestion;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Pages.Lifetime;
using SegmentIQ.Web.Components.Pages.OverTime;
using SegmentIQ.Web.Components.Shared;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Pages;

/// <summary>The Lifetime value and Over time pages on the bundled sample loaded through DuckDB (aggregated at the source, no lines in memory).</summary>
public sealed class SourceLifetimePagesTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private static string BundledSample => Path.Combine(SegmentIQ.Tests.Web.WebProject.Directory, "Data", "online-retail-sample.csv.gz");

    /// <summary>Loads the bundled sample as a DuckDB source in a folder of its own; returns the session and the in-process dataset it replaced.</summary>
    private async Task<(AnalysisSession Session, LoadedDataset InProcess)> LoadSourceAsync(TempFiles files)
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var inProcess = session.Dataset!;
        File.Copy(BundledSample, files.PathOf("sample.csv.gz"));
        var settings = new DuckDbSettings { AllowedRoot = Path.GetDirectoryName(files.PathOf("sample.csv.gz"))!, SpillDirectory = files.PathOf("spill"), Threads = 2 };
        var outcome = await session.LoadSourceAsync(new DuckDbFileSource("sample.csv.gz", settings), null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);
        Assert.True(session.Dataset!.IsAggregatedAtSource);
        return (session, inProcess);
    }

    [Fact]
    public async Task LifetimePage_SourceDataset_ShowsTheFitOfTheSameLinesInProcess()
    {
        using var files = new TempFiles();
        var (session, inProcess) = await LoadSourceAsync(files);

        var cut = Render<LifetimeValuePage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=lifetime-customers] tbody tr")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=lifetime-unavailable]"));
        Assert.Empty(cut.FindAll("[data-testid=lifetime-error]"));
        var expected = LifetimeFit.Fit(PurchaseLog.FromTransactions(inProcess.Purchases!), LifetimeOptions.Default);
        var fit = session.LifetimeFit!;
        Assert.Equal(expected.Summary.Count, fit.Summary.Count);
        Assert.Equal(expected.Purchases.R, fit.Purchases.R, 1e-9);
        Assert.Contains($"r = {Format.Number(expected.Purchases.R, 3)} ± {Format.Number(expected.Purchases.StandardErrors[0], 3)}",
            cut.Find("[data-testid=lifetime-parameters]").TextContent, StringComparison.Ordinal);
        Assert.Equal(inProcess.Cleaning!.LastDate!.Value.Date, session.PurchasePeriod!.Value.Last);
    }

    [Fact]
    public async Task LifetimePage_SourceGoneAfterLoading_SaysSoAndKeepsTheDataset()
    {
        using var files = new TempFiles();
        var (session, _) = await LoadSourceAsync(files);
        var dataset = session.Dataset;
        File.Delete(files.PathOf("sample.csv.gz"));

        var cut = Render<LifetimeValuePage>();

        cut.WaitForAssertion(() => Assert.Contains("sample.csv.gz", cut.Find("[data-testid=lifetime-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("Exception", cut.Find("[data-testid=lifetime-error]").TextContent, StringComparison.Ordinal);
        Assert.Same(dataset, session.Dataset);
        Assert.Empty(cut.FindAll("[data-testid=lifetime-customers] tbody tr"));
    }

    [Fact]
    public async Task Report_SourceDataset_HasTheLifetimeSheetAndTheMovers()
    {
        using var files = new TempFiles();
        var (session, inProcess) = await LoadSourceAsync(files);

        var input = await session.BuildReportInputAsync();

        Assert.NotNull(input);
        var expected = LifetimeFit.Fit(PurchaseLog.FromTransactions(inProcess.Purchases!), LifetimeOptions.Default);
        Assert.Equal(expected.Summary.Count, input.Lifetime!.Values.Clv.Length);
        Assert.Equal(expected.Purchases.R, input.Lifetime.Fit.Purchases.R, 1e-9);
        Assert.NotNull(input.Movers);
    }

    [Fact]
    public async Task OverTimePage_SourceDataset_ShowsTheSnapshotsOfTheSameLinesInProcess()
    {
        using var files = new TempFiles();
        var (session, inProcess) = await LoadSourceAsync(files);

        var cut = Render<OverTimePage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindComponents<SankeyChart>()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=temporal-error]"));
        var expected = new AnalysisPipeline().Temporal(inProcess, session.Space!.Options, session.Settings, session.TemporalOptions, null, CancellationToken.None);
        var shown = session.Temporal!;
        Assert.Equal(expected.Snapshots, shown.Snapshots);
        for (var s = 0; s < expected.Snapshots.Count; s++)
        {
            Assert.Equal(expected.Segments.States(s), shown.Segments.States(s));
        }
    }
}
