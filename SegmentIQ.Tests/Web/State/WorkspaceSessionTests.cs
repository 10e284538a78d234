using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.State;

/// <summary>
/// A tab's work survives a new circuit (reload, reconnect): a second session joining the same workspace id gets the
/// same dataset and settings; a workspace the server no longer holds is reported, never replaced silently by the sample.
/// </summary>
public sealed class WorkspaceSessionTests : SegmentIqBunitContext
{
    [Fact]
    public async Task SecondSession_SameWorkspace_RestoresDatasetAndSettings()
    {
        var first = NewSession();
        await first.EnsureInitializedAsync();
        await first.AttachWorkspaceAsync("tab-1", rememberedDataset: null);
        using var files = new Ingestion.TempFiles();
        var outcome = await first.LoadFileAsync(files.Write("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);
        await first.UpdateSettingsAsync(first.Settings with { NumberOfClusters = 3, Seed = 7 });
        var labels = first.Segmentation!.Labels.ToArray();

        // The reload: a new circuit, a new session, the sample loading first as every page asks for it.
        var second = NewSession();
        var init = second.EnsureInitializedAsync();
        await second.AttachWorkspaceAsync("tab-1", rememberedDataset: "shop.csv");
        await init;

        Assert.Equal("shop.csv", second.Dataset!.Name);
        Assert.Same(first.Dataset, second.Dataset);
        Assert.Equal(3, second.Settings.NumberOfClusters);
        Assert.Equal(7, second.Settings.Seed);
        Assert.Equal(labels, second.Segmentation!.Labels);
        Assert.Null(second.LostWorkspaceMessage);
    }

    [Fact]
    public async Task SecondSession_SameWorkspace_RestoresTheAbInputsAndRecommendationCount()
    {
        var first = NewSession();
        await first.EnsureInitializedAsync();
        await first.AttachWorkspaceAsync("tab-ab", rememberedDataset: null);
        using var files = new Ingestion.TempFiles();
        var outcome = await first.LoadFileAsync(files.Write("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, null, null, CancellationToken.None);
        Assert.Null(outcome.Error);
        var conversion = new AbTestOptions { BaselineRate = 0.2, MinimumDetectableEffect = 0.05, Alpha = 0.1, Power = 0.9, TwoSided = false };
        first.AbConversion = conversion;
        first.RecommendationCount = 7;

        var second = NewSession();
        var init = second.EnsureInitializedAsync();
        await second.AttachWorkspaceAsync("tab-ab", rememberedDataset: "shop.csv");
        await init;

        Assert.Equal(conversion, second.AbConversion);
        Assert.Equal(AbTestOptions.OrderValueDefaults, second.AbOrderValue);
        Assert.Equal(7, second.RecommendationCount);
    }

    [Fact]
    public async Task UnknownWorkspace_WithRememberedData_SaysTheDataIsGoneAndShowsTheSample()
    {
        var session = NewSession();
        await session.EnsureInitializedAsync();

        await session.AttachWorkspaceAsync("tab-after-restart", rememberedDataset: "march.csv");

        Assert.True(session.Dataset!.IsDefaultSample);
        Assert.Contains("\"march.csv\" is no longer here", session.LostWorkspaceMessage, StringComparison.Ordinal);
        session.DismissLostWorkspace();
        Assert.Null(session.LostWorkspaceMessage);
    }

    [Fact]
    public async Task NewTab_NoRememberedData_ShowsTheSampleWithoutAWarning()
    {
        var session = NewSession();
        await session.EnsureInitializedAsync();

        await session.AttachWorkspaceAsync("fresh-tab", rememberedDataset: null);

        Assert.True(session.Dataset!.IsDefaultSample);
        Assert.Null(session.LostWorkspaceMessage);
        Assert.Equal(1, Services.GetRequiredService<WorkspaceStore>().Count);
    }

    [Fact]
    public async Task EndedSession_DropsItsUploadsCachedSteps_ButNotTheSamples()
    {
        var scope = Services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var sampleSpaceKey = session.Space!.Key;
        using var files = new Ingestion.TempFiles();
        Assert.Null((await session.LoadFileAsync(files.Write("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, null, null, CancellationToken.None)).Error);
        var cache = Services.GetRequiredService<StepCache>();
        var uploadSpaceKey = session.Space!.Key;
        Assert.True(cache.TryGet<ClusteringSpace>(uploadSpaceKey, out _));

        scope.Dispose();

        Assert.False(cache.TryGet<ClusteringSpace>(uploadSpaceKey, out _));
        Assert.True(cache.TryGet<ClusteringSpace>(sampleSpaceKey, out _));
    }

    // Each circuit has its own scoped session; the store is the app's singleton.
    [Fact]
    public async Task SessionEndingAfterItsConnectionWasLost_ItsWorkExpiresCountingFromTheLoss()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        Services.AddSingleton<TimeProvider>(time);
        var store = Services.GetRequiredService<WorkspaceStore>();
        var session = NewSession();
        await session.EnsureInitializedAsync();
        await session.AttachWorkspaceAsync("tab-gone", rememberedDataset: null);
        using var files = new Ingestion.TempFiles();
        Assert.Null((await session.LoadFileAsync(files.Write("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, null, null, CancellationToken.None)).Error);

        // The tab vanished; its circuit was kept for a reconnect as long as the retention, then disposed.
        session.ConnectionLost();
        time.Advance(TimeSpan.FromSeconds(store.RetentionSeconds));
        session.Dispose();

        Assert.Equal(1, store.Sweep());
        Assert.Equal(StoreStatus.Missing, store.Find("tab-gone").Status);
    }

    [Fact]
    public async Task SessionWhoseConnectionCameBack_KeepsTheFullRetention()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        Services.AddSingleton<TimeProvider>(time);
        var store = Services.GetRequiredService<WorkspaceStore>();
        var session = NewSession();
        await session.EnsureInitializedAsync();
        await session.AttachWorkspaceAsync("tab-back", rememberedDataset: null);
        using var files = new Ingestion.TempFiles();
        Assert.Null((await session.LoadFileAsync(files.Write("shop.csv", TestCsv.ThirtyCustomers()), "shop.csv", null, null, null, null, CancellationToken.None)).Error);

        session.ConnectionLost();
        time.Advance(TimeSpan.FromSeconds(store.RetentionSeconds));
        session.ConnectionRestored();
        session.Dispose();

        Assert.Equal(0, store.Sweep());
        Assert.Equal(StoreStatus.Found, store.Find("tab-back").Status);
    }

    private AnalysisSession NewSession() => Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
}
