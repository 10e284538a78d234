using System.Collections.Concurrent;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Parameter sweeps (inertia and silhouette per k, BIC per k…) keyed by dataset hash, feature choice and algorithm,
/// shared by all sessions: the bundled dataset's sweeps are computed once per process. Holds a bounded number of
/// entries (oldest evicted first).
/// </summary>
public sealed class SweepCache
{
    private const int Capacity = 64;
    private readonly ConcurrentDictionary<string, (long Stamp, object Value)> _entries = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>The cached value for <paramref name="key"/>, if any.</summary>
    public bool TryGet<T>(string key, out T value)
        where T : class
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Value is T typed)
        {
            value = typed;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Stores a finished sweep.</summary>
    public void Set<T>(string key, T value)
        where T : class
    {
        _entries[key] = (Interlocked.Increment(ref _clock), value);
        while (_entries.Count > Capacity)
        {
            var oldest = _entries.MinBy(e => e.Value.Stamp).Key;
            _entries.TryRemove(oldest, out _);
        }
    }
}
