using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SegmentIQ.Analytics.Clustering.Dbscan;

/// <summary>
/// The DBSCAN work on a <see cref="KdTree"/>: which points are core, which cores are connected, and the lowest
/// cluster among each border point's core neighbours. Hand-written (no .NET library clusters by density over a
/// spatial index) and shaped for interactive refits rather than for listing neighbourhoods:
/// <list type="bullet">
/// <item>a node whose bounding box has a diagonal within <c>Eps</c> is a clique: its points are all neighbours of one
/// another, so with at least <c>MinSamples</c> points they are all core, and all its cores are one component;</item>
/// <item>neighbour counting stops at <c>MinSamples</c>;</item>
/// <item>cores are linked with a union–find: pairs inside each leaf first, then every pair of leaves whose boxes
/// come within <c>Eps</c>, once. A subtree whose cores already form one component is skipped whole when the other
/// side is in that component too, and two leaves that are each one component stop at their first link.</item>
/// </list>
/// Distances are the tree's squared sums, compared with <c>Eps²</c> inclusively, so every decision equals a
/// brute-force DBSCAN's. All arrays are indexed by tree position.
/// </summary>
internal sealed class CoreGraph
{
    private const int MaxDepth = 128;
    private const int NotUnited = -1;
    private const int NoCores = -2;
    private readonly KdTree _tree;
    private readonly double _radiusSquared;
    private readonly int _dimensions;
    private readonly double[] _points;
    private readonly KdTree.Node[] _nodes;
    private readonly bool[] _isCore;
    private readonly int[] _parent;
    private readonly bool[] _isClique;
    private readonly int[] _united;
    private readonly int[] _leafOf;

    private CoreGraph(KdTree tree, double radiusSquared)
    {
        _tree = tree;
        _radiusSquared = radiusSquared;
        _dimensions = tree.Dimensions;
        _points = tree.Points;
        _nodes = tree.Nodes;
        _isCore = new bool[tree.Count];
        _parent = new int[tree.Count];
        _isClique = new bool[_nodes.Length];
        _united = new int[_nodes.Length];
        _leafOf = new int[tree.Count];
        for (var node = 0; node < _nodes.Length; node++)
        {
            if (_nodes[node].Left < 0)
            {
                _leafOf.AsSpan(_nodes[node].Start, _nodes[node].End - _nodes[node].Start).Fill(node);
            }
        }
    }

    /// <summary>Core flag per tree position.</summary>
    public bool[] IsCore => _isCore;

    /// <summary>Finds the cores and links them into components.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CoreGraph Build(KdTree tree, double eps, int minSamples, CancellationToken cancellationToken)
    {
        var graph = new CoreGraph(tree, eps * eps);
        if (tree.Count > 0)
        {
            graph.MarkCliques();
            graph.MarkCores(minSamples, cancellationToken);
            graph.LinkCores(cancellationToken);
        }

        return graph;
    }

    /// <summary>The component (root tree position) of a core position.</summary>
    public int Component(int position) => Find(position);

    /// <summary>
    /// The lowest of <paramref name="labelAt"/> over the cores within <c>Eps</c> of a non-core position, or -1 when
    /// no core is that close (noise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int LowestCoreLabelNear(int position, int[] labelAt)
    {
        var query = _points.AsSpan(position * _dimensions, _dimensions);
        var best = int.MaxValue;
        Span<int> stack = stackalloc int[MaxDepth];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var nodeIndex = stack[--top];
            if (_tree.BoxDistanceSquared(nodeIndex, query) > _radiusSquared)
            {
                continue;
            }

            var node = _nodes[nodeIndex];
            var all = _tree.BoxFarthestSquared(nodeIndex, query) <= _radiusSquared;
            if (all || node.Left < 0)
            {
                for (var q = node.Start; q < node.End; q++)
                {
                    if (_isCore[q] && labelAt[q] < best && (all || _tree.PointDistanceSquared(q, query) <= _radiusSquared))
                    {
                        best = labelAt[q];
                    }
                }
            }
            else
            {
                stack[top++] = node.Right;
                stack[top++] = node.Left;
            }
        }

