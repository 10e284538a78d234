using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace SegmentIQ.Web.Services;

/// <summary>
/// Gives the memory of ended sessions back to the operating system once the users have gone. The server GC keeps the
/// heap it grew to under load (DATAS shrinks it only as later collections run), and a server whose users have left
/// allocates nothing, so no collection runs and the freed circuits, datasets and results stay resident. When something
/// was released (a circuit closed, a tab's kept work dropped), no circuit is open any more (connected or kept for a
/// reconnect), no fit runs or waits, and nothing more was released for <see cref="SegmentIqOptions.IdleTrimSeconds"/>,
/// this runs one compacting <see cref="GCCollectionMode.Aggressive"/> collection, which also decommits the free space.
/// While anyone is connected it does nothing: their own allocations drive the ordinary collections, and a blocking
/// full collection would pause them.
/// </summary>
public sealed class IdleMemoryTrimmer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly FitScheduler? _fits;
    private readonly ILogger<IdleMemoryTrimmer>? _logger;
    private readonly Action _collect;
    private readonly BoundedBlockMemoryPool? _networkBlocks;
    private readonly ITimer? _timer;
    private DateTimeOffset? _releasedAt;
    private int _openCircuits;
    private int _trims;

    /// <summary>A trimmer checking every few seconds on <paramref name="timeProvider"/>'s clock (off when the period is 0).</summary>
    public IdleMemoryTrimmer(IOptions<SegmentIqOptions> options, TimeProvider? timeProvider = null, FitScheduler? fits = null, ILogger<IdleMemoryTrimmer>? logger = null, BoundedBlockMemoryPool? networkBlocks = null)
        : this(options, timeProvider, fits, logger, collect: null)
    {
        _networkBlocks = networkBlocks;
    }

    /// <summary>As above with the collection replaced (tests count calls instead of collecting).</summary>
    internal IdleMemoryTrimmer(IOptions<SegmentIqOptions> options, TimeProvider? timeProvider, FitScheduler? fits, ILogger<IdleMemoryTrimmer>? logger, Action? collect)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? TimeProvider.System;
        _quiet = TimeSpan.FromSeconds(Math.Max(0, options.Value.IdleTrimSeconds));
        _fits = fits;
        _logger = logger;
        _collect = collect ?? CollectAndReport;
        if (_quiet > TimeSpan.Zero)
        {
            var period = TimeSpan.FromSeconds(Math.Clamp(_quiet.TotalSeconds / 4, 1, 5));
            _timer = _time.CreateTimer(_ => TrimIfIdle(), null, period, period);
        }
    }

    /// <summary>Circuits open now, connected or kept for a reconnect.</summary>
    public int OpenCircuits => Volatile.Read(ref _openCircuits);

    /// <summary>Collections run so far.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>A circuit started.</summary>
    public void CircuitOpened() => Interlocked.Increment(ref _openCircuits);

    /// <summary>A circuit ended (closed by its tab, or its reconnect retention ran out): its state is garbage now.</summary>
    public void CircuitClosed()
    {
        Interlocked.Decrement(ref _openCircuits);
        Released();
    }

    /// <summary>Something large became garbage (a tab's kept work, cached steps); a trim follows once all is quiet.</summary>
    public void Released()
    {
        lock (_gate)
        {
            _releasedAt = _time.GetUtcNow();
        }
    }

    /// <summary>Runs the collection when something was released, nobody is connected and all was quiet long enough; true when it ran.</summary>
    public bool TrimIfIdle()
    {
        lock (_gate)
        {
            if (_releasedAt is not { } released || _time.GetUtcNow() - released < _quiet || OpenCircuits > 0
                || _fits is { Running: > 0 } or { Waiting: > 0 })
            {
                return false;
            }

            _releasedAt = null;
        }

        _collect();
        Interlocked.Increment(ref _trims);
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();

    /// <summary>
    /// Drops the idle network blocks, one compacting aggressive collection (frees the ended sessions' objects and
    /// decommits the free regions), then,
    /// on glibc, <c>malloc_trim</c> (native memory freed by the closed connections stays in the allocator's arenas
    /// otherwise). Logs the resident memory after each part, so a load run shows what each gave back.
    /// </summary>
    private void CollectAndReport()
    {
        var before = Environment.WorkingSet;
        var pooled = _networkBlocks?.PooledBlocks ?? 0;
        _networkBlocks?.Clear();
        var watch = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var collected = Environment.WorkingSet;
        var collectMs = watch.Elapsed.TotalMilliseconds;
        var trimmed = NativeHeap.Trim() ? Environment.WorkingSet : collected;
        if (_logger?.IsEnabled(LogLevel.Information) == true)
        {
            _logger.LogInformation(
                "Idle memory trim: resident {Before:N0} MB, {Collected:N0} MB after the collection ({Ms:N0} ms), {Trimmed:N0} MB after the native trim; managed heap {Heap:N0} MB; {Pooled} idle network blocks dropped",
                before / 1048576.0, collected / 1048576.0, collectMs, trimmed / 1048576.0, GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, pooled);
        }
    }

    /// <summary>glibc's <c>malloc_trim</c>: hands the free memory at the top of the native heaps back to the system.</summary>
    private static class NativeHeap
    {
        private static bool s_unavailable;

        /// <summary>True when the trim ran (Linux with glibc); false elsewhere (musl has no <c>malloc_trim</c>).</summary>
        public static bool Trim()
        {
            if (!OperatingSystem.IsLinux() || Volatile.Read(ref s_unavailable))
            {
                return false;
            }

            try
            {
                _ = MallocTrim(0);
                return true;
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                Volatile.Write(ref s_unavailable, true);
                return false;
            }
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        private static extern int MallocTrim(nuint pad);
    }
}
