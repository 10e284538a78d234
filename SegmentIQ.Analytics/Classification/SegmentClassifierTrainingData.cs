using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// What <see cref="SegmentClassifier"/> learns from: the customers' RAW feature values, the scaling that turned them into
/// the clustered feature space (kept by the model, so callers predict from raw values), each customer's segment
/// (-1 for DBSCAN noise) and the segments' display names. The constructor checks shapes and values once.
/// </summary>
public sealed class SegmentClassifierTrainingData
{
    private readonly int[] _labels;

    /// <summary>Wraps the data; <paramref name="rawFeatures"/> is read, not copied, so do not change it while training.</summary>
    /// <param name="rawFeatures">Customers × features, raw values (before <c>log1p</c> and standardising), columns in <see cref="FeatureSpace.Scalings"/> order.</param>
    /// <param name="scalings">One scaling per column (<see cref="FeatureSpace.Scalings"/>); its names are the feature names.</param>
    /// <param name="labels">Zero-based segment per customer, or <see cref="ClusterLabels.Noise"/> (-1) for a customer left out of every segment.</param>
    /// <param name="segmentNames">Display name per segment, e.g. "Segment 1 · Champions"; its count is the number of segments.</param>
    /// <exception cref="ArgumentException">A count does not match, a label is out of range, or a value is not finite (naming the feature).</exception>
    public SegmentClassifierTrainingData(FeatureMatrix rawFeatures, IReadOnlyList<FeatureScaling> scalings, IReadOnlyList<int> labels, IReadOnlyList<string> segmentNames)
    {
        ArgumentNullException.ThrowIfNull(rawFeatures);
        ArgumentNullException.ThrowIfNull(scalings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(segmentNames);
        if (scalings.Count != rawFeatures.Columns)
        {
            throw new ArgumentException($"{scalings.Count} scalings for {rawFeatures.Columns} feature columns: give one scaling per column.", nameof(scalings));
        }

        if (labels.Count != rawFeatures.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {rawFeatures.Rows} customers: give one label per row.", nameof(labels));
        }

        if (segmentNames.Count == 0)
        {
            throw new ArgumentException("At least one segment name is needed.", nameof(segmentNames));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in scalings)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(scalings));
            if (!names.Add(s.Name))
            {
                throw new ArgumentException($"Feature '{s.Name}' appears twice in the scalings.", nameof(scalings));
            }
        }

        _labels = [.. labels];
        for (var i = 0; i < _labels.Length; i++)
        {
            if (_labels[i] < ClusterLabels.Noise || _labels[i] >= segmentNames.Count)
            {
                throw new ArgumentException(
                    $"Customer row {i} has label {_labels[i]}; labels must be -1 (noise) or 0 … {segmentNames.Count - 1} (one per segment name).", nameof(labels));
            }
        }

        var d = rawFeatures.Columns;
        var values = rawFeatures.Data;
        for (var i = 0; i < values.Length; i++)
        {
            var scaling = scalings[i % d];
            if (!double.IsFinite(values[i]) || (scaling.Log1p && !(values[i] > -1)))
            {
                throw new ArgumentException(
                    $"Customer row {i / d}, feature '{scaling.Name}' is {values[i]}: every value must be a finite number{(scaling.Log1p ? " above -1 (the feature is log1p-scaled)" : string.Empty)}.",
                    nameof(rawFeatures));
            }
        }

        RawFeatures = rawFeatures;
        Scalings = [.. scalings];
        FeatureNames = [.. scalings.Select(s => s.Name)];
        SegmentNames = [.. segmentNames];
    }

    /// <summary>As the <see cref="FeatureMatrix"/> constructor, from a row-major array of <paramref name="labels"/>.Count rows.</summary>
    public SegmentClassifierTrainingData(double[] rawRows, IReadOnlyList<FeatureScaling> scalings, IReadOnlyList<int> labels, IReadOnlyList<string> segmentNames)
        : this(ToMatrix(rawRows, scalings, labels), scalings, labels, segmentNames)
    {
    }

    /// <summary>
    /// The training data of a segmentation of <paramref name="space"/>: the raw values of its features are read from
    /// <paramref name="table"/> (the table the space was fitted on, same customer order).
    /// </summary>
    public static SegmentClassifierTrainingData FromFeatureSpace(CustomerFeatureTable table, FeatureSpace space, IReadOnlyList<int> labels, IReadOnlyList<string> segmentNames)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(space);
        if (table.Count != space.Matrix.Rows)
        {
            throw new ArgumentException($"The table has {table.Count} customers but the feature space {space.Matrix.Rows}: pass the table the space was fitted on.", nameof(table));
        }

        var n = table.Count;
        var d = space.Scalings.Count;
        var raw = new double[n * d];
        for (var j = 0; j < d; j++)
        {
            var name = space.Scalings[j].Name;
            if (!table.Contains(name))
            {
                throw new ArgumentException($"The table has no column '{name}' of the feature space.", nameof(table));
            }

            var column = table[name];
            for (var i = 0; i < n; i++)
            {
                raw[(i * d) + j] = column[i];
            }
        }

        return new SegmentClassifierTrainingData(new FeatureMatrix(raw, n, d, [.. space.Scalings.Select(s => s.Name)]), space.Scalings, labels, segmentNames);
    }

    /// <summary>Feature names, in column order (the names of <see cref="Scalings"/>).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Customers × features, raw values.</summary>
    public FeatureMatrix RawFeatures { get; }

    /// <summary>How each raw column is scaled: optional <c>log1p</c>, then z-score.</summary>
    public IReadOnlyList<FeatureScaling> Scalings { get; }

    /// <summary>Zero-based segment per customer, -1 for noise.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Display name per segment; its count is the number of segments.</summary>
    public IReadOnlyList<string> SegmentNames { get; }

    /// <summary>Number of segments (noise not counted).</summary>
    public int NumberOfSegments => SegmentNames.Count;

    internal int[] LabelArray => _labels;

    /// <summary>The labels of <paramref name="rows"/> and their scaled features (row-major, <see cref="Scalings"/> order) as the learners read them.</summary>
    internal (int[] Labels, float[] Scaled) Scaled(IReadOnlyList<int> rows)
    {
        var d = Scalings.Count;
        var labels = new int[rows.Count];
        var scaled = new float[rows.Count * d];
        for (var r = 0; r < rows.Count; r++)
        {
            labels[r] = _labels[rows[r]];
            var raw = RawFeatures.Row(rows[r]);
            for (var j = 0; j < d; j++)
            {
                scaled[(r * d) + j] = (float)Scalings[j].Transform(raw[j]);
            }
        }

        return (labels, scaled);
    }

    private static FeatureMatrix ToMatrix(double[] rawRows, IReadOnlyList<FeatureScaling> scalings, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(rawRows);
        ArgumentNullException.ThrowIfNull(scalings);
        ArgumentNullException.ThrowIfNull(labels);
        if (scalings.Count == 0)
        {
            throw new ArgumentException("At least one feature scaling is needed.", nameof(scalings));
        }

        if (rawRows.Length != labels.Count * scalings.Count)
        {
            throw new ArgumentException(
                $"{rawRows.Length} raw values for {labels.Count} customers × {scalings.Count} features = {labels.Count * scalings.Count} expected.", nameof(rawRows));
        }

        return new FeatureMatrix(rawRows, labels.Count, scalings.Count, [.. scalings.Select(s => s.Name)]);
    }
}