        return best == int.MaxValue ? -1 : best;
    }

    /// <summary>Marks the nodes whose box diagonal is within Eps (their points are pairwise neighbours).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkCliques()
    {
        var boxes = _tree.Boxes;
        for (var node = 0; node < _nodes.Length; node++)
        {
            var offset = node * 2 * _dimensions;
            var sum = 0.0;
            for (var j = 0; j < _dimensions; j++)
            {
                var side = boxes[offset + _dimensions + j] - boxes[offset + j];
                sum += side * side;
            }

            _isClique[node] = sum <= _radiusSquared;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkCores(int minSamples, CancellationToken cancellationToken)
    {
        // Cliques of at least MinSamples points are core outright (top-down, so only maximal ones are filled).
        Span<int> stack = stackalloc int[MaxDepth];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var nodeIndex = stack[--top];
            var node = _nodes[nodeIndex];
            if (_isClique[nodeIndex] && node.End - node.Start >= minSamples)
            {
                _isCore.AsSpan(node.Start, node.End - node.Start).Fill(true);
            }
            else if (node.Left >= 0)
            {
                stack[top++] = node.Right;
                stack[top++] = node.Left;
            }
        }

        for (var p = 0; p < _isCore.Length; p++)
        {
            if ((p & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!_isCore[p])
            {
                _isCore[p] = CountReaches(p, minSamples);
            }
        }
    }

    /// <summary>Whether at least <paramref name="minSamples"/> points (itself included) lie within Eps of position p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool CountReaches(int position, int minSamples)
    {
        var query = _points.AsSpan(position * _dimensions, _dimensions);
        var count = 0;
        var own = _leafOf[position];
        var ownSize = _nodes[own].End - _nodes[own].Start;
        for (var q = _nodes[own].Start; q < _nodes[own].End; q++)
        {
            if (_tree.PointDistanceSquared(q, query) <= _radiusSquared && ++count >= minSamples)
            {
                return true;
            }
        }

        Span<int> stack = stackalloc int[MaxDepth];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var nodeIndex = stack[--top];
            var node = _nodes[nodeIndex];
            if (nodeIndex == own)
            {
                continue;
            }

            // Its own leaf was counted first, so a node holding the query adds only its other points.
            var holdsQuery = node.Start <= position && position < node.End;
            if (holdsQuery && _isClique[nodeIndex])
            {
                count += node.End - node.Start - ownSize;
            }
            else if (_tree.BoxDistanceSquared(nodeIndex, query) > _radiusSquared)
            {
                continue;
            }
            else if (_tree.BoxFarthestSquared(nodeIndex, query) <= _radiusSquared)
            {
                count += node.End - node.Start - (holdsQuery ? ownSize : 0);
            }
            else if (node.Left < 0)
            {
                for (var q = node.Start; q < node.End; q++)
                {
                    if (_tree.PointDistanceSquared(q, query) <= _radiusSquared && ++count >= minSamples)
                    {
                        return true;
                    }
                }
            }
            else
            {
                // The child holding (or nearer to) the query first: its neighbours end the count soonest.
                var leftFirst = _tree.BoxDistanceSquared(node.Left, query) <= _tree.BoxDistanceSquared(node.Right, query);
                stack[top++] = leftFirst ? node.Right : node.Left;
                stack[top++] = leftFirst ? node.Left : node.Right;
            }

            if (count >= minSamples)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LinkCores(CancellationToken cancellationToken)
    {
        for (var p = 0; p < _parent.Length; p++)
        {
            _parent[p] = p;
        }

        // Each clique's cores are one component from the start.
        for (var node = 0; node < _nodes.Length; node++)
        {
            if (!_isClique[node])
            {
                continue;
            }

            var first = -1;
            for (var q = _nodes[node].Start; q < _nodes[node].End; q++)
            {
                if (!_isCore[q])
                {
                    continue;
                }

                if (first < 0)
                {
                    first = q;
                }
                else
                {
                    Union(first, q);
                }
            }
        }

        // Pairs inside a leaf first: most leaves then form one component and later queries skip them whole.
        for (var node = 0; node < _nodes.Length; node++)
        {
            var leaf = _nodes[node];
            if (leaf.Left >= 0 || _isClique[node])
            {
                continue;
            }

            for (var a = leaf.Start; a < leaf.End; a++)
            {
                if (!_isCore[a])
                {
                    continue;
                }

                var point = _points.AsSpan(a * _dimensions, _dimensions);
                for (var b = a + 1; b < leaf.End; b++)
                {
                    if (_isCore[b] && _tree.PointDistanceSquared(b, point) <= _radiusSquared)
                    {
                        Union(a, b);
                    }
                }
            }
        }

        Array.Fill(_united, NotUnited);
        RefreshUnited();

        // Then every pair of leaves whose boxes come within Eps, each pair once (the later leaf from the earlier).
        Span<int> stack = stackalloc int[MaxDepth];
        var leavesDone = 0;
        for (var a = 0; a < _nodes.Length; a++)
        {
            var leafA = _nodes[a];
            if (leafA.Left >= 0 || _united[a] == NoCores)
            {
                continue;
            }

            if ((++leavesDone & 7) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RefreshUnited();
            }

            var top = 0;
            stack[top++] = 0;
            while (top > 0)
            {
                var b = stack[--top];
                var node = _nodes[b];
                if (node.End <= leafA.End || _united[b] == NoCores || BoxGapSquared(a, b) > _radiusSquared)
                {
                    continue;
                }

                if (_united[a] >= 0 && _united[b] >= 0 && Find(_united[a]) == Find(_united[b]))
                {
                    continue;
                }

                if (node.Left >= 0)
                {
                    stack[top++] = node.Right;
                    stack[top++] = node.Left;
                    continue;
                }

                LinkLeaves(a, b);
            }
        }
    }

    /// <summary>Links the cores of two leaves that are within Eps of each other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LinkLeaves(int a, int b)
    {
        var leafA = _nodes[a];
        var leafB = _nodes[b];
        var bothUnited = _united[a] >= 0 && _united[b] >= 0;
        var d = _dimensions;
        ref var points = ref MemoryMarshal.GetArrayDataReference(_points);
        ref var isCore = ref MemoryMarshal.GetArrayDataReference(_isCore);
        var r2 = _radiusSquared;
        for (var p = leafA.Start; p < leafA.End; p++)
        {
            if (!Unsafe.Add(ref isCore, p))
            {
                continue;
            }

            ref var query = ref Unsafe.Add(ref points, p * d);
            for (var q = leafB.Start; q < leafB.End; q++)
            {
                if (Unsafe.Add(ref isCore, q) && DistanceSquared(ref query, ref Unsafe.Add(ref points, q * d), d) <= r2)
                {
                    Union(p, q);
                    if (bothUnited)
                    {
                        // Each leaf is one component: one link joins them.
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Squared distance summed in feature order (as the tree does, so every comparison agrees with it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double DistanceSquared(ref double a, ref double b, int d)
    {
        var sum = 0.0;
        for (var j = 0; j < d; j++)
        {
            var diff = Unsafe.Add(ref a, j) - Unsafe.Add(ref b, j);
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>Squared gap between two nodes' boxes (0 when they overlap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double BoxGapSquared(int a, int b)
    {
        var boxes = _tree.Boxes;
        var d = _dimensions;
        var offsetA = a * 2 * d;
        var offsetB = b * 2 * d;
        var sum = 0.0;
        for (var j = 0; j < d; j++)
        {
            var gap = Math.Max(Math.Max(boxes[offsetB + j] - boxes[offsetA + d + j], boxes[offsetA + j] - boxes[offsetB + d + j]), 0.0);
            sum += gap * gap;
        }

        return sum;
    }

    /// <summary>
    /// Bottom-up (children have higher indices than their parent): a node whose cores all share one component
    /// records one of them, so a query already in that component skips the node. Unions only merge, so a node
    /// once united stays united and is not looked at again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RefreshUnited()
    {
        for (var node = _nodes.Length - 1; node >= 0; node--)
        {
            if (_united[node] != NotUnited)
            {
                continue;
            }

            var n = _nodes[node];
            if (n.Left < 0)
            {
                var first = NoCores;
                var root = -1;
                for (var q = n.Start; q < n.End; q++)
                {
                    if (!_isCore[q])
                    {
                        continue;
                    }

                    if (first == NoCores)
                    {
                        first = q;
                        root = Find(q);
                    }
                    else if (Find(q) != root)
                    {
                        first = NotUnited;
                        break;
                    }
                }

                _united[node] = first;
            }
            else
            {
                var left = _united[n.Left];
                var right = _united[n.Right];
                _united[node] = left == NotUnited || right == NotUnited ? NotUnited
                    : left == NoCores ? right
                    : right == NoCores ? left
                    : Find(left) == Find(right) ? left : NotUnited;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(int position)
    {
        var parent = _parent;
        while (parent[position] != position)
        {
            // Path halving keeps the trees flat without recursion.
            parent[position] = parent[parent[position]];
            position = parent[position];
        }

        return position;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Union(int a, int b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
        if (rootA != rootB)
        {
            // The lower position becomes the root, so roots are stable and deterministic.
            if (rootA < rootB)
            {
                _parent[rootB] = rootA;
            }
            else
            {
                _parent[rootA] = rootB;
            }
        }
    }
}
