using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.State;

/// <summary>
/// Background results stay off the interactive path: a segmentation's stability starts only once the settings have
/// stayed put for <see cref="AnalysisSession.BackgroundQuietPeriod"/> (and the Segments page asks), so a moving slider
/// never shares the CPU with it.
/// </summary>
public sealed class BackgroundWorkSessionTests : SegmentIqBunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public BackgroundWorkSessionTests() => Services.AddSingleton<TimeProvider>(_time);

    private AnalysisSession Session => Services.GetRequiredService<AnalysisSession>();

    [Fact]
    public async Task SliderMoves_StabilityWaitsForTheQuietPeriod_ThenRunsForTheLastSegmentationOnly()
    {
        var path = SegmentIQ.Web.Services.UploadedFiles.TemporaryPathFor("shop.csv");
        await File.WriteAllTextAsync(path, TestCsv.ThirtyCustomers());
        var outcome = await Session.LoadUploadedFileAsync(path, "shop.csv", null, null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);

        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 3 });
        Session.EnsureSegmentsPageResults();
        _time.Advance(AnalysisSession.BackgroundQuietPeriod / 2);
        await Session.UpdateSettingsAsync(Session.Settings with { NumberOfClusters = 4 });
        Session.EnsureSegmentsPageResults();
        _time.Advance(AnalysisSession.BackgroundQuietPeriod - TimeSpan.FromMilliseconds(1));
        Session.EnsureSegmentsPageResults();

        // The Segments page asked on every render, but each move restarted the quiet period: nothing has started yet.
        Assert.False(Session.IsStabilityRunning);
        Assert.Null(Session.Stability);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        // The settled segmentation re-renders the page, which asks again.
        await WaitUntilAsync(() =>
        {
            Session.EnsureSegmentsPageResults();
            return Session.Stability is not null;
        });

        Assert.Equal(4, Session.StabilityFor?.NumberOfClusters);
        Assert.Equal(20, Session.Stability!.Scores.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the background result never arrived");
            await Task.Delay(20);
        }
    }
}
