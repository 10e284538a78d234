namespace SegmentIQ.Analytics.Pipeline;

/// <summary>What a <see cref="BoundedStore{T}"/> knows about an id.</summary>
public enum StoreStatus
{
    /// <summary>The item is held.</summary>
    Found,

    /// <summary>The item was held but evicted to make room (the store was full); the id is remembered for a while.</summary>
    Evicted,

    /// <summary>The store never held the item, it was removed on purpose, or its eviction is no longer remembered.</summary>
    Missing,
}

/// <summary>The result of a <see cref="BoundedStore{T}"/> look-up: the item when <see cref="Status"/> is <see cref="StoreStatus.Found"/>.</summary>
public readonly record struct StoreLookup<T>(StoreStatus Status, T? Value)
    where T : class;

/// <summary>
/// A thread-safe store of items by id, bounded both by count and by the sum of the sizes the items declare. Adding an
/// item evicts the least recently used ones until both limits hold; a look-up counts as a use. Evicted ids are
/// remembered (a bounded number, oldest forgotten first) so a caller can say "evicted because the store was full"
/// instead of "never existed". Holds results of the REST API (uploaded datasets, trained models) in memory without
/// letting them grow without bound.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class BoundedStore<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _items = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly HashSet<string> _evicted = new(StringComparer.Ordinal);
    private readonly Queue<string> _evictionOrder = new();
    private readonly Action<string, T>? _onEvicted;

    /// <summary>
    /// A store of at most <paramref name="maxCount"/> items whose declared sizes add up to at most
    /// <paramref name="maxBytes"/>, remembering the last <paramref name="rememberedEvictions"/> evicted ids.
    /// <paramref name="onEvicted"/> is called (outside the store's lock) for each item evicted to make room.
    /// </summary>
    public BoundedStore(int maxCount, long maxBytes, int rememberedEvictions = 1024, Action<string, T>? onEvicted = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rememberedEvictions);
        MaxCount = maxCount;
        MaxBytes = maxBytes;
        RememberedEvictions = rememberedEvictions;
        _onEvicted = onEvicted;
    }

    /// <summary>Most items held at once.</summary>
    public int MaxCount { get; }

    /// <summary>Largest sum of declared sizes held at once, in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>How many evicted ids are remembered.</summary>
    public int RememberedEvictions { get; }

    /// <summary>Items held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Sum of the declared sizes of the items held now, in bytes.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return BytesHeld;
            }
        }
    }

    private long BytesHeld { get; set; }

    /// <summary>True when an item of <paramref name="sizeBytes"/> could be held at all (alone, if need be).</summary>
    public bool Fits(long sizeBytes) => sizeBytes >= 0 && sizeBytes <= MaxBytes;

    /// <summary>
    /// Adds <paramref name="item"/> under a new <paramref name="id"/> as the most recently used, evicting the least
    /// recently used items until both limits hold. Returns the ids evicted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The item alone is larger than <see cref="MaxBytes"/> (check <see cref="Fits"/>).</exception>
    /// <exception cref="ArgumentException">The id is already held.</exception>
    public IReadOnlyList<string> Add(string id, T item, long sizeBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(item);
        if (!Fits(sizeBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBytes), sizeBytes, $"An item of {sizeBytes:N0} bytes is larger than the store's limit of {MaxBytes:N0} bytes.");
        }

        List<(string Id, T Item)>? evicted = null;
        lock (_gate)
        {
            if (_items.ContainsKey(id))
            {
                throw new ArgumentException($"The store already holds '{id}'.", nameof(id));
            }

            while (_items.Count > 0 && (_items.Count + 1 > MaxCount || BytesHeld + sizeBytes > MaxBytes))
            {
                var oldest = _recency.Last!;
                RemoveNode(oldest);
                Remember(oldest.Value.Id);
                (evicted ??= []).Add((oldest.Value.Id, oldest.Value.Item));
            }

            _items[id] = _recency.AddFirst(new Entry(id, item, sizeBytes));
            BytesHeld += sizeBytes;
            _evicted.Remove(id);
        }

        if (evicted is null)
        {
            return [];
        }

        foreach (var (evictedId, evictedItem) in evicted)
        {
            _onEvicted?.Invoke(evictedId, evictedItem);
        }

        return [.. evicted.Select(e => e.Id)];
    }

    /// <summary>The item <paramref name="id"/> (now the most recently used), or whether it was evicted or never held.</summary>
    public StoreLookup<T> Get(string id)
    {
        lock (_gate)
        {
            if (id is not null && _items.TryGetValue(id, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return new StoreLookup<T>(StoreStatus.Found, node.Value.Item);
            }

            return new StoreLookup<T>(id is not null && _evicted.Contains(id) ? StoreStatus.Evicted : StoreStatus.Missing, null);
        }
    }

    /// <summary>Removes <paramref name="id"/> on purpose (not remembered as evicted); false when it is not held.</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            if (id is null || !_items.TryGetValue(id, out var node))
            {
                return false;
            }

            RemoveNode(node);
            return true;
        }
    }

    private void RemoveNode(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _items.Remove(node.Value.Id);
        BytesHeld -= node.Value.Bytes;
    }

    private void Remember(string id)
    {
        if (RememberedEvictions == 0 || !_evicted.Add(id))
        {
            return;
        }

        _evictionOrder.Enqueue(id);
        while (_evictionOrder.Count > RememberedEvictions)
        {
            _evicted.Remove(_evictionOrder.Dequeue());
        }
    }

    private sealed record Entry(string Id, T Item, long Bytes);
}
