namespace SegmentIQ.Tests.Pipeline;

public class FitSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcquireAsync_BelowTheLimit_AdmitsAtOnce()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 2, maxPerOwner: 1);

        using var a = await scheduler.AcquireAsync("a", FitPriority.Interactive, CancellationToken.None).WaitAsync(Patience);
        using var b = await scheduler.AcquireAsync("b", FitPriority.Interactive, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, scheduler.Running);
        Assert.Equal(0, scheduler.Waiting);
    }

    [Fact]
    public async Task Release_AdmitsOwnersInTurn_NotOneOwnersWholeQueueFirst()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 1, maxPerOwner: 1);
        var blocker = await scheduler.AcquireAsync("x", FitPriority.Interactive, CancellationToken.None);
        var order = new List<string>();

        // Session "greedy" queues three fits before "polite" queues one; polite must not wait behind all three.
        var waits = new List<Task>();
        foreach (var owner in new[] { "greedy", "greedy", "greedy", "polite" })
        {
            var admitted = scheduler.AcquireAsync(owner, FitPriority.Interactive, CancellationToken.None);
            waits.Add(admitted.ContinueWith(
                t =>
                {
                    lock (order)
                    {
                        order.Add(owner);
                    }

                    t.Result.Dispose();
                },
                TaskScheduler.Default));
        }

        Assert.Equal(4, scheduler.Waiting);
        blocker.Dispose();
        await Task.WhenAll(waits).WaitAsync(Patience);

        Assert.Equal(["greedy", "polite", "greedy", "greedy"], order);
    }

    [Fact]
    public async Task Release_AdmitsInteractiveBeforeBackground_WhateverTheArrivalOrder()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 1, maxPerOwner: 4);
        var blocker = await scheduler.AcquireAsync("x", FitPriority.Interactive, CancellationToken.None);

        var sweep = scheduler.AcquireAsync("a", FitPriority.Background, CancellationToken.None);
        var slider = scheduler.AcquireAsync("b", FitPriority.Interactive, CancellationToken.None);
        blocker.Dispose();

        using var first = await slider.WaitAsync(Patience);
        Assert.False(sweep.IsCompleted);
        first.Dispose();
        using var second = await sweep.WaitAsync(Patience);
    }

    [Fact]
    public async Task Background_NeverTakesTheLastFreeRun_SoASliderIsAdmittedAtOnce()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 2, maxPerOwner: 4);

        using var sweep1 = await scheduler.AcquireAsync("a", FitPriority.Background, CancellationToken.None).WaitAsync(Patience);
        var sweep2 = scheduler.AcquireAsync("b", FitPriority.Background, CancellationToken.None);
        var slider = scheduler.AcquireAsync("c", FitPriority.Interactive, CancellationToken.None);

        using var admitted = await slider.WaitAsync(Patience);
        Assert.False(sweep2.IsCompleted);
        Assert.Equal(1, scheduler.Waiting);
    }

    [Fact]
    public async Task OneOwner_HoldsAtMostMaxPerOwnerBackgroundRuns_ButItsSliderIsNotHeldBack()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 4, maxPerOwner: 1);

        using var sweep = await scheduler.AcquireAsync("a", FitPriority.Background, CancellationToken.None).WaitAsync(Patience);
        var secondSweep = scheduler.AcquireAsync("a", FitPriority.Background, CancellationToken.None);
        using var otherSessionsSweep = await scheduler.AcquireAsync("b", FitPriority.Background, CancellationToken.None).WaitAsync(Patience);
        using var slider = await scheduler.AcquireAsync("a", FitPriority.Interactive, CancellationToken.None).WaitAsync(Patience);

        Assert.False(secondSweep.IsCompleted);
        sweep.Dispose();
        using var admittedLater = await secondSweep.WaitAsync(Patience);
    }

    [Fact]
    public async Task CancelledWaiter_NeverRuns_AndTheNextOneIsAdmitted()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 1, maxPerOwner: 1);
        var blocker = await scheduler.AcquireAsync("x", FitPriority.Interactive, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var cancelled = scheduler.AcquireAsync("a", FitPriority.Interactive, cts.Token);
        var next = scheduler.AcquireAsync("b", FitPriority.Interactive, CancellationToken.None);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        Assert.Equal(1, scheduler.Waiting);
        blocker.Dispose();
        using var admitted = await next.WaitAsync(Patience);
        Assert.Equal(1, scheduler.Running);
    }

    [Fact]
    public async Task Slot_WaitingForItsTurn_SaysSo_ThenComputes()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 1, maxPerOwner: 1);
        var blocker = await scheduler.AcquireAsync("other-session", FitPriority.Interactive, CancellationToken.None);
        using var slot = new Slot<string>(_ => null);
        slot.ScheduleThrough(new FitLane(scheduler, "me"), FitPriority.Interactive);
        var waitingSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slot.Changed += () =>
        {
            if (slot.IsWaiting)
            {
                waitingSeen.TrySetResult();
            }
        };

        var run = slot.RunAsync("k=4", (_, _) => "fitted");
        await waitingSeen.Task.WaitAsync(Patience);

        Assert.True(slot.IsWaiting);
        Assert.True(slot.IsRunning);
        Assert.Null(slot.Value);
        blocker.Dispose();
        Assert.True(await run.WaitAsync(Patience));
        Assert.False(slot.IsWaiting);
        Assert.Equal("fitted", slot.Value);
        Assert.Equal(0, scheduler.Running);
    }

    [Fact]
    public async Task Slot_NewerKeyWhileWaiting_DropsTheQueuedOne_AndOnlyTheNewestRuns()
    {
        var scheduler = new FitScheduler(maxConcurrentFits: 1, maxPerOwner: 1);
        var blocker = await scheduler.AcquireAsync("other-session", FitPriority.Interactive, CancellationToken.None);
        using var slot = new Slot<string>(_ => null);
        slot.ScheduleThrough(new FitLane(scheduler, "me"), FitPriority.Interactive);
        var computed = new List<string>();

        var stale = slot.RunAsync("k=3", (_, _) => { computed.Add("k=3"); return "3"; });
        var newest = slot.RunAsync("k=4", (_, _) => { computed.Add("k=4"); return "4"; });
        Assert.False(await stale.WaitAsync(Patience));
        Assert.Equal(1, scheduler.Waiting);
        blocker.Dispose();

        Assert.True(await newest.WaitAsync(Patience));
        Assert.Equal(["k=4"], computed);
        Assert.Equal("4", slot.Value);
    }
}
