using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.State;

/// <summary>
/// Many sessions on one process: reading an upload takes its turn in the fit scheduler (visibly), and the results only
/// the Segments page shows are computed only while that page asks for them.
/// </summary>
public sealed class SessionFairShareTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public SessionFairShareTests()
    {
        // One run for the whole process, so another session holding it makes every other read wait.
        Services.AddSingleton(new FitScheduler(1, 1));
    }

    private AnalysisSession Session => Services.GetRequiredService<AnalysisSession>();

    private FitScheduler Scheduler => Services.GetRequiredService<FitScheduler>();

    [Fact]
    public async Task Upload_WhileAnotherSessionHoldsTheOnlyRun_WaitsVisiblyThenLoads()
    {
        await Session.EnsureInitializedAsync();
        var sample = Session.Dataset!;
        var path = UploadedFile("shop.csv", TestCsv.ThirtyCustomers());

        var other = await Scheduler.AcquireAsync("another session", FitPriority.Interactive, CancellationToken.None);
        var upload = Session.LoadUploadedFileAsync(path, "shop.csv", null, null, null, null, CancellationToken.None);
        await WaitUntilAsync(() => Session.IsLoadWaitingForTurn);

        Assert.True(Session.IsAnyWaitingForTurn);
        Assert.Same(sample, Session.Dataset);
        Assert.False(upload.IsCompleted);

        other.Dispose();
        var outcome = await upload.WaitAsync(Patience);

        Assert.Null(outcome.Error);
        Assert.Equal("shop.csv", Session.Dataset!.Name);
        Assert.False(Session.IsLoadWaitingForTurn);
    }

    [Fact]
    public async Task Upload_CancelledWhileWaitingForItsTurn_SaysSoAndKeepsTheData()
    {
        await Session.EnsureInitializedAsync();
        var sample = Session.Dataset!;
        var path = UploadedFile("shop.csv", TestCsv.ThirtyCustomers());
        using var other = await Scheduler.AcquireAsync("another session", FitPriority.Interactive, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var upload = Session.LoadUploadedFileAsync(path, "shop.csv", null, null, null, null, cancel.Token);
        await WaitUntilAsync(() => Session.IsLoadWaitingForTurn);

        await cancel.CancelAsync();
        var outcome = await upload.WaitAsync(Patience);

        Assert.Equal("Loading shop.csv was cancelled; the previous dataset is still in use.", outcome.Error);
        Assert.Same(sample, Session.Dataset);
        Assert.False(Session.IsLoadWaitingForTurn);
        Assert.Equal(0, Scheduler.Waiting);
    }

    [Fact]
    public async Task SegmentsPageResults_AreComputedOnlyWhenAskedFor()
    {
        await Session.EnsureInitializedAsync();
        var outcome = await Session.LoadUploadedFileAsync(UploadedFile("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 3 });

        // No page asked: neither the k sweep nor the stability of the segmentation started.
        Assert.NotNull(Session.Segmentation);
        Assert.False(Session.IsSweeping);
        Assert.Null(Session.KMeansSweep);
        Assert.False(Session.IsStabilityRunning);
        Assert.Null(Session.Stability);

        // The page asks on every render (the stability once the segmentation has settled, which renders it again).
        await WaitUntilAsync(() =>
        {
            Session.EnsureSegmentsPageResults();
            return Session.KMeansSweep is not null && Session.StabilityFor is not null;
        });

        Assert.Same(Session.Segmentation, Session.StabilityFor);
        Assert.Equal(20, Session.Stability!.Scores.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static string UploadedFile(string name, string text)
    {
        var path = SegmentIQ.Web.Services.UploadedFiles.TemporaryPathFor(name);
        File.WriteAllText(path, text);
        return path;
    }
}
