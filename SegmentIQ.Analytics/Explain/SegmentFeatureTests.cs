using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Numerics;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Analytics.Explain;

/// <summary>
/// Tests every feature for differences across segments (Kruskal–Wallis with ε², one-way ANOVA with η², Holm-corrected
/// across the features) and between a chosen pair (Mann–Whitney U with the rank-biserial effect). Tests on the customers
/// that formed the segments are descriptive: clustering picks boundaries that make the groups differ, so their p-values
/// are far too small. <see cref="SegmentTestOptions.SplitHalf"/> gives the honest version.
/// </summary>
public sealed class SegmentFeatureTests
{
    /// <summary>What the p-values mean when the tests reuse the clustering data.</summary>
    public const string DescriptiveCaveat =
        "These tests use the same customers that formed the segments, so they are descriptive: clustering chooses the groups to differ, and the p-values overstate the evidence. Switch on the split-half test for an honest check.";

    /// <summary>What the p-values mean in the split-half version.</summary>
    public const string SplitHalfCaveat =
        "Segments were formed on a random half of the customers and the tests run on the other half (each customer placed in the nearest segment centre), so the p-values do not reuse the data that made the segments.";

    /// <summary>Creates the tests; the options (null: <see cref="SegmentTestOptions.Defaults"/>) are validated here.</summary>
    public SegmentFeatureTests(SegmentTestOptions? options = null)
    {
        options ??= SegmentTestOptions.Defaults;
        options.Validate();
        Options = options;
    }

    /// <summary>The validated options.</summary>
    public SegmentTestOptions Options { get; }

    /// <summary>
    /// The raw (unscaled) values of the space's features, customers × features in the space's column order: what the
    /// tests and a person read, as opposed to the log-scaled, standardised values the algorithms use.
    /// </summary>
    public static FeatureMatrix RawFeatures(ClusteringSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return RawFeatures(space.Table, [.. space.Features.Scalings.Select(s => s.Name)]);
    }

    /// <summary>The raw values of the columns <paramref name="names"/> of <paramref name="table"/>, customers × features.</summary>
    /// <exception cref="ArgumentException">A name the table does not have.</exception>
    public static FeatureMatrix RawFeatures(CustomerFeatureTable table, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(names);
        var n = table.Count;
        var data = new double[n * names.Count];
        for (var j = 0; j < names.Count; j++)
        {
            if (!table.Contains(names[j]))
            {
                throw new ArgumentException($"The customers have no feature '{names[j]}'.", nameof(names));
            }

            var column = table[names[j]];
            for (var i = 0; i < n; i++)
            {
                data[(i * names.Count) + j] = column[i];
            }
        }

        return new FeatureMatrix(data, n, names.Count, names);
    }

    /// <summary>
    /// The tests of a segmentation of <paramref name="space"/>: on every customer (descriptive) or, with
    /// <see cref="SegmentTestOptions.SplitHalf"/>, re-forming the segments with the same settings on one half and testing
    /// on the other.
    /// </summary>
    /// <param name="space">The clustering space the segmentation was fitted on.</param>
    /// <param name="segmentation">The segmentation.</param>
    /// <param name="segmenter">The segmentation step (refits the settings on a half).</param>
    /// <param name="features">The customer features to test (null: the clustered ones).</param>
    /// <param name="cancellationToken">Cancels the split-half refit.</param>
    /// <exception cref="ClusteringDataException">Too few customers to split, or the half formed fewer than two segments.</exception>
    public SegmentTestReport Fit(ClusteringSpace space, SegmentationResult segmentation, Segmenter segmenter, IReadOnlyList<string>? features = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(segmenter);
        var raw = features is null ? RawFeatures(space) : RawFeatures(space.Table, features);
        if (!Options.SplitHalf)
        {
            return Fit(raw, segmentation.Labels, segmentation.NumberOfClusters);
        }

        var (heldOut, labels, k) = SplitHalfLabels(space, segmentation, segmenter, Options.Seed, cancellationToken);
        return Run(raw.SelectRows(heldOut), labels, k, splitHalf: true);
    }

