namespace SegmentIQ.Analytics.Pipeline;

/// <summary>What every <see cref="Slot{T}"/> offers whatever its result type: change notification, reset, cancel.</summary>
public interface ISlot : IDisposable
{
    /// <summary>Raised when the slot's state changes.</summary>
    event Action? Changed;

    /// <summary>True while a computation runs.</summary>
    bool IsRunning { get; }

    /// <summary>Forgets the value and cancels any computation.</summary>
    void Reset();

    /// <summary>
    /// Forgets the value and cancels any computation; <paramref name="notify"/> false leaves the notification to what the
    /// caller does next (a computation it starts at once notifies), so observers never see the empty state.
    /// </summary>
    void Reset(bool notify);

    /// <summary>Cancels the computation in flight, keeping the last result.</summary>
    void Cancel();

    /// <summary>
    /// Makes every later computation wait for admission through <paramref name="lane"/> at <paramref name="priority"/>
    /// (fair sharing of the CPU between sessions); while it waits, <see cref="IsWaiting"/> is true.
    /// </summary>
    void ScheduleThrough(FitLane lane, FitPriority priority);

    /// <summary>True while a requested computation waits for its turn (see <see cref="FitScheduler"/>).</summary>
    bool IsWaiting { get; }
}

/// <summary>
/// One derived result computed in the background: its value, the message when it could not be computed, whether it is
/// running, its progress, and the <see cref="StepKeys">key</see> it was computed for. A slot is stale when its key
/// differs from the current inputs' key; that is the only staleness rule. The newest request wins: asking for a new key
/// cancels the computation in flight, and a superseded result is never stored. Asking again for the key already held
/// or already running does nothing, so a page can ask on every render.
/// </summary>
/// <typeparam name="T">The result type (immutable).</typeparam>
public sealed class Slot<T> : ISlot
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Func<Exception, string?> _describeError;
    private readonly bool _keepValueOnError;
    private CancellationTokenSource? _running;
    private long _generation;
    private double _lastNotifiedProgress;
    private FitLane? _lane;
    private FitPriority _priority;

    /// <summary>
    /// A slot whose expected failures (bad data, settings out of range) become messages through
    /// <paramref name="describeError"/> (null for an unexpected exception, which is rethrown). With
    /// <paramref name="keepValueOnError"/> the last good value stays visible next to the message (a slider moved to a k
    /// the data cannot support); without it the value goes (rules of other settings would mislead).
    /// </summary>
    public Slot(Func<Exception, string?> describeError, bool keepValueOnError = false)
    {
        _describeError = describeError ?? throw new ArgumentNullException(nameof(describeError));
        _keepValueOnError = keepValueOnError;
    }

    /// <summary>Raised when the value, error, running state or progress (in 5 % steps) changes; on a worker thread.</summary>
    public event Action? Changed;

    /// <summary>The last result, or null.</summary>
    public T? Value { get; private set; }

    /// <summary>Why the last request could not be computed, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The key of the last request that finished (its <see cref="Value"/> or <see cref="Error"/>), or null.</summary>
    public string? Key { get; private set; }

    /// <summary>
    /// The key <see cref="Value"/> was computed for. It differs from <see cref="Key"/> only when the last request failed
    /// and the slot keeps its previous value next to the message.
    /// </summary>
    public string? ValueKey { get; private set; }

    /// <summary>The key being computed, or null when idle.</summary>
    public string? RunningKey { get; private set; }

    /// <summary>True while a computation runs (or waits for its turn).</summary>
    public bool IsRunning => RunningKey is not null;

    /// <inheritdoc />
    public bool IsWaiting { get; private set; }

    /// <summary>Progress of the computation in flight, 0..1 (1 when idle).</summary>
    public double Progress { get; private set; } = 1;

    /// <summary>True when the slot holds no result for <paramref name="key"/> (nothing yet, or another key's).</summary>
    public bool IsStaleFor(string? key) => key is null || !string.Equals(Key, key, StringComparison.Ordinal);

    /// <summary>The value when it was computed for <paramref name="key"/>, else null.</summary>
    public T? ValueFor(string? key) => key is not null && string.Equals(ValueKey, key, StringComparison.Ordinal) ? Value : null;

    /// <summary>
    /// Computes the result for <paramref name="key"/> off the calling thread, unless the slot already holds it or is
    /// computing it. Returns true when this call stored a result or an error for <paramref name="key"/>; false when
    /// nothing was needed or a newer request superseded it.
    /// </summary>
    public async Task<bool> RunAsync(string key, Func<IProgress<double>, CancellationToken, T> work)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        CancellationTokenSource cts;
        long generation;
        lock (_gate)
        {
            if ((string.Equals(Key, key, StringComparison.Ordinal) && RunningKey is null) || string.Equals(RunningKey, key, StringComparison.Ordinal))
            {
                return false;
            }

            _running?.Cancel();
            _running?.Dispose();
            _running = cts = new CancellationTokenSource();
            generation = ++_generation;
            RunningKey = key;
            IsWaiting = false;
            Progress = 0;
            _lastNotifiedProgress = 0;
        }

        Changed?.Invoke();
        var progress = new SlotProgress(this, generation);
        T? value = null;
        string? error = null;
        var token = cts.Token;
        IDisposable? lease = null;
        try
        {
            if (_lane is { } lane)
            {
                lease = await WaitForTurnAsync(lane, generation, token).ConfigureAwait(false);
            }

            value = await Task.Run(() => work(progress, token), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return Finish(generation, key, superseded: true, null, null);
        }
        catch (Exception ex) when (_describeError(ex) is { } message)
        {
            error = message;
        }
        finally
        {
            lease?.Dispose();
        }

        return Finish(generation, key, superseded: false, value, error);
    }

    /// <inheritdoc />
    public void ScheduleThrough(FitLane lane, FitPriority priority)
    {
        ArgumentNullException.ThrowIfNull(lane);
        lock (_gate)
        {
            _lane = lane;
            _priority = priority;
        }
    }

    /// <summary>Forgets the value and cancels any computation (the inputs it depended on are gone).</summary>
    public void Reset() => Reset(notify: true);

    /// <inheritdoc />
    public void Reset(bool notify)
    {
        lock (_gate)
        {
            _running?.Cancel();
            _generation++;
            RunningKey = null;
            IsWaiting = false;
            Value = null;
            Error = null;
            Key = null;
            ValueKey = null;
            Progress = 1;
        }

        if (notify)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Cancels the computation in flight, keeping the last result.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _running?.Cancel();
            _generation++;
            RunningKey = null;
            IsWaiting = false;
            Progress = 1;
        }

        Changed?.Invoke();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
            _generation++;
            RunningKey = null;
            IsWaiting = false;
        }
    }

    private async Task<IDisposable> WaitForTurnAsync(FitLane lane, long generation, CancellationToken token)
    {
        var admission = lane.AcquireAsync(_priority, token);
        if (admission.IsCompletedSuccessfully)
        {
            return admission.Result;
        }

        SetWaiting(generation, true);
        try
        {
            return await admission.ConfigureAwait(false);
        }
        finally
        {
            SetWaiting(generation, false);
        }
    }

    private void SetWaiting(long generation, bool waiting)
    {
        lock (_gate)
        {
            // A superseded request no longer speaks for the slot (a newer request, Reset or Cancel set its state).
            if (generation != _generation)
            {
                return;
            }

            IsWaiting = waiting;
        }

        Changed?.Invoke();
    }

    private bool Finish(long generation, string key, bool superseded, T? value, string? error)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return false;
            }

            RunningKey = null;
            Progress = 1;
            if (!superseded)
            {
                if (error is null || !_keepValueOnError)
                {
                    Value = value;
                    ValueKey = error is null ? key : null;
                }

                Error = error;
                Key = key;
            }
        }

        Changed?.Invoke();
        return !superseded;
    }

    private void Report(long generation, double value)
    {
        bool notify;
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            Progress = Math.Clamp(value, 0, 1);
            notify = Progress - _lastNotifiedProgress >= 0.05;
            if (notify)
            {
                _lastNotifiedProgress = Progress;
            }
        }

        if (notify)
        {
            Changed?.Invoke();
        }
    }

    private sealed class SlotProgress(Slot<T> slot, long generation) : IProgress<double>
    {
        public void Report(double value) => slot.Report(generation, value);
    }
}
