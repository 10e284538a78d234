namespace SegmentIQ.Analytics.Baskets;

/// <summary>
/// Market baskets stored compactly: items are integer codes 0..<see cref="ItemCount"/>-1 and basket <c>b</c> is the
/// sorted, duplicate-free slice <c>Items[Offsets[b]..Offsets[b+1]]</c> (CSR layout), so miners read contiguous
/// <c>int</c> spans instead of per-basket objects.
/// </summary>
public sealed class BasketDatabase
{
    private readonly int[] _offsets;
    private readonly int[] _items;
    private readonly string[] _itemLabels;
    private readonly string?[]? _itemDescriptions;
    private readonly int[] _itemCounts;
    private readonly int[] _storedCounts;
    private readonly int[]? _basketCustomers;
    private readonly string[] _warnings;
    private VerticalIndex? _vertical;

    /// <summary>
    /// Creates a database over the given arrays (not copied). Each basket's items must be sorted ascending and distinct,
    /// every item code must be below <paramref name="itemLabels"/>.Length. <paramref name="pairReducedCounts"/>, when
    /// given, are the items' basket counts over the full baskets, whose stored slices hold only the products of the
    /// pairs in at least <paramref name="pairMinCount"/> baskets (see <see cref="IsPairReduced"/>).
    /// </summary>
    internal BasketDatabase(
        int[] offsets,
        int[] items,
        string[] itemLabels,
        string?[]? itemDescriptions,
        int[]? basketCustomers,
        IEnumerable<string>? warnings,
        int[]? pairReducedCounts = null,
        int pairMinCount = 0)
    {
        _offsets = offsets;
        _items = items;
        _itemLabels = itemLabels;
        _itemDescriptions = itemDescriptions;
        _basketCustomers = basketCustomers;
        _warnings = warnings?.ToArray() ?? [];
        _storedCounts = new int[itemLabels.Length];
        var end = offsets[^1];
        for (var i = 0; i < end; i++)
        {
            _storedCounts[items[i]]++;
        }

        _itemCounts = pairReducedCounts ?? _storedCounts;
        PairMinCount = pairReducedCounts is null ? 0 : pairMinCount;
    }

    /// <summary>Number of baskets (transactions).</summary>
    public int BasketCount => _offsets.Length - 1;

    /// <summary>Number of distinct items (codes run from 0 to <c>ItemCount - 1</c>).</summary>
    public int ItemCount => _itemLabels.Length;

    /// <summary>Total number of (basket, item) pairs.</summary>
    public int TotalItems => _offsets[^1];

    /// <summary>Item key per code: the product (stock) code, or the token read from a basket file.</summary>
    public IReadOnlyList<string> ItemLabels => _itemLabels;

    /// <summary>Most frequent description per item when the baskets came from transactions, otherwise null.</summary>
    public IReadOnlyList<string?>? ItemDescriptions => _itemDescriptions;

    /// <summary>Number of baskets containing each item.</summary>
    public IReadOnlyList<int> ItemCounts => _itemCounts;

    /// <summary>
    /// True when the baskets were reduced where the lines are (<c>Sources/BasketSql</c>): each holds only its products
    /// that are in a frequent pair, while <see cref="ItemCounts"/> and <see cref="BasketCount"/> count the full baskets.
    /// Single items and itemsets of 2+ items frequent at the reduction's support count exactly (every pair of such an
    /// itemset is frequent, so every basket holding it kept all its products); less frequent itemsets of 2+ items may
    /// count short, and subsets of baskets cannot be taken.
    /// </summary>
    public bool IsPairReduced => !ReferenceEquals(_itemCounts, _storedCounts);

    /// <summary>When <see cref="IsPairReduced"/>, the basket count a pair needed for its products to be kept; itemsets of 2+ items counted below it may count short (0 otherwise).</summary>
    public int PairMinCount { get; }

    /// <summary>Customer code (into <c>TransactionPools.Customers</c>) per basket when built from transactions, else null.</summary>
    public IReadOnlyList<int>? BasketCustomers => _basketCustomers;

    /// <summary>Notes on the input (blank lines skipped, lines without customer…), for the UI.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>CSR offsets: basket <c>b</c> spans <c>Items[Offsets[b]..Offsets[b+1]]</c>.</summary>
    public ReadOnlySpan<int> Offsets => _offsets;

    /// <summary>All items of all baskets, basket after basket.</summary>
    public ReadOnlySpan<int> Items => _items;

    /// <summary>The sorted item codes of basket <paramref name="basket"/>.</summary>
    public ReadOnlySpan<int> Basket(int basket) => _items.AsSpan(_offsets[basket], _offsets[basket + 1] - _offsets[basket]);

    /// <summary>What to show for an item: its description when known, otherwise its label.</summary>
    public string DisplayLabel(int item) =>
        _itemDescriptions is { } d && !string.IsNullOrEmpty(d[item]) ? d[item]! : _itemLabels[item];

    /// <summary>The code of an item label, or -1.</summary>
    public int FindItem(string label) => Array.IndexOf(_itemLabels, label);

