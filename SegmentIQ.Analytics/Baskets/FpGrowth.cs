using System.Numerics;

namespace SegmentIQ.Analytics.Baskets;

/// <summary>
/// FP-Growth (Han, Pei &amp; Yin 2000), the engine for frequent itemsets. Written here rather than taken from a
/// package because no maintained .NET implementation exists that is fast enough for live use. The FP-tree is a set of
/// parallel <c>int</c> arrays (item, count, parent, node-link) with items recoded by descending frequency; conditional
/// trees are built into per-depth reusable arrays (child lookup through an open-addressing hash of (parent, item)),
/// a tree that is a single path yields all its combinations directly, and the top-level conditional pattern bases are
/// mined on two threads. Results are identical to <see cref="Apriori"/>.
/// </summary>
public sealed class FpGrowth : IFrequentItemsetMiner
{
    private const int Workers = 2;

    /// <summary>The most items a conditional base may have to be mined as bit masks rather than as an FP-tree.</summary>
    internal const int MaskItems = 64;

    private readonly int _maskItems;

    /// <summary>Creates a miner with the given options (validated here).</summary>
    public FpGrowth(FrequentItemsetOptions? options = null)
        : this(options, MaskItems)
    {
    }

    /// <summary>A miner that mines conditional bases of at most <paramref name="maskItems"/> items as bit masks (0: FP-trees only; tests compare both).</summary>
    internal FpGrowth(FrequentItemsetOptions? options, int maskItems)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maskItems);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maskItems, MaskItems);
        Options = options ?? new FrequentItemsetOptions();
        Options.Validate();
        _maskItems = maskItems;
    }

    /// <summary>The options.</summary>
    public FrequentItemsetOptions Options { get; }

    /// <inheritdoc />
    public FrequentItemsets Mine(BasketDatabase baskets, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var minCount = Options.MinCount(baskets.BasketCount);
        var maxLength = Options.MaxLength ?? int.MaxValue;

        // Frequent items ranked by descending support (ties by code), so shared prefixes are long.
        var counts = baskets.ItemCounts;
        var ranked = new List<int>();
        for (var i = 0; i < baskets.ItemCount; i++)
        {
            if (counts[i] >= minCount)
            {
                ranked.Add(i);
            }
        }

        ranked.Sort((a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        var rank = new int[baskets.ItemCount];
        Array.Fill(rank, -1);
        for (var r = 0; r < ranked.Count; r++)
        {
            rank[ranked[r]] = r;
        }

        // Each basket's frequent items as an ascending rank sequence, inserted as one path. (Inserting the baskets
        // in lexicographic order for a depth-first node layout was measured: the sort cost about what locality saved.)
        var top = new FpTree();
        var frequentTotal = 0;
        for (var r = 0; r < ranked.Count; r++)
        {
            frequentTotal += counts[ranked[r]];
        }

        top.Reset(ranked.Count, frequentTotal + 1);
        var path = new int[ranked.Count + 1];
        for (var b = 0; b < baskets.BasketCount; b++)
        {
            if ((b & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var len = 0;
            foreach (var it in baskets.Basket(b))
            {
                if (rank[it] >= 0)
                {
                    path[len++] = rank[it];
                }
            }

            if (len > 0)
            {
                path.AsSpan(0, len).Sort();
                top.InsertPath(path.AsSpan(0, len), 1);
            }
        }

        for (var r = 0; r < ranked.Count; r++)
        {
            top.ToOriginal[r] = ranked[r];
            top.Support[r] = counts[ranked[r]];
        }

        // Reduced baskets lack the occurrences of products outside every frequent pair, so the path's node counts are
        // not the single items' supports (those come from ItemCounts through the per-item mining).
        if (baskets.IsPairReduced)
        {
            top.IsSinglePath = false;
        }

        var shared = new SharedState(Options.MaxItemsets, cancellationToken);
        List<(ItemsetBuffer, int, int)> ranges;
        if (top.IsSinglePath || ranked.Count < 2 * Workers)
        {
            var result = new ItemsetBuffer();
            var miner = new Miner(minCount, maxLength, _maskItems, shared, result);
            miner.MineTree(top, 0, progress);
            ranges = [(result, 0, result.Count)];
        }
        else
        {
            ranges = MineParallel(top, minCount, maxLength, _maskItems, shared, progress);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ItemsetBuffer.Concat(ranges, baskets, minCount, shared.LimitReached, Options.MaxItemsets);
    }

    /// <summary>
    /// Hands the top-level items to two workers dynamically, then concatenates their output in item order so
    /// the result does not depend on scheduling (unless the MaxItemsets limit cuts it).
    /// </summary>
    private static List<(ItemsetBuffer, int, int)> MineParallel(FpTree top, int minCount, int maxLength, int maskItems, SharedState shared, IProgress<double>? progress)
    {
        var k = top.ItemCount;
        var chunkWorker = new int[k];
        var chunkStart = new int[k];
        var chunkEnd = new int[k];
        var buffers = new ItemsetBuffer[Workers];
        var next = k;
        var done = 0;
        var tasks = new Task[Workers];
        for (var w = 0; w < Workers; w++)
        {
            var worker = w;
            buffers[w] = new ItemsetBuffer();
            tasks[w] = Task.Run(() =>
            {
                var miner = new Miner(minCount, maxLength, maskItems, shared, buffers[worker]);
                int j;
                while ((j = Interlocked.Decrement(ref next)) >= 0 && !shared.Stop)
                {
                    chunkWorker[j] = worker;
                    chunkStart[j] = buffers[worker].Count;
                    miner.MineItem(top, j, 0);
                    chunkEnd[j] = buffers[worker].Count;
                    var finished = Interlocked.Increment(ref done);
                    progress?.Report((double)finished / k);
                }
            });
        }

        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            shared.CancellationToken.ThrowIfCancellationRequested();
            throw;
        }

        var ranges = new List<(ItemsetBuffer, int, int)>(k);
        for (var j = k - 1; j >= 0; j--)
        {
            if (chunkEnd[j] > chunkStart[j])
            {
                ranges.Add((buffers[chunkWorker[j]], chunkStart[j], chunkEnd[j]));
            }
        }

        return ranges;
    }

    /// <summary>State shared by the workers: the itemset budget and the stop flag.</summary>
    private sealed class SharedState(int maxItemsets, CancellationToken cancellationToken)
    {
        private int _found;
        private volatile bool _stop;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public bool LimitReached { get; private set; }

        public bool Stop => _stop;

        /// <summary>
        /// Grants up to <paramref name="wanted"/> itemsets of the budget (workers take batches to avoid contention);
        /// 0 once it is spent, which also stops every worker.
        /// </summary>
        public int Reserve(int wanted)
        {
            while (true)
            {
                var found = Volatile.Read(ref _found);
                var take = Math.Min(wanted, maxItemsets - found);
                if (take <= 0)
                {
                    LimitReached = true;
                    _stop = true;
                    return 0;
                }

                if (Interlocked.CompareExchange(ref _found, found + take, found) == found)
                {
                    return take;
                }
            }
        }

        public void CheckCancel()
        {
            if (CancellationToken.IsCancellationRequested)
            {
                _stop = true;
                CancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>One worker's recursion: a prefix, a stack of reusable trees and an output buffer.</summary>
    private sealed class Miner(int minCount, int maxLength, int maskItems, SharedState shared, ItemsetBuffer output)
    {
        private readonly List<FpTree> _trees = [];
        private readonly List<int[]> _condCounts = [];
        private readonly List<int[]> _sortedPrefix = [[]];
        private readonly List<MaskBase> _maskBases = [];
        private int[] _prefix = new int[16];
        private int _budget;
        private int[] _pathBuffer = new int[64];

        public void MineTree(FpTree tree, int depth, IProgress<double>? progress)
        {
            if (tree.IsSinglePath)
            {
                MineSinglePath(tree, depth);
                return;
            }

            for (var j = tree.ItemCount - 1; j >= 0 && !shared.Stop; j--)
            {
                MineItem(tree, j, depth);
                if (depth == 0)
                {
                    progress?.Report((double)(tree.ItemCount - j) / tree.ItemCount);
                }
            }
        }

        /// <summary>Emits prefix + item <paramref name="j"/> and mines its conditional tree.</summary>
        public void MineItem(FpTree tree, int j, int depth)
        {
            if (depth + 1 > maxLength || !Emit(depth, tree.ToOriginal[j], tree.Support[j]))
            {
                return;
            }

            if (depth + 1 >= maxLength || j == 0)
            {
                return;
            }

            shared.CheckCancel();
            var cond = BuildConditional(tree, j, depth + 1, out var masks);
            if (cond is null && masks is null)
            {
                return;
            }

            EnsurePrefix(depth + 1);
            _prefix[depth] = tree.ToOriginal[j];
            ExtendSortedPrefix(depth, tree.ToOriginal[j]);
            if (masks is not null)
            {
                MineMasks(masks, depth + 1);
            }
            else
            {
                MineTree(cond!, depth + 1, null);
            }
        }

        /// <summary>The prefix of depth + 1 sorted by item code: the one of <paramref name="depth"/> with <paramref name="item"/> inserted.</summary>
        private void ExtendSortedPrefix(int depth, int item)
        {
            while (_sortedPrefix.Count <= depth + 1)
            {
                _sortedPrefix.Add(new int[_sortedPrefix.Count]);
            }

            InsertSorted(_sortedPrefix[depth].AsSpan(0, depth), item, _sortedPrefix[depth + 1]);
        }

        /// <summary>
        /// Mines a conditional database of at most 64 items held as weighted bit masks (one per prefix path; bit b is
        /// local item b, ascending in the tree's order), depth first in the order <see cref="MineTree"/> uses: for each
        /// frequent item j, highest first, emit prefix + j, then project the masks holding j onto the frequent items
        /// below j and recurse. Deep in the recursion the bases are small, and a pass over a few masks with a bit count
        /// costs far less than building an FP-tree through a hash table (measured: most conditional trees at low
        /// support have under 64 items).
        /// </summary>
        private void MineMasks(MaskBase db, int depth)
        {
            var items = db.Frequent;
            while (items != 0 && !shared.Stop)
            {
                var j = 63 - BitOperations.LeadingZeroCount(items);
                items &= ~(1UL << j);
                var original = db.ToOriginal[j];
                if (depth + 1 > maxLength || !Emit(depth, original, db.Support[j]))
                {
                    return;
                }

                if (depth + 1 >= maxLength || (db.Frequent & ((1UL << j) - 1)) == 0)
                {
                    continue;
                }

                var projected = Project(db, j, depth + 1);
                if (projected is null)
                {
                    continue;
                }

                EnsurePrefix(depth + 1);
                ExtendSortedPrefix(depth, original);
                MineMasks(projected, depth + 1);
            }
        }

        /// <summary>The masks of <paramref name="db"/> holding item <paramref name="j"/>, cut to the items below it that stay frequent; null when none does.</summary>
        private MaskBase? Project(MaskBase db, int j, int level)
        {
            var target = MaskBaseAt(level, db.Count);
            var below = (1UL << j) - 1;
            var bit = 1UL << j;
            var support = target.Support;
            Array.Clear(support);
            var n = 0;
            var masks = db.Masks;
            var weights = db.Weights;
            for (var e = 0; e < db.Count; e++)
            {
                var mask = masks[e];
                if ((mask & bit) == 0)
                {
                    continue;
                }

                var m = mask & below;
                if (m == 0)
                {
                    continue;
                }

                var w = weights[e];
                target.Masks[n] = m;
                target.Weights[n++] = w;
                for (var rest = m; rest != 0; rest &= rest - 1)
                {
                    support[BitOperations.TrailingZeroCount(rest)] += w;
                }
            }

            var frequent = 0UL;
            for (var rest = db.Frequent & below; rest != 0; rest &= rest - 1)
            {
                var b = BitOperations.TrailingZeroCount(rest);
                if (support[b] >= minCount)
                {
                    frequent |= 1UL << b;
                }
            }

            if (frequent == 0)
            {
                return null;
            }

            // Drop the items that are no longer frequent, and the masks left empty by that.
            var kept = 0;
            for (var e = 0; e < n; e++)
            {
                var m = target.Masks[e] & frequent;
                if (m != 0)
                {
                    target.Masks[kept] = m;
                    target.Weights[kept++] = target.Weights[e];
                }
            }

            target.Count = kept;
            target.Frequent = frequent;
            target.ToOriginal = db.ToOriginal;
            return target;
        }

        private MaskBase MaskBaseAt(int level, int capacity)
        {
            while (_maskBases.Count <= level)
            {
                _maskBases.Add(new MaskBase());
            }

            var db = _maskBases[level];
            db.EnsureCapacity(capacity);
            return db;
        }

        private bool Emit(int depth, int item, int support)
        {
            if (!TryTake())
            {
                return false;
            }

            // The prefix is kept sorted by item code per depth, so the itemset needs one insertion, not a sort.
            output.AddWithInsert(_sortedPrefix[depth].AsSpan(0, depth), item, support);
            return true;
        }

        private static void InsertSorted(ReadOnlySpan<int> sorted, int item, Span<int> target)
        {
            var i = 0;
            while (i < sorted.Length && sorted[i] < item)
            {
                target[i] = sorted[i];
                i++;
            }

            target[i] = item;
            sorted[i..].CopyTo(target[(i + 1)..]);
        }

        private bool TryTake()
        {
            if (_budget == 0)
            {
                _budget = shared.Reserve(1024);
                if (_budget == 0)
                {
                    return false;
                }
            }

            _budget--;
            return true;
        }

        /// <summary>
        /// A single path of items i0..im-1 (counts non-increasing downwards): every non-empty subset is frequent with
        /// the count of its deepest node, so the subsets are listed without building further trees.
        /// </summary>
        private void MineSinglePath(FpTree tree, int depth)
        {
            var m = tree.ItemCount;
            var nodes = tree.PathNodes();
            EnsurePrefix(depth + m + 1);
            for (var d = 0; d < m && !shared.Stop; d++)
            {
                // Subsets whose deepest node is d: node d plus any subset of nodes 0..d-1 (limited by maxLength).
                var node = nodes[d];
                _prefix[depth] = tree.ToOriginal[tree.Item[node]];
                if (!EmitCurrent(depth + 1, tree.Count[node]))
                {
                    return;
                }

                EnumerateAbove(tree, nodes, d - 1, depth + 1, tree.Count[node]);
            }
        }

        private void EnumerateAbove(FpTree tree, int[] nodes, int last, int len, int support)
        {
            if (len >= maxLength)
            {
                return;
            }

            for (var a = last; a >= 0 && !shared.Stop; a--)
            {
                _prefix[len] = tree.ToOriginal[tree.Item[nodes[a]]];
                if (!EmitCurrent(len + 1, support))
                {
                    return;
                }

                EnumerateAbove(tree, nodes, a - 1, len + 1, support);
            }
        }

        private bool EmitCurrent(int len, int support)
        {
            if (!TryTake())
            {
                return false;
            }

            output.Add(_prefix.AsSpan(0, len), support);
            return true;
        }

        /// <summary>
        /// Builds the conditional FP-tree of item <paramref name="j"/>: the prefix paths of its nodes, weighted by the
        /// node counts, keeping only items frequent within them (recoded 0..k-1 in their existing order).
        /// </summary>
        private FpTree? BuildConditional(FpTree tree, int j, int level, out MaskBase? masks)
        {
            masks = null;
            while (_trees.Count <= level)
            {
                _trees.Add(new FpTree());
                _condCounts.Add([]);
            }

            var condCount = _condCounts[level];
            if (condCount.Length < j)
            {
                condCount = new int[Math.Max(j, condCount.Length * 2)];
                _condCounts[level] = condCount;
            }

            var item = tree.Item;
            var parent = tree.Parent;
            var count = tree.Count;
            var visited = 0;
            var maxDepth = 0;
            for (var n = tree.Head[j]; n != 0; n = tree.Next[n])
            {
                var c = count[n];
                var depthHere = 0;
                for (var p = parent[n]; p != 0; p = parent[p])
                {
                    condCount[item[p]] += c;
                    depthHere++;
                }

                visited += depthHere;
                maxDepth = Math.Max(maxDepth, depthHere);
            }

            // Recode frequent ancestors; condCount is reused as the old->new map, then cleared.
            var k = 0;
            for (var i = 0; i < j; i++)
            {
                if (condCount[i] >= minCount)
                {
                    k++;
                }
            }

            if (k == 0)
            {
                condCount.AsSpan(0, j).Clear();
                return null;
            }

            if (k <= maskItems)
            {
                masks = BuildMasks(tree, j, level, k, condCount);
                condCount.AsSpan(0, j).Clear();
                return null;
            }

            var cond = _trees[level];
            cond.Reset(k, visited + 1);
            RecodeFrequent(tree, j, condCount, cond.Support, cond.ToOriginal);

            if (_pathBuffer.Length < maxDepth)
            {
                _pathBuffer = new int[Math.Max(maxDepth, _pathBuffer.Length * 2)];
            }

            var buf = _pathBuffer;
            for (var n = tree.Head[j]; n != 0; n = tree.Next[n])
            {
                var len = 0;
                for (var p = parent[n]; p != 0; p = parent[p])
                {
                    var mapped = condCount[item[p]];
                    if (mapped >= 0)
                    {
                        buf[len++] = mapped;
                    }
                }

                if (len > 0)
                {
                    // Collected leaf-to-root, i.e. in descending code order; insert root-first.
                    buf.AsSpan(0, len).Reverse();
                    cond.InsertPath(buf.AsSpan(0, len), count[n]);
                }
            }

            condCount.AsSpan(0, j).Clear();
            return cond;
        }

        /// <summary>
        /// The conditional base of item <paramref name="j"/> as one weighted mask per node of j: its <paramref name="k"/>
        /// frequent ancestors (counted in <paramref name="condCount"/>) as bits 0..k-1, in their order in the tree.
        /// </summary>
        private MaskBase BuildMasks(FpTree tree, int j, int level, int k, int[] condCount)
        {
            var nodes = 0;
            for (var n = tree.Head[j]; n != 0; n = tree.Next[n])
            {
                nodes++;
            }

            var db = MaskBaseAt(level, nodes);
            RecodeFrequent(tree, j, condCount, db.Support, db.OwnOriginal);

            var item = tree.Item;
            var parent = tree.Parent;
            var count = tree.Count;
            var e = 0;
            for (var n = tree.Head[j]; n != 0; n = tree.Next[n])
            {
                var mask = 0UL;
                for (var p = parent[n]; p != 0; p = parent[p])
                {
                    var mapped = condCount[item[p]];
                    if (mapped >= 0)
                    {
                        mask |= 1UL << mapped;
                    }
                }

                if (mask != 0)
                {
                    db.Masks[e] = mask;
                    db.Weights[e++] = count[n];
                }
            }

            db.Count = e;
            db.Frequent = k == 64 ? ulong.MaxValue : (1UL << k) - 1;
            db.ToOriginal = db.OwnOriginal;
            return db;
        }

        /// <summary>
        /// Recodes the ancestors of item <paramref name="j"/> in place: <paramref name="condCount"/>[i] (the support of
        /// item i within j's conditional base) becomes i's new code, 0..k-1 in tree order, or -1 when i is infrequent
        /// there; <paramref name="support"/> and <paramref name="toOriginal"/> receive each new code's support and
        /// original item. Conditional trees and bit masks share it.
        /// </summary>
        private void RecodeFrequent(FpTree tree, int j, int[] condCount, int[] support, int[] toOriginal)
        {
            var next = 0;
            for (var i = 0; i < j; i++)
            {
                var s = condCount[i];
                if (s >= minCount)
                {
                    support[next] = s;
                    toOriginal[next] = tree.ToOriginal[i];
                    condCount[i] = next++;
                }
                else
                {
                    condCount[i] = -1;
                }
            }
        }

        private void EnsurePrefix(int length)
        {
            if (_prefix.Length < length)
            {
                var size = Math.Max(length, _prefix.Length * 2);
                Array.Resize(ref _prefix, size);
            }
        }
    }
}

/// <summary>
/// An FP-tree in parallel arrays. Node 0 is the root; items are local codes 0..ItemCount-1 whose order every path
/// respects (ascending from the root). <see cref="Head"/>/<see cref="Next"/> chain the nodes of each item.
/// </summary>
internal sealed class FpTree
{
    private int[] _hash = new int[64];
    private int _hashMask;
    private byte[] _hasChild = new byte[64];

    public int[] Item { get; private set; } = new int[64];

    public int[] Count { get; private set; } = new int[64];

    public int[] Parent { get; private set; } = new int[64];

    public int[] Next { get; private set; } = new int[64];

    public int[] Head { get; private set; } = new int[16];

    public int[] Support { get; private set; } = new int[16];

    public int[] ToOriginal { get; private set; } = new int[16];

    public int ItemCount { get; private set; }

    public int NodeCount { get; private set; }

    public bool IsSinglePath { get; set; }

    /// <summary>Empties the tree for <paramref name="itemCount"/> items and at most <paramref name="maxNodes"/> nodes (root included).</summary>
    public void Reset(int itemCount, int maxNodes)
    {
        if (Item.Length < maxNodes)
        {
            var size = Math.Max(maxNodes, Item.Length * 2);
            Item = new int[size];
            Count = new int[size];
            Parent = new int[size];
            Next = new int[size];
            _hasChild = new byte[size];
        }

        if (Head.Length < itemCount)
        {
            var size = Math.Max(itemCount, Head.Length * 2);
            Head = new int[size];
            Support = new int[size];
            ToOriginal = new int[size];
        }

        var hashSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, maxNodes * 2));
        if (_hash.Length < hashSize)
        {
            _hash = new int[hashSize];
        }
        else
        {
            _hash.AsSpan(0, hashSize).Clear();
        }

        _hashMask = hashSize - 1;
        Head.AsSpan(0, itemCount).Clear();
        ItemCount = itemCount;
        NodeCount = 1;
        Item[0] = -1;
        Parent[0] = -1;
        Count[0] = 0;
        _hasChild[0] = 0;
        IsSinglePath = true;
    }

    /// <summary>Adds a path of items (ascending local codes) with weight <paramref name="weight"/>.</summary>
    public void InsertPath(ReadOnlySpan<int> path, int weight)
    {
        var node = 0;
        foreach (var it in path)
        {
            var slot = (int)(((uint)node * 0x9E3779B1u) ^ ((uint)it * 0x85EBCA77u)) & _hashMask;
            int child;
            while ((child = _hash[slot]) != 0 && (Item[child] != it || Parent[child] != node))
            {
                slot = (slot + 1) & _hashMask;
            }

            if (child == 0)
            {
                child = NodeCount++;
                Item[child] = it;
                Count[child] = 0;
                Parent[child] = node;
                _hasChild[child] = 0;
                Next[child] = Head[it];
                Head[it] = child;
                _hash[slot] = child;
                if (_hasChild[node] != 0)
                {
                    IsSinglePath = false;
                }

                _hasChild[node] = 1;
            }

            Count[child] += weight;
            node = child;
        }
    }

    /// <summary>The nodes of a single-path tree from the root down.</summary>
    public int[] PathNodes()
    {
        var nodes = new int[NodeCount - 1];
        for (var n = 1; n < NodeCount; n++)
        {
            // On a single path each item occurs once and items ascend from the root, so the item is the depth.
            nodes[Item[n]] = n;
        }

        return nodes;
    }
}

/// <summary>
/// A conditional database of at most 64 items as weighted bit masks (see <c>FpGrowth.Miner.MineMasks</c>): reused per
/// recursion depth, so mining allocates nothing once the buffers have grown.
/// </summary>
internal sealed class MaskBase
{
    public ulong[] Masks { get; private set; } = new ulong[16];

    public int[] Weights { get; private set; } = new int[16];

    /// <summary>The number of masks in use.</summary>
    public int Count { get; set; }

    /// <summary>The items (bits) frequent in this base.</summary>
    public ulong Frequent { get; set; }

    /// <summary>Support of each bit's item in this base (valid for the bits of <see cref="Frequent"/>).</summary>
    public int[] Support { get; } = new int[64];

    /// <summary>The original item code of each bit (shared down the recursion from the base that set it).</summary>
    public int[] ToOriginal { get; set; } = [];

    /// <summary>The storage for <see cref="ToOriginal"/> when this base is the first of its recursion.</summary>
    public int[] OwnOriginal { get; } = new int[64];

    public void EnsureCapacity(int capacity)
    {
        if (Masks.Length < capacity)
        {
            var size = Math.Max(capacity, Masks.Length * 2);
            Masks = new ulong[size];
            Weights = new int[size];
        }
    }
}
