using System.Runtime.CompilerServices;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Clustering.Dbscan;

/// <summary>
/// A static k-d tree over the rows (points stored contiguously in tree order, bounding box per node) for radius
/// queries and k-nearest-neighbour distances. Hand-written because DBSCAN and the k-distance curve need exactly
/// these two queries at interactive speed and no maintained .NET package provides a dependency-free Euclidean
/// k-d tree over spans. Distances are compared squared, as scikit-learn's KDTree does.
/// The query loops are compiled optimised at once (AggressiveOptimization): an index is queried a few thousand
/// times per fit but fits are rare, so tiered compilation would otherwise measure unoptimised code.
/// </summary>
internal sealed class KdTree
{
    // 16 rather than 32: at DBSCAN's usual Eps on a few thousand rows, smaller leaves are tighter boxes, and more
    // of them are one component after the in-leaf pass, so the leaf-pair pass skips more (measured in bench/).
    private const int LeafSize = 16;
    private const int MaxDepth = 64;
    private const int KnnScanSize = 32;

    private readonly int _dimensions;
    private readonly double[] _points;   // rows in tree order, row-major
    private readonly int[] _rowOf;        // tree position -> original row
    private readonly List<Node> _building = [];
    private readonly Node[] _nodes;
    private readonly double[] _boxes;     // per node: lo[d] then hi[d]

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public KdTree(FeatureMatrix data)
    {
        Count = data.Rows;
        _dimensions = data.Columns;
        _rowOf = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            _rowOf[i] = i;
        }

        if (Count > 0)
        {
            BuildNode(data, new double[Count], 0, Count, 0);
        }

        _nodes = [.. _building];
        _building.Clear();
        _building.TrimExcess();

        _points = new double[Count * _dimensions];
        for (var i = 0; i < Count; i++)
        {
            data.Row(_rowOf[i]).CopyTo(_points.AsSpan(i * _dimensions, _dimensions));
        }