    /// <summary>
    /// The descriptive tests of the columns of <paramref name="raw"/> across <paramref name="labels"/> (0 … k−1 per row,
    /// -1 left out). Segments without customers are left out of the tests.
    /// </summary>
    public SegmentTestReport Fit(FeatureMatrix raw, IReadOnlyList<int> labels, int numberOfSegments)
    {
        CheckShapes(raw, labels, numberOfSegments);
        return Run(raw, labels, numberOfSegments, splitHalf: false);
    }

    /// <summary>Mann–Whitney U of every column between segments <paramref name="first"/> and <paramref name="second"/> (zero-based).</summary>
    /// <exception cref="ArgumentException">A label out of range, the same segment twice, or a segment without customers.</exception>
    public static SegmentPairReport ComparePair(FeatureMatrix raw, IReadOnlyList<int> labels, int numberOfSegments, int first, int second)
    {
        CheckShapes(raw, labels, numberOfSegments);
        if (first < 0 || first >= numberOfSegments || second < 0 || second >= numberOfSegments)
        {
            throw new ArgumentException($"Choose two segments between Segment 1 and Segment {numberOfSegments}.", nameof(first));
        }

        if (first == second)
        {
            throw new ArgumentException("Choose two different segments to compare.", nameof(second));
        }

        var rowsA = Rows(labels, first);
        var rowsB = Rows(labels, second);
        if (rowsA.Length == 0 || rowsB.Length == 0)
        {
            throw new ArgumentException($"Segment {(rowsA.Length == 0 ? first + 1 : second + 1)} has no customers to compare.", nameof(labels));
        }

        var tests = new MannWhitneyResult?[raw.Columns];
        var problems = new string?[raw.Columns];
        for (var j = 0; j < raw.Columns; j++)
        {
            try
            {
                tests[j] = GroupComparison.MannWhitney(Column(raw, rowsA, j), Column(raw, rowsB, j));
            }
            catch (ArgumentException)
            {
                problems[j] = $"{raw.ColumnNames[j]} has the same value for every customer of both segments.";
            }
        }

        var holm = GroupComparison.Holm([.. tests.Select(t => t?.P ?? double.NaN)]);
        var rows = Enumerable.Range(0, raw.Columns).Select(j => new PairTestRow(raw.ColumnNames[j], tests[j], holm[j], problems[j])).ToList();
        return new SegmentPairReport(first, second, rowsA.Length, rowsB.Length, rows);
    }

    /// <summary>
    /// Rows of the held-out half and their labels: the segmentation's settings refitted on a seeded random half, its
    /// segments numbered as the pipeline numbers them, and each other customer placed in the nearest segment centre.
    /// </summary>
    internal static (int[] HeldOut, int[] Labels, int Segments) SplitHalfLabels(ClusteringSpace space, SegmentationResult segmentation, Segmenter segmenter, int seed, CancellationToken cancellationToken)
    {
        var matrix = space.Features.Matrix;
        var n = matrix.Rows;
        if (n < 4 * Math.Max(2, segmentation.NumberOfClusters))
        {
            throw new ClusteringDataException($"{n} customers are too few to form {segmentation.NumberOfClusters} segments on half of them and test on the other half.");
        }

        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var formed = order[..(n / 2)];
        var heldOut = order[(n / 2)..];
        Array.Sort(formed);
        Array.Sort(heldOut);
        var refit = segmenter.RefitFunction(segmentation.Settings, Math.Max(2, segmentation.NumberOfClusters));
        var model = refit(matrix.SelectRows(formed), cancellationToken);
        var key = formed.Select(i => space.OrderingKey[i]).ToArray();
        var formedLabels = ClusterLabels.Canonicalize(model.Labels, key);
        var k = formedLabels.Length == 0 ? 0 : formedLabels.Max() + 1;
        if (k < 2)
        {
            throw new ClusteringDataException($"The segmentation's settings formed {k} segment{(k == 1 ? "" : "s")} on half of the customers; the split-half test needs at least two.");
        }

        var d = matrix.Columns;
        var centres = new double[k * d];
        var counts = new int[k];
        for (var r = 0; r < formed.Length; r++)
        {
            var label = formedLabels[r];
            if (label < 0)
            {
                continue;
            }

            counts[label]++;
            var row = matrix.Row(formed[r]);
            for (var j = 0; j < d; j++)
            {
                centres[(label * d) + j] += row[j];
            }
        }

        for (var c = 0; c < k; c++)
        {
            for (var j = 0; j < d; j++)
            {
                centres[(c * d) + j] /= counts[c];
            }
        }

        var labels = new int[heldOut.Length];
        for (var r = 0; r < heldOut.Length; r++)
        {
            var row = matrix.Row(heldOut[r]);
            var best = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                var distance = 0.0;
                for (var j = 0; j < d; j++)
                {
                    var diff = row[j] - centres[(c * d) + j];
                    distance += diff * diff;
                }

                if (distance < best)
                {
                    best = distance;
                    labels[r] = c;
                }
            }
        }

