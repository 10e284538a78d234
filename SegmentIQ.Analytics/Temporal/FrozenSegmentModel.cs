using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Numerics;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Analytics.Temporal;

/// <summary>
/// The scaler and segment model of a reference snapshot, frozen so they can be applied unchanged to any other snapshot:
/// "Segment 2 in March" then means the same thing as "Segment 2 in June". K-Means assigns with its own (canonically
/// numbered) centroids, so the reference snapshot gets back exactly its segmentation; other algorithms have no way to
/// place a new customer, so they assign to the nearest segment centre (the mean of its members in the scaled space)
/// and say so in <see cref="Caveat"/>.
/// </summary>
public sealed class FrozenSegmentModel
{
    private readonly KMeansModel? _kmeans;
    private readonly double[] _centres;

    private FrozenSegmentModel(IReadOnlyList<FeatureScaling> scalings, int numberOfClusters, KMeansModel? kmeans, double[] centres, string? caveat)
    {
        Scalings = scalings;
        NumberOfClusters = numberOfClusters;
        _kmeans = kmeans;
        _centres = centres;
        Caveat = caveat;
    }

    /// <summary>The reference snapshot's feature scalings (log1p, mean, standard deviation per chosen feature).</summary>
    public IReadOnlyList<FeatureScaling> Scalings { get; }

    /// <summary>Segments the model assigns to.</summary>
    public int NumberOfClusters { get; }

    /// <summary>Why assignments of other snapshots are approximate, or null (K-Means).</summary>
    public string? Caveat { get; }

    /// <summary>Segment centres in the scaled space, row-major (segments × features).</summary>
    public ReadOnlySpan<double> Centres => _centres;

    /// <summary>Freezes the segmentation <paramref name="segmentation"/> of the reference snapshot's <paramref name="space"/>.</summary>
    public static FrozenSegmentModel Freeze(ClusteringSpace space, SegmentationResult segmentation)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(segmentation);
        var matrix = space.Features.Matrix;
        var k = segmentation.NumberOfClusters;
        var centres = SegmentCentres(matrix, segmentation.Labels, k);
        if (segmentation.Model is KMeansModel kmeans)
        {
            return new FrozenSegmentModel(space.Features.Scalings, k, kmeans.Canonicalize(space.OrderingKey), centres, null);
        }

        var caveat = $"{SegmentationSettings.AlgorithmName(segmentation.Settings.Algorithm)} cannot place new customers, so snapshots other than the reference are assigned to the nearest segment centre of the reference" +
            (segmentation.NoiseCount > 0 ? " (no one is labelled Noise outside the reference)." : ".");
        return new FrozenSegmentModel(space.Features.Scalings, k, null, centres, caveat);
    }

    /// <summary>The customers of <paramref name="table"/> scaled exactly as the reference snapshot was.</summary>
    public FeatureMatrix Scale(CustomerFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var d = Scalings.Count;
        var data = new double[table.Count * d];
        for (var j = 0; j < d; j++)
        {
            var scaling = Scalings[j];
            var values = table[scaling.Name];
            for (var i = 0; i < values.Length; i++)
            {
                data[(i * d) + j] = scaling.Transform(values[i]);
            }
        }

        return new FeatureMatrix(data, table.Count, d, [.. Scalings.Select(s => s.Name)]);
    }

    /// <summary>The segment (zero-based, canonical numbering of the reference) of every customer of <paramref name="table"/>.</summary>
    public int[] Assign(CustomerFeatureTable table)
    {
        var scaled = Scale(table);
        if (_kmeans is not null)
        {
            return _kmeans.Predict(scaled);
        }

        var labels = new int[scaled.Rows];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = KMeansKernels.Nearest(scaled.Row(i), _centres, NumberOfClusters, out _);
        }

        return labels;
    }

    /// <summary>Mean row of each segment (noise left out); an empty segment's centre is all zeros.</summary>
    internal static double[] SegmentCentres(FeatureMatrix matrix, IReadOnlyList<int> labels, int numberOfClusters)
    {
        var d = matrix.Columns;
        var centres = new double[numberOfClusters * d];
        var counts = new int[numberOfClusters];
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (label < 0 || label >= numberOfClusters)
            {
                continue;
            }

            counts[label]++;
            var row = matrix.Row(i);
            for (var j = 0; j < d; j++)
            {
                centres[(label * d) + j] += row[j];
            }
        }

        for (var c = 0; c < numberOfClusters; c++)
        {
            for (var j = 0; j < d && counts[c] > 0; j++)
            {
                centres[(c * d) + j] /= counts[c];
            }
        }

        return centres;
    }
}
