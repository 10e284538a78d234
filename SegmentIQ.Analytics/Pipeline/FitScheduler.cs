namespace SegmentIQ.Analytics.Pipeline;

/// <summary>Which fits go first when the CPU is busy.</summary>
public enum FitPriority
{
    /// <summary>A fit a person is waiting for (the k slider): always admitted before background work.</summary>
    Interactive,

    /// <summary>Sweeps, stability, comparisons and other results computed in the background.</summary>
    Background,
}

/// <summary>
/// Admits CPU-heavy fits of many owners (browser sessions) to a fixed number of concurrent runs, fairly: when a run
/// ends, the next admitted is an interactive fit before any background one, and among those the owner with the fewest
/// fits running that was served longest ago (first come, first served within one owner). Background fits never take
/// the last free run (when there is more than one), and an owner never holds more than <see cref="MaxPerOwner"/>
/// background runs at once, so one session's sweeps cannot starve everybody else's sliders; an interactive fit is not
/// held back by its own session's sweeps. Waiting fits can be cancelled; a cancelled waiter never runs.
/// </summary>
/// <remarks>
/// Written here because the platform's schedulers do not fit: <see cref="SemaphoreSlim"/> and
/// <c>System.Threading.RateLimiting</c>'s concurrency limiter admit in arrival order only (one session queueing ten
/// sweeps would delay every other session's slider by ten fits), and a custom <see cref="TaskScheduler"/> orders
/// work items, not whole fits with an owner and a priority.
/// </remarks>
public sealed class FitScheduler
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiting = [];
    private readonly Dictionary<string, OwnerState> _owners = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>
    /// A scheduler running at most <paramref name="maxConcurrentFits"/> fits at once, at most
    /// <paramref name="maxPerOwner"/> background fits for one owner.
    /// </summary>
    public FitScheduler(int maxConcurrentFits, int maxPerOwner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentFits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerOwner, 1);
        MaxConcurrentFits = maxConcurrentFits;
        MaxPerOwner = maxPerOwner;
    }

    /// <summary>Most fits running at once.</summary>
    public int MaxConcurrentFits { get; }

    /// <summary>Most background fits of one owner running at once.</summary>
    public int MaxPerOwner { get; }

    /// <summary>Fits running now.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return RunningCount;
            }
        }
    }

    /// <summary>Fits waiting for admission now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    private int RunningCount { get; set; }

    private int RunningBackground { get; set; }

    /// <summary>Most background fits running at once: all but one run, which stays free for a slider.</summary>
    private int MaxBackground => Math.Max(1, MaxConcurrentFits - 1);

    /// <summary>
    /// Waits until a fit of <paramref name="owner"/> at <paramref name="priority"/> may run and returns its lease;
    /// disposing the lease ends the run and admits the next waiter. Throws <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> is cancelled while waiting.
    /// </summary>
    public Task<IDisposable> AcquireAsync(string owner, FitPriority priority, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            waiter = new Waiter(owner, priority, ++_clock);
            _waiting.Add(waiter);
            AdmitWaiters();
        }

        if (waiter.Completion.Task.IsCompleted)
        {
            return waiter.Completion.Task;
        }

        var registration = cancellationToken.Register(() => Abandon(waiter, cancellationToken));
        _ = waiter.Completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return waiter.Completion.Task;
    }

    private void Abandon(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_waiting.Remove(waiter))
            {
                return;
            }
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private void Release(string owner, FitPriority priority)
    {
        lock (_gate)
        {
            RunningCount--;
            var state = _owners[owner];
            state.Running--;
            if (priority == FitPriority.Background)
            {
                RunningBackground--;
                state.RunningBackground--;
            }

            if (state.Running == 0 && !_waiting.Exists(w => string.Equals(w.Owner, owner, StringComparison.Ordinal)))
            {
                // Forget idle owners, so a long-lived process does not keep one entry per session ever seen.
                _owners.Remove(owner);
            }

            AdmitWaiters();
        }
    }

    /// <summary>Admits waiters while there is room; called under the lock.</summary>
    private void AdmitWaiters()
    {
        while (RunningCount < MaxConcurrentFits && NextWaiter() is { } next)
        {
            _waiting.Remove(next);
            var state = Owner(next.Owner);
            state.Running++;
            state.LastServed = ++_clock;
            RunningCount++;
            if (next.Priority == FitPriority.Background)
            {
                RunningBackground++;
                state.RunningBackground++;
            }

            // Continuations run asynchronously, so completing under the lock runs no caller code here.
            next.Completion.TrySetResult(new Lease(this, next.Owner, next.Priority));
        }
    }

    private Waiter? NextWaiter()
    {
        Waiter? best = null;
        OwnerState? bestOwner = null;
        foreach (var waiter in _waiting)
        {
            var owner = Owner(waiter.Owner);
            if (waiter.Priority == FitPriority.Background && (owner.RunningBackground >= MaxPerOwner || RunningBackground >= MaxBackground))
            {
                continue;
            }

            if (best is null || IsBefore(waiter, owner, best, bestOwner!))
            {
                best = waiter;
                bestOwner = owner;
            }
        }

        return best;
    }

    private static bool IsBefore(Waiter candidate, OwnerState candidateOwner, Waiter best, OwnerState bestOwner)
    {
        if (candidate.Priority != best.Priority)
        {
            return candidate.Priority < best.Priority;
        }

        if (candidateOwner.Running != bestOwner.Running)
        {
            return candidateOwner.Running < bestOwner.Running;
        }

        if (candidateOwner.LastServed != bestOwner.LastServed)
        {
            return candidateOwner.LastServed < bestOwner.LastServed;
        }

        return candidate.Arrival < best.Arrival;
    }

    private OwnerState Owner(string owner)
    {
        if (!_owners.TryGetValue(owner, out var state))
        {
            _owners[owner] = state = new OwnerState();
        }

        return state;
    }

    private sealed class Waiter(string owner, FitPriority priority, long arrival)
    {
        public string Owner { get; } = owner;

        public FitPriority Priority { get; } = priority;

        public long Arrival { get; } = arrival;

        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class OwnerState
    {
        public int Running { get; set; }

        public int RunningBackground { get; set; }

        public long LastServed { get; set; }
    }

    private sealed class Lease(FitScheduler scheduler, string owner, FitPriority priority) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                scheduler.Release(owner, priority);
            }
        }
    }
}

/// <summary>One owner's (a session's) way into a <see cref="FitScheduler"/>: what a <see cref="Slot{T}"/> waits on before it computes.</summary>
/// <param name="Scheduler">The process's scheduler.</param>
/// <param name="Owner">The owner's id (one per session).</param>
public sealed record FitLane(FitScheduler Scheduler, string Owner)
{
    /// <summary>Waits for admission at <paramref name="priority"/>; dispose the lease when the fit ends.</summary>
    public Task<IDisposable> AcquireAsync(FitPriority priority, CancellationToken cancellationToken) =>
        Scheduler.AcquireAsync(Owner, priority, cancellationToken);
}