        return (heldOut, labels, k);
    }

    private static SegmentTestReport Run(FeatureMatrix raw, IReadOnlyList<int> labels, int k, bool splitHalf)
    {
        var members = Enumerable.Range(0, k).Select(c => Rows(labels, c)).ToArray();
        var present = members.Where(m => m.Length > 0).ToArray();
        var kruskal = new KruskalWallisResult?[raw.Columns];
        var anova = new AnovaResult?[raw.Columns];
        var problems = new string?[raw.Columns];
        for (var j = 0; j < raw.Columns; j++)
        {
            if (present.Length < 2)
            {
                problems[j] = "Fewer than two segments have customers, so there is nothing to compare.";
                continue;
            }

            double[][] groups = [.. present.Select(rows => Column(raw, rows, j))];
            try
            {
                kruskal[j] = GroupComparison.KruskalWallis(groups);
                anova[j] = GroupComparison.OneWayAnova(groups);
            }
            catch (ArgumentException)
            {
                problems[j] = $"{raw.ColumnNames[j]} has the same value for every customer, so the segments cannot differ on it.";
                kruskal[j] = null;
                anova[j] = null;
            }
        }

        var kruskalHolm = GroupComparison.Holm([.. kruskal.Select(t => t?.P ?? double.NaN)]);
        var anovaHolm = GroupComparison.Holm([.. anova.Select(t => t?.P ?? double.NaN)]);
        var rows = Enumerable.Range(0, raw.Columns)
            .Select(j => new FeatureTestRow(raw.ColumnNames[j], kruskal[j], anova[j], kruskalHolm[j], anovaHolm[j], problems[j]))
            .ToList();
        return new SegmentTestReport(rows, [.. members.Select(m => m.Length)], splitHalf, splitHalf ? SplitHalfCaveat : DescriptiveCaveat);
    }

    private static void CheckShapes(FeatureMatrix raw, IReadOnlyList<int> labels, int numberOfSegments)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != raw.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {raw.Rows} customers: give one label per row.", nameof(labels));
        }

        foreach (var label in labels)
        {
            if (label < ClusterLabels.Noise || label >= numberOfSegments)
            {
                throw new ArgumentException($"Label {label} is outside -1 … {numberOfSegments - 1}.", nameof(labels));
            }
        }
    }

    private static int[] Rows(IReadOnlyList<int> labels, int label)
    {
        var rows = new List<int>();
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
            {
                rows.Add(i);
            }
        }

        return [.. rows];
    }

    private static double[] Column(FeatureMatrix raw, int[] rows, int column)
    {
        var values = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = raw[rows[i], column];
        }

        return values;
    }
}