    /// <summary>
    /// Number of baskets containing every item of <paramref name="itemset"/> (any order, no duplicates), found by
    /// intersecting per-item basket lists (built on first use), so itemsets that were not mined can still be counted.
    /// </summary>
    public int CountSupport(ReadOnlySpan<int> itemset)
    {
        if (itemset.Length == 0)
        {
            return BasketCount;
        }

        if (itemset.Length == 1 && (uint)itemset[0] < (uint)ItemCount)
        {
            return _itemCounts[itemset[0]];
        }

        var vertical = Vertical();
        var vo = vertical.Offsets;
        var vb = vertical.Baskets;
        var rarest = itemset[0];
        foreach (var it in itemset)
        {
            if ((uint)it >= (uint)ItemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(itemset), $"Item code {it} is outside 0..{ItemCount - 1}.");
            }

            if (_storedCounts[it] < _storedCounts[rarest])
            {
                rarest = it;
            }
        }

        var count = 0;
        for (var p = vo[rarest]; p < vo[rarest + 1]; p++)
        {
            var basket = Basket(vb[p]);
            var all = true;
            foreach (var it in itemset)
            {
                if (it != rarest && basket.BinarySearch(it) < 0)
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The baskets at <paramref name="basketIndices"/> as a new database with the same item codes and labels,
    /// so itemsets and rules of a subset compare directly with those of the whole.
    /// </summary>
    public BasketDatabase Subset(ReadOnlySpan<int> basketIndices)
    {
        if (IsPairReduced)
        {
            throw new InvalidOperationException("These baskets hold only the products of frequent pairs (reduced where the lines are): the products' counts in a subset of them cannot be known.");
        }

        var offsets = new int[basketIndices.Length + 1];
        var total = 0;
        for (var i = 0; i < basketIndices.Length; i++)
        {
            var b = basketIndices[i];
            if ((uint)b >= (uint)BasketCount)
            {
                throw new ArgumentOutOfRangeException(nameof(basketIndices), $"Basket index {b} is outside 0..{BasketCount - 1}.");
            }

            total += _offsets[b + 1] - _offsets[b];
            offsets[i + 1] = total;
        }

        var items = new int[total];
        int[]? customers = _basketCustomers is null ? null : new int[basketIndices.Length];
        for (var i = 0; i < basketIndices.Length; i++)
        {
            Basket(basketIndices[i]).CopyTo(items.AsSpan(offsets[i]));
            if (customers is not null)
            {
                customers[i] = _basketCustomers![basketIndices[i]];
            }
        }

        return new BasketDatabase(offsets, items, _itemLabels, _itemDescriptions, customers, null);
    }

    /// <summary>
    /// Builds a database from baskets of string items (duplicates within a basket count once); items are coded in
    /// order of first appearance. Convenient for small inputs and tests.
    /// </summary>
    public static BasketDatabase FromBaskets(IEnumerable<IEnumerable<string>> baskets)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var builder = new BasketBuilder();
        foreach (var basket in baskets)
        {
            ArgumentNullException.ThrowIfNull(basket, nameof(baskets));
            foreach (var item in basket)
            {
                builder.Add(item);
            }

            builder.EndBasket();
        }

        return builder.Build(null);
    }

    /// <summary>Basket lists per item, built once on demand (concurrent callers may build it twice; both copies are equal).</summary>
    private VerticalIndex Vertical()
    {
        if (Volatile.Read(ref _vertical) is { } existing)
        {
            return existing;
        }

        var vo = new int[ItemCount + 1];
        for (var i = 0; i < ItemCount; i++)
        {
            vo[i + 1] = vo[i] + _storedCounts[i];
        }

        var fill = vo.AsSpan(0, ItemCount).ToArray();
        var vb = new int[TotalItems];
        for (var b = 0; b < BasketCount; b++)
        {
            foreach (var it in Basket(b))
            {
                vb[fill[it]++] = b;
            }
        }

        var built = new VerticalIndex(vo, vb);
        Volatile.Write(ref _vertical, built);
        return built;
    }

    private sealed record VerticalIndex(int[] Offsets, int[] Baskets);
}

/// <summary>Accumulates baskets of string items (interned to codes) into a <see cref="BasketDatabase"/>.</summary>
internal sealed class BasketBuilder
{
    private readonly Ingestion.StringPool _pool = new();
    private readonly List<int> _offsets = [0];
    private int[] _items = new int[1024];
    private int _count;
    private int _basketStart;

    public int BasketCount => _offsets.Count - 1;

    public int CurrentBasketSize => _count - _basketStart;

    public void Add(ReadOnlySpan<char> item) => AddCode(_pool.Intern(item));

    public void AddCode(int code)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = code;
    }

    /// <summary>Closes the current basket: sorts it and drops duplicates.</summary>
    public void EndBasket()
    {
        var span = _items.AsSpan(_basketStart, _count - _basketStart);
        span.Sort();
        var w = 0;
        for (var r = 0; r < span.Length; r++)
        {
            if (w == 0 || span[r] != span[w - 1])
            {
                span[w++] = span[r];
            }
        }

        _count = _basketStart + w;
        _basketStart = _count;
        _offsets.Add(_count);
    }

    public BasketDatabase Build(IEnumerable<string>? warnings) =>
        new([.. _offsets], _items.AsSpan(0, _count).ToArray(), [.. _pool.Values], null, null, warnings);
}
