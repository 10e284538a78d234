using System.Collections.Concurrent;
using SegmentIQ.Analytics.Scheduling;

namespace SegmentIQ.Web.Services;

/// <summary>
/// Runs scheduled reports in the background: sleeps until the earliest next run of the enabled schedules (on the
/// injected <see cref="TimeProvider"/>, so tests drive it with a fake clock), then runs the due ones one at a time
/// through <see cref="ScheduleRunner"/>. "Run now" goes through the same one-at-a-time gate. A change in the
/// <see cref="ScheduleStore"/> wakes it to re-plan. Times missed while the app was down are not caught up; each
/// schedule's next run is its first time after the app started (or after its previous run ended).
/// </summary>
public sealed partial class ScheduleService : BackgroundService
{
    /// <summary>Longest sleep before the store is read again, even without a change notice.</summary>
    internal static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    private readonly ScheduleStore _store;
    private readonly ScheduleRunner _runner;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleService> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private long _sleepingUntilTicks;

    /// <summary>The service over the app's schedules.</summary>
    public ScheduleService(ScheduleStore store, ScheduleRunner runner, TimeProvider timeProvider, ILogger<ScheduleService> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _store.Changed += Wake;
    }

    /// <summary>Raised when a run starts or ends (from a background thread).</summary>
    public event Action? RunningChanged;

    /// <summary>When the loop will next wake by itself, while it sleeps (for tests that advance a fake clock).</summary>
    internal DateTimeOffset? SleepingUntil => Interlocked.Read(ref _sleepingUntilTicks) is > 0 and var ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>True while <paramref name="scheduleId"/> is running or waiting for the run before it.</summary>
    public bool IsRunning(string scheduleId) => _running.ContainsKey(scheduleId);

    /// <summary>
    /// Runs <paramref name="scheduleId"/> now (enabled or not), after any run in progress; returns the run, or null
    /// when there is no such schedule.
    /// </summary>
    public async Task<ScheduledRun?> RunNowAsync(string scheduleId, CancellationToken cancellationToken = default)
    {
        if (_store.Find(scheduleId) is not { } entry)
        {
            return null;
        }

        return await RunAsync(entry.Schedule, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var plan = new Dictionary<string, Planned>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                Replan(plan, _store.List(), now);
                var due = plan.Values.Where(p => p.Due <= now).OrderBy(p => p.Due).ToList();
                foreach (var item in due)
                {
                    await RunAsync(item.Schedule, stoppingToken).ConfigureAwait(false);
                    var next = NextRun(item.Schedule, _time.GetUtcNow());
                    if (next is { } time)
                    {
                        plan[item.Schedule.Id] = item with { Due = time };
                    }
                    else
                    {
                        plan.Remove(item.Schedule.Id);
                    }
                }

                if (due.Count > 0)
                {
                    continue;
                }

                var sleep = plan.Count == 0 ? MaxSleep : plan.Values.Min(p => p.Due) - now;
                await SleepAsync(sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > MaxSleep ? MaxSleep : sleep, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A broken schedules file (or anything unforeseen) must not stop the host: say so and look again later.
                LogStoreProblem(ex is ScheduleStoreException ? ex.Message : ex.ToString());
                await SleepAsync(TimeSpan.FromMinutes(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _store.Changed -= Wake;
        _oneAtATime.Dispose();
        _wake.Dispose();
        base.Dispose();
    }

    /// <summary>Keeps the due time of unchanged schedules; plans changed or new ones from now; drops deleted or disabled ones.</summary>
    private void Replan(Dictionary<string, Planned> plan, IReadOnlyList<ScheduleEntry> entries, DateTimeOffset now)
    {
        var enabled = entries.Where(e => e.Schedule.Enabled).Select(e => e.Schedule).DistinctBy(s => s.Id, StringComparer.Ordinal).ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var id in plan.Keys.Where(id => !enabled.ContainsKey(id)).ToList())
        {
            plan.Remove(id);
        }

        foreach (var schedule in enabled.Values)
        {
            if (plan.TryGetValue(schedule.Id, out var planned) && planned.Schedule == schedule)
            {
                continue;
            }

            if (NextRun(schedule, now) is { } due)
            {
                plan[schedule.Id] = new Planned(schedule, due);
            }
            else
            {
                plan.Remove(schedule.Id);
            }
        }
    }

    private DateTimeOffset? NextRun(ReportSchedule schedule, DateTimeOffset after)
    {
        try
        {
            return schedule.Times().Next(after);
        }
        catch (InvalidScheduleException ex)
        {
            LogInvalidSchedule(schedule.Id, ex.Message);
            return null;
        }
    }

    private async Task<ScheduledRun> RunAsync(ReportSchedule schedule, CancellationToken cancellationToken)
    {
        _running.AddOrUpdate(schedule.Id, 1, (_, count) => count + 1);
        RunningChanged?.Invoke();
        try
        {
            await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // The analysis is CPU-bound for seconds: keep it off the caller's thread (the loop or a page's circuit).
                var run = await Task.Run(() => _runner.RunOnce(schedule, cancellationToken), cancellationToken).ConfigureAwait(false);
                LogRun(schedule.Id, run.Outcome, run.Reason ?? run.ReportPath ?? "");
                return run;
            }
            finally
            {
                _oneAtATime.Release();
            }
        }
        finally
        {
            if (_running.AddOrUpdate(schedule.Id, 0, (_, count) => count - 1) <= 0)
            {
                _running.TryRemove(KeyValuePair.Create(schedule.Id, 0));
            }

            RunningChanged?.Invoke();
        }
    }

    private async Task SleepAsync(TimeSpan duration, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(duration, _time, stop.Token);
        var woken = _wake.WaitAsync(stop.Token);
        Interlocked.Exchange(ref _sleepingUntilTicks, (_time.GetUtcNow() + duration).UtcTicks);
        try
        {
            await Task.WhenAny(delay, woken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _sleepingUntilTicks, 0);
            await stop.CancelAsync().ConfigureAwait(false);
        }

        stoppingToken.ThrowIfCancellationRequested();
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one notice is enough to re-plan.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled report {ScheduleId}: {Outcome} {Detail}")]
    private partial void LogRun(string scheduleId, ScheduledRunOutcome outcome, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} is skipped: {Problem}")]
    private partial void LogInvalidSchedule(string scheduleId, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled reports pause for a minute: {Problem}")]
    private partial void LogStoreProblem(string problem);

    private sealed record Planned(ReportSchedule Schedule, DateTimeOffset Due);
}
