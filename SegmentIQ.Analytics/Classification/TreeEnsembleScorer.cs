using System.Runtime.InteropServices;

namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// One-versus-all boosted trees: per segment, <c>score = bias + Σ tree weight × leaf value</c>, turned into a
/// probability by the segment's Platt sigmoid <c>1 / (1 + exp(slope·score + offset))</c> (ML.NET's
/// <c>PlattCalibrator</c>), then normalised across segments as ML.NET's one-versus-all does. A node goes left when
/// <c>feature ≤ threshold</c>, as in ML.NET's <c>RegressionTree</c>; all trees live in flat arrays.
/// </summary>
internal sealed class TreeEnsembleScorer : SegmentScorer
{
    private readonly TreeNode[] _nodes;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly int[] _firstTree;
    private readonly double[] _bias;
    private readonly double[] _slope;
    private readonly double[] _offset;

    private TreeEnsembleScorer(int numberOfFeatures, TreeNode[] nodes, double[] leaves, int[] roots, int[] firstTree, double[] bias, double[] slope, double[] offset)
        : base(numberOfFeatures, bias.Length)
    {
        _nodes = nodes;
        _leaves = leaves;
        _roots = roots;
        _firstTree = firstTree;
        _bias = bias;
        _slope = slope;
        _offset = offset;
    }

    /// <summary>
    /// A child or root reference: a node index when ≥ 0, else <c>~leafIndex</c> into the weighted leaf values
    /// (ML.NET's own convention for children).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct TreeNode(int Feature, float Threshold, int Left, int Right);

    public override void Probabilities(ReadOnlySpan<float> scaled, Span<double> probabilities)
    {
        var nodes = _nodes.AsSpan();
        var sum = 0.0;
        for (var c = 0; c < NumberOfSegments; c++)
        {
            var score = _bias[c];
            for (var t = _firstTree[c]; t < _firstTree[c + 1]; t++)
            {
                var node = _roots[t];
                while (node >= 0)
                {
                    ref readonly var n = ref nodes[node];
                    node = scaled[n.Feature] <= n.Threshold ? n.Left : n.Right;
                }

                score += _leaves[~node];
            }

            var p = 1 / (1 + Math.Exp((_slope[c] * score) + _offset[c]));
            probabilities[c] = p;
            sum += p;
        }

        for (var c = 0; c < NumberOfSegments; c++)
        {
            probabilities[c] = sum > 0 ? probabilities[c] / sum : 1.0 / NumberOfSegments;
        }
    }

    /// <summary>Collects the per-segment ensembles (in segment order) into flat arrays.</summary>
    public sealed class Builder(int numberOfFeatures)
    {
        private readonly List<TreeNode> _nodes = [];
        private readonly List<double> _leaves = [];
        private readonly List<int> _roots = [];
        private readonly List<int> _firstTree = [0];
        private readonly List<double> _bias = [];
        private readonly List<double> _slope = [];
        private readonly List<double> _offset = [];

        /// <summary>Adds the next segment's ensemble (ML.NET's trees, bias and Platt calibrator).</summary>
        public void AddSegment(IEnumerable<TreeData> trees, double bias, double slope, double offset)
        {
            foreach (var tree in trees)
            {
                var nodeBase = _nodes.Count;
                var leafBase = _leaves.Count;
                int Map(int child) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);
                for (var i = 0; i < tree.Features.Count; i++)
                {
                    _nodes.Add(new TreeNode(tree.Features[i], tree.Thresholds[i], Map(tree.Left[i]), Map(tree.Right[i])));
                }

                foreach (var v in tree.LeafValues)
                {
                    _leaves.Add(v * tree.Weight);
                }

                // A tree without splits is a single leaf.
                _roots.Add(tree.Features.Count > 0 ? nodeBase : ~leafBase);
            }

            _firstTree.Add(_roots.Count);
            _bias.Add(bias);
            _slope.Add(slope);
            _offset.Add(offset);
        }

        public TreeEnsembleScorer Build() =>
            new(numberOfFeatures, [.. _nodes], [.. _leaves], [.. _roots], [.. _firstTree], [.. _bias], [.. _slope], [.. _offset]);
    }

    /// <summary>One regression tree as ML.NET exposes it.</summary>
    public sealed record TreeData(
        IReadOnlyList<int> Features,
        IReadOnlyList<float> Thresholds,
        IReadOnlyList<int> Left,
        IReadOnlyList<int> Right,
        IReadOnlyList<double> LeafValues,
        double Weight);
}
