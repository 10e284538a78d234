using SegmentIQ.Analytics.Clustering;

namespace SegmentIQ.Tests.Pipeline;

public class SlotTests
{
    private static string? Describe(Exception ex) => ex is ClusteringDataException or ArgumentException ? ex.Message : null;

    [Fact]
    public async Task RunAsync_StoresValueUnderItsKey_AndIsStaleForAnyOtherKey()
    {
        using var slot = new Slot<string>(Describe);

        Assert.True(slot.IsStaleFor("a"));
        Assert.True(await slot.RunAsync("a", (_, _) => "value of a"));

        Assert.Equal("value of a", slot.Value);
        Assert.Equal("a", slot.Key);
        Assert.False(slot.IsStaleFor("a"));
        Assert.True(slot.IsStaleFor("b"));
        Assert.Null(slot.ValueFor("b"));
        Assert.False(slot.IsRunning);
        Assert.Equal(1, slot.Progress);
    }

    [Fact]
    public async Task RunAsync_SameKeyAgain_DoesNotRecompute()
    {
        using var slot = new Slot<string>(Describe);
        var calls = 0;
        await slot.RunAsync("a", (_, _) => $"run {++calls}");

        Assert.False(await slot.RunAsync("a", (_, _) => $"run {++calls}"));

        Assert.Equal(1, calls);
        Assert.Equal("run 1", slot.Value);
    }

    [Fact]
    public async Task RunAsync_NewerKey_CancelsTheRunningOne_AndOnlyTheNewestIsStored()
    {
        using var slot = new Slot<string>(Describe);
        using var started = new SemaphoreSlim(0);
        var firstWasCancelled = false;
        var first = slot.RunAsync("slow", (_, ct) =>
        {
            started.Release();
            try
            {
                Task.Delay(TimeSpan.FromSeconds(30), ct).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                firstWasCancelled = true;
                throw;
            }

            return "slow";
        });
        await started.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(slot.IsRunning);
        Assert.Equal("slow", slot.RunningKey);

        var second = await slot.RunAsync("fast", (_, _) => "fast");

        Assert.True(second);
        Assert.False(await first);
        Assert.True(firstWasCancelled);
        Assert.Equal("fast", slot.Value);
        Assert.Equal("fast", slot.Key);
        Assert.False(slot.IsRunning);
    }

    [Fact]
    public async Task RunAsync_DataError_BecomesTheMessage_AndTheValueGoesByDefault()
    {
        using var slot = new Slot<string>(Describe);
        await slot.RunAsync("a", (_, _) => "good");

        Assert.True(await slot.RunAsync("b", (_, _) => throw new ClusteringDataException("Asked for 9 segments but the data has only 3 distinct customers.")));

        Assert.Null(slot.Value);
        Assert.Equal("b", slot.Key);
        Assert.Contains("only 3 distinct customers", slot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeepValueOnError_KeepsTheLastGoodValueAndItsKey()
    {
        using var slot = new Slot<string>(Describe, keepValueOnError: true);
        await slot.RunAsync("k=4", (_, _) => "four segments");

        await slot.RunAsync("k=9", (_, _) => throw new ArgumentOutOfRangeException("numberOfClusters", "too many"));

        Assert.Equal("four segments", slot.Value);
        Assert.Equal("k=4", slot.ValueKey);
        Assert.Equal("k=9", slot.Key);
        Assert.NotNull(slot.Error);
        Assert.Null(slot.ValueFor("k=9"));
        Assert.Equal("four segments", slot.ValueFor("k=4"));

        // The failed key is not retried on every render.
        Assert.False(await slot.RunAsync("k=9", (_, _) => "never"));
    }

    [Fact]
    public async Task RunAsync_UnexpectedException_IsNotHidden()
    {
        using var slot = new Slot<string>(Describe);

        await Assert.ThrowsAsync<FormatException>(() => slot.RunAsync("a", (_, _) => throw new FormatException("a bug")));
    }

    [Fact]
    public async Task Reset_ForgetsTheValue_AndCancelsTheRunningWork()
    {
        using var slot = new Slot<string>(Describe);
        await slot.RunAsync("a", (_, _) => "a");
        using var started = new SemaphoreSlim(0);
        var running = slot.RunAsync("b", (_, ct) =>
        {
            started.Release();
            Task.Delay(TimeSpan.FromSeconds(30), ct).GetAwaiter().GetResult();
            return "b";
        });
        await started.WaitAsync(TimeSpan.FromSeconds(10));

        slot.Reset();

        Assert.False(await running);
        Assert.Null(slot.Value);
        Assert.Null(slot.Key);
        Assert.False(slot.IsRunning);
    }

    [Fact]
    public async Task Progress_IsReportedAndChangedIsRaised()
    {
        using var slot = new Slot<string>(Describe);
        var changes = 0;
        slot.Changed += () => Interlocked.Increment(ref changes);
        var seen = new List<double>();

        await slot.RunAsync("a", (progress, _) =>
        {
            for (var i = 1; i <= 10; i++)
            {
                progress.Report(i / 10.0);
                seen.Add(slot.Progress);
            }

            return "done";
        });

        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], seen.Select(p => Math.Round(p, 1)));
        Assert.True(changes >= 3, $"changed {changes} times");
    }
}
