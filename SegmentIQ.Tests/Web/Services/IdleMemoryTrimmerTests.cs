using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SegmentIQ.Tests.Ingestion;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>
/// The memory of ended sessions goes back to the system once the last circuit has closed and all stayed quiet, once,
/// and never while someone is connected or a fit runs.
/// </summary>
public sealed class IdleMemoryTrimmerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FitScheduler _fits = new(1, 1);
    private readonly IOptions<SegmentIqOptions> _options = Options.Create(new SegmentIqOptions { IdleTrimSeconds = 15, WorkspaceRetentionSeconds = 60 });
    private readonly IdleMemoryTrimmer _trimmer;
    private int _collections;

    public IdleMemoryTrimmerTests()
    {
        _trimmer = new IdleMemoryTrimmer(_options, _time, _fits, logger: null, () => _collections++);
    }

    [Fact]
    public void LastCircuitClosed_CollectsOnceAfterTheQuietPeriod()
    {
        _trimmer.CircuitOpened();
        _trimmer.CircuitOpened();
        _trimmer.CircuitClosed();
        _trimmer.CircuitClosed();
        Assert.Equal(0, _trimmer.OpenCircuits);

        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(0, _collections);

        // The timer checks every few seconds on the same clock; once is enough, later checks find nothing new.
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, _collections);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _collections);
        Assert.Equal(1, _trimmer.Trims);
    }

    [Fact]
    public void WhileACircuitIsOpen_NothingIsCollected()
    {
        _trimmer.CircuitOpened();
        _trimmer.CircuitOpened();
        _trimmer.CircuitClosed();

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, _collections);

        // The remaining user leaves: the quiet period counts from then.
        _trimmer.CircuitClosed();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _collections);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, _collections);
    }

    [Fact]
    public async Task WhileAFitRuns_NothingIsCollected_UntilItEnds()
    {
        _trimmer.CircuitOpened();
        _trimmer.CircuitClosed();
        var fit = await _fits.AcquireAsync("a schedule", FitPriority.Background, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(_trimmer.TrimIfIdle());
        Assert.Equal(0, _collections);

        fit.Dispose();
        Assert.True(_trimmer.TrimIfIdle());
        Assert.Equal(1, _collections);
    }

    [Fact]
    public void NothingReleased_NothingCollected()
    {
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(_trimmer.TrimIfIdle());
        Assert.Equal(0, _collections);
    }

    [Fact]
    public void WorkspaceDroppedAfterItsRetention_IsCollectedOnceQuiet()
    {
        using var files = new TempFiles();
        var dataset = DatasetLoader.Load(files.Write("shop.csv", Browser.TestCsv.ThirtyCustomers()), "shop.csv", null, null, isDefaultSample: false, null, null, CancellationToken.None).Dataset!;
        using var store = new WorkspaceStore(_options, _time, _trimmer);
        store.Save("tab", new WorkspaceSnapshot(dataset, Analytics.Features.FeatureSpaceOptions.DefaultFor(dataset.Features), new SegmentationSettings(), new BasketSettings()));
        store.Detach("tab");

        // Kept for a reload during the retention: no release yet, so nothing to collect.
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, _collections);
        Assert.Equal(1, store.Count);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, store.Count);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, _collections);
    }

    [Fact]
    public async Task TheAppsCircuitHandler_ReportsCircuitsToTheTrimmer()
    {
        using var app = new WebApplicationFactory<Program>();
        var trimmer = app.Services.GetRequiredService<IdleMemoryTrimmer>();
        using var scope = app.Services.CreateScope();
        var handlers = scope.ServiceProvider.GetServices<CircuitHandler>().OfType<SessionCircuitHandler>().ToList();
        var handler = Assert.Single(handlers);

        // The handlers ignore the circuit object (the framework's is not constructible outside it).
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        Assert.Equal(1, trimmer.OpenCircuits);
        await handler.OnCircuitClosedAsync(null!, CancellationToken.None);
        Assert.Equal(0, trimmer.OpenCircuits);
    }

    public void Dispose() => _trimmer.Dispose();
}