        _boxes = new double[_nodes.Length * 2 * _dimensions];
        for (var node = 0; node < _nodes.Length; node++)
        {
            var lo = _boxes.AsSpan(node * 2 * _dimensions, _dimensions);
            var hi = _boxes.AsSpan((node * 2 * _dimensions) + _dimensions, _dimensions);
            lo.Fill(double.PositiveInfinity);
            hi.Fill(double.NegativeInfinity);
            for (var p = _nodes[node].Start; p < _nodes[node].End; p++)
            {
                var point = _points.AsSpan(p * _dimensions, _dimensions);
                for (var j = 0; j < _dimensions; j++)
                {
                    lo[j] = Math.Min(lo[j], point[j]);
                    hi[j] = Math.Max(hi[j], point[j]);
                }
            }
        }
    }

    public int Count { get; }

    /// <summary>Number of features per point.</summary>
    public int Dimensions => _dimensions;

    /// <summary>The points in tree order, row-major (position p holds original row <see cref="RowOf"/>[p]).</summary>
    public double[] Points => _points;

    /// <summary>Tree position → original row.</summary>
    public int[] RowOf => _rowOf;

    /// <summary>The nodes, root first; a leaf has <c>Left &lt; 0</c>; every node covers positions [Start, End).</summary>
    public Node[] Nodes => _nodes;

    /// <summary>Per node its bounding box: <c>Dimensions</c> lows, then <c>Dimensions</c> highs.</summary>
    public double[] Boxes => _boxes;

    /// <summary>Appends the original row index of every point within <paramref name="radiusSquared"/> (inclusive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void QueryWithin(ReadOnlySpan<double> query, double radiusSquared, List<int> result)
    {
        if (Count == 0)
        {
            return;
        }

        Span<int> stack = stackalloc int[MaxDepth * 2];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var nodeIndex = stack[--top];
            if (BoxDistanceSquared(nodeIndex, query) > radiusSquared)
            {
                continue;
            }

            var node = _nodes[nodeIndex];
            if (BoxFarthestSquared(nodeIndex, query) <= radiusSquared)
            {
                for (var p = node.Start; p < node.End; p++)
                {
                    result.Add(_rowOf[p]);
                }
            }
            else if (node.Left < 0)
            {
                for (var p = node.Start; p < node.End; p++)
                {
                    if (PointDistanceSquared(p, query) <= radiusSquared)
                    {
                        result.Add(_rowOf[p]);
                    }
                }
            }
            else
            {
                stack[top++] = node.Right;
                stack[top++] = node.Left;
            }
        }
    }

    /// <summary>
    /// Squared distance to the k-th nearest point (k ≥ 1; the query point itself counts when it is in the tree).
    /// <paramref name="heap"/> is caller-provided scratch of length ≥ k, so repeated queries do not allocate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double KthNearestSquared(ReadOnlySpan<double> query, int k, Span<double> heap)
    {
        // Max-heap of the k best squared distances found so far.
        var size = 0;
        Span<int> stack = stackalloc int[MaxDepth * 2];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var nodeIndex = stack[--top];
            if (size == k && BoxDistanceSquared(nodeIndex, query) >= heap[0])
            {
                continue;
            }

            var node = _nodes[nodeIndex];
            // Nodes of up to 32 points are scanned whole: the k-nearest search is fastest with the coarser leaves
            // it had before DBSCAN asked for finer ones (measured in bench/, step k_distance).
            if (node.Left < 0 || node.End - node.Start <= KnnScanSize)
            {
                for (var p = node.Start; p < node.End; p++)
                {
                    var d = PointDistanceSquared(p, query);
                    if (size < k)
                    {
                        heap[size] = d;
                        SiftUp(heap, size++);
                    }
                    else if (d < heap[0])
                    {
                        heap[0] = d;
                        SiftDown(heap, size);
                    }
                }
            }
            else
            {
                // Visit the nearer child first so the far one is more often pruned.
                var nearFirst = BoxDistanceSquared(node.Left, query) <= BoxDistanceSquared(node.Right, query);
                stack[top++] = nearFirst ? node.Right : node.Left;
                stack[top++] = nearFirst ? node.Left : node.Right;
            }
        }

        return heap[0];
    }

    private static void SiftUp(Span<double> heap, int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (heap[parent] >= heap[index])
            {
                return;
            }

            (heap[parent], heap[index]) = (heap[index], heap[parent]);
            index = parent;
        }
    }

    private static void SiftDown(Span<double> heap, int size)
    {
        var index = 0;
        while (true)
        {
            var left = (2 * index) + 1;
            if (left >= size)
            {
                return;
            }

            var largest = left + 1 < size && heap[left + 1] > heap[left] ? left + 1 : left;
            if (heap[index] >= heap[largest])
            {
                return;
            }

            (heap[index], heap[largest]) = (heap[largest], heap[index]);
            index = largest;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PointDistanceSquared(int position, ReadOnlySpan<double> query)
    {
        var point = _points.AsSpan(position * _dimensions, _dimensions);
        var sum = 0.0;
        for (var j = 0; j < point.Length; j++)
        {
            var d = query[j] - point[j];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Squared distance from the query to the farthest corner of a node's box.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double BoxFarthestSquared(int node, ReadOnlySpan<double> query)
    {
        var offset = node * 2 * _dimensions;
        var sum = 0.0;
        for (var j = 0; j < _dimensions; j++)
        {
            var q = query[j];
            var d = Math.Max(Math.Abs(q - _boxes[offset + j]), Math.Abs(_boxes[offset + _dimensions + j] - q));
            sum += d * d;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double BoxDistanceSquared(int node, ReadOnlySpan<double> query)
    {
        var offset = node * 2 * _dimensions;
        var sum = 0.0;
        for (var j = 0; j < _dimensions; j++)
        {
            var lo = _boxes[offset + j];
            var hi = _boxes[offset + _dimensions + j];
            var q = query[j];
            var d = q < lo ? lo - q : q > hi ? q - hi : 0;
            sum += d * d;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int BuildNode(FeatureMatrix data, double[] scratch, int start, int end, int depth)
    {
        var index = _building.Count;
        _building.Add(new Node(start, end, -1, -1));
        if (end - start <= LeafSize || depth >= MaxDepth - 1)
        {
            return index;
        }

        // Split on the widest dimension at the median.
        var bestDimension = 0;
        var bestSpread = -1.0;
        for (var j = 0; j < _dimensions; j++)
        {
            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            for (var p = start; p < end; p++)
            {
                var v = data[_rowOf[p], j];
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }

            if (hi - lo > bestSpread)
            {
                bestSpread = hi - lo;
                bestDimension = j;
            }
        }

        if (bestSpread <= 0)
        {
            return index; // all points identical: keep as one leaf
        }

        // Only the median's position matters, so a selection (expected linear) replaces a full sort per node.
        var keys = scratch.AsSpan(start, end - start);
        for (var p = start; p < end; p++)
        {
            keys[p - start] = data[_rowOf[p], bestDimension];
        }

        var mid = start + ((end - start) / 2);
        Select(keys, _rowOf.AsSpan(start, end - start), mid - start);
        var left = BuildNode(data, scratch, start, mid, depth + 1);
        var right = BuildNode(data, scratch, mid, end, depth + 1);
        _building[index] = new Node(start, end, left, right);
        return index;
    }

    /// <summary>
    /// Reorders <paramref name="keys"/> (and <paramref name="rows"/> alongside) so that position <paramref name="nth"/>
    /// holds the key a sort would put there, smaller-or-equal keys before it and greater-or-equal after (Hoare's
    /// selection with a middle pivot; deterministic).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Select(Span<double> keys, Span<int> rows, int nth)
    {
        var lo = 0;
        var hi = keys.Length - 1;
        while (lo < hi)
        {
            var pivot = keys[lo + ((hi - lo) / 2)];
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                    i++;
                    j--;
                }
            }

            if (nth <= j)
            {
                hi = j;
            }
            else if (nth >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>A node: positions [Start, End) and child node indices (-1 for a leaf).</summary>
    internal readonly record struct Node(int Start, int End, int Left, int Right);
}
