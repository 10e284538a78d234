using System.Collections.Concurrent;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Step results (spaces, segmentations, personas, sweeps…) by their <see cref="StepKeys">key</see>, shared by every
/// session, API request and schedule of the process: the bundled dataset's steps are computed once. Holds a bounded
/// number of entries; the least recently used go first. Thread-safe; a value is computed once even when several
/// callers ask for the same key at the same moment.
/// </summary>
public sealed class StepCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>A cache of at most <paramref name="capacity"/> entries.</summary>
    public StepCache(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Most entries held.</summary>
    public int Capacity { get; }

    /// <summary>Entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>The cached value for <paramref name="key"/>, if any.</summary>
    public bool TryGet<T>(string key, out T value)
        where T : class
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Lazy.IsValueCreated && entry.Lazy.Value is T typed)
        {
            entry.Stamp = Interlocked.Increment(ref _clock);
            value = typed;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Stores a finished value.</summary>
    public void Set<T>(string key, T value)
        where T : class
    {
        var lazy = new Lazy<object>(value);
        _entries[key] = new Entry(lazy) { Stamp = Interlocked.Increment(ref _clock) };
        Trim();
    }

    /// <summary>
    /// The value for <paramref name="key"/>, computing it with <paramref name="compute"/> when absent. A computation
    /// that throws (cancelled, bad data) leaves nothing behind, so the next caller tries again.
    /// </summary>
    public T GetOrAdd<T>(string key, Func<T> compute)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        for (var attempt = 0; ; attempt++)
        {
            var mine = new Entry(new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication));
            var entry = _entries.GetOrAdd(key, mine);
            entry.Stamp = Interlocked.Increment(ref _clock);
            try
            {
                var value = (T)entry.Lazy.Value;
                Trim();
                return value;
            }
            catch (OperationCanceledException) when (!ReferenceEquals(entry, mine) && attempt < 3)
            {
                // Another caller's computation was cancelled under us: compute it ourselves.
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
            catch
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                throw;
            }
        }
    }

    private void Trim()
    {
        while (_entries.Count > Capacity)
        {
            var oldest = _entries.Where(e => e.Value.Lazy.IsValueCreated).DefaultIfEmpty().MinBy(e => e.Value?.Stamp ?? long.MaxValue);
            if (oldest.Key is null || !_entries.TryRemove(oldest.Key, out _))
            {
                return;
            }
        }
    }

    private sealed class Entry(Lazy<object> lazy)
    {
        public Lazy<object> Lazy { get; } = lazy;

        public long Stamp { get; set; }
    }
}
