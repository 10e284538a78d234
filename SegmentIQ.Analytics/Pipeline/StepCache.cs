using System.Collections.Concurrent;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Step results (spaces, segmentations, personas, sweeps…) by their <see cref="StepKeys">key</see>, shared by every
/// session, API request and schedule of the process: the bundled dataset's steps are computed once. Holds a bounded
/// number of entries; the least recently used go first. Thread-safe; a value is computed once even when several
/// callers ask for the same key at the same moment. Steps of a dataset that sessions <see cref="Retain">retain</see> are
/// dropped as soon as the last of them <see cref="Release">releases</see> it (the session ended or moved to other
/// data), so an ended session's results do not sit in memory until enough newer entries push them out.
/// </summary>
public sealed class StepCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _retained = new(StringComparer.Ordinal);
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

    /// <summary>Marks <paramref name="datasetKey"/> as in use by one more session.</summary>
    public void Retain(string datasetKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetKey);
        lock (_retained)
        {
            _retained[datasetKey] = _retained.GetValueOrDefault(datasetKey) + 1;
        }
    }

    /// <summary>
    /// Marks <paramref name="datasetKey"/> as no longer used by one session; when none uses it any more, every entry
    /// computed from it (its key contains the dataset's key) is dropped. Returns how many entries were dropped.
    /// </summary>
    public int Release(string datasetKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(datasetKey);
        lock (_retained)
        {
            if (!_retained.TryGetValue(datasetKey, out var users))
            {
                return 0;
            }

            if (users > 1)
            {
                _retained[datasetKey] = users - 1;
                return 0;
            }

            _retained.Remove(datasetKey);
        }

        var dropped = 0;
        foreach (var key in _entries.Keys)
        {
            if (key.Contains(datasetKey, StringComparison.Ordinal) && _entries.TryRemove(key, out _))
            {
                dropped++;
            }
        }

        return dropped;
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
