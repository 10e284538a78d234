using System.Globalization;
using SegmentIQ.Analytics.Numerics;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Explain;

/// <summary>One feature of a segment against everyone: the standardised difference of the segment's mean.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Z">(segment mean − overall mean) / overall standard deviation, in the clustering space.</param>
public sealed record FeatureDifference(string Feature, double Z)
{
    /// <summary>"Recency is much lower than average (−1.2 SD)".</summary>
    public string Sentence()
    {
        var size = Math.Abs(Z) switch
        {
            >= 1.5 => "much ",
            >= 0.5 => "",
            _ => "slightly ",
        };
        var direction = Z >= 0 ? "higher" : "lower";
        return string.Create(CultureInfo.InvariantCulture, $"{Feature} is {size}{direction} than average ({Z:+0.00;-0.00} SD)");
    }
}

/// <summary>
/// Standardised centroid differences: each segment's mean of each clustered feature minus the overall mean, in
/// standard deviations of the clustering space (log1p where chosen, then z-scored). The fast, model-free view of what
/// sets a segment apart; a few multiply-adds per customer, so it follows every slider move.
/// </summary>
public sealed class CentroidDifferences
{
    private readonly double[] _z;

    private CentroidDifferences(IReadOnlyList<string> features, int segments, double[] z)
    {
        Features = features;
        NumberOfSegments = segments;
        _z = z;
    }

    /// <summary>Feature names, in column order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>Number of segments.</summary>
    public int NumberOfSegments { get; }

    /// <summary>The standardised difference of <paramref name="segment"/> (zero-based) on column <paramref name="feature"/>.</summary>
    public double this[int segment, int feature] => _z[(segment * Features.Count) + feature];

    /// <summary>
    /// Computes the differences of <paramref name="labels"/> (0 … k−1, -1 left out of the segments but counted in the
    /// overall mean and spread) on <paramref name="space"/>'s columns. A constant column has difference 0.
    /// </summary>
    public static CentroidDifferences Compute(FeatureMatrix space, IReadOnlyList<int> labels, int numberOfSegments)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != space.Rows)
        {
            throw new ArgumentException($"{labels.Count} labels for {space.Rows} customers: give one label per row.", nameof(labels));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(numberOfSegments);
        var d = space.Columns;
        var mean = new double[d];
        var sums = new double[numberOfSegments * d];
        var counts = new int[numberOfSegments];
        for (var i = 0; i < space.Rows; i++)
        {
            var row = space.Row(i);
            var label = labels[i];
            if (label >= numberOfSegments)
            {
                throw new ArgumentException($"Label {label} is outside -1 … {numberOfSegments - 1}.", nameof(labels));
            }

            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
                if (label >= 0)
                {
                    sums[(label * d) + j] += row[j];
                }
            }

            if (label >= 0)
            {
                counts[label]++;
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= Math.Max(1, space.Rows);
        }

        var sd = new double[d];
        for (var i = 0; i < space.Rows; i++)
        {
            var row = space.Row(i);
            for (var j = 0; j < d; j++)
            {
                sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }

        for (var j = 0; j < d; j++)
        {
            sd[j] = Math.Sqrt(sd[j] / Math.Max(1, space.Rows));
        }

        var z = new double[numberOfSegments * d];
        for (var c = 0; c < numberOfSegments; c++)
        {
            for (var j = 0; j < d; j++)
            {
                z[(c * d) + j] = counts[c] == 0 || !(sd[j] > 0) ? 0 : ((sums[(c * d) + j] / counts[c]) - mean[j]) / sd[j];
            }
        }

        return new CentroidDifferences([.. space.ColumnNames], numberOfSegments, z);
    }

    /// <summary>Every feature of <paramref name="segment"/>, largest absolute difference first.</summary>
    public IReadOnlyList<FeatureDifference> Ranked(int segment)
    {
        if (segment < 0 || segment >= NumberOfSegments)
        {
            throw new ArgumentOutOfRangeException(nameof(segment), segment, $"Segment must be a label 0 … {NumberOfSegments - 1}.");
        }

        return [.. Enumerable.Range(0, Features.Count)
            .Select(j => new FeatureDifference(Features[j], this[segment, j]))
            .OrderByDescending(f => Math.Abs(f.Z))
            .ThenBy(f => f.Feature, StringComparer.Ordinal)];
    }

    /// <summary>"Segment 2 differs most in: Recency is much lower than average (−1.60 SD); …" for the top <paramref name="count"/> features.</summary>
    public string Summary(int segment, int count = 3) =>
        $"{SegmentNames.Label(segment)} differs most in: {string.Join("; ", Ranked(segment).Take(Math.Max(1, count)).Select(f => f.Sentence()))}.";
}
