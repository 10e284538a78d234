using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Evaluation;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Two segmentations of the same customers side by side: their adjusted Rand index and the cross-tabulation
/// (customers per pair of segments; noise, label -1, is its own row or column).
/// </summary>
public sealed record SegmentationComparison(
    SegmentationResult Primary,
    SegmentationResult Other,
    double AdjustedRand,
    IReadOnlyList<int> RowLabels,
    IReadOnlyList<int> ColumnLabels,
    int[][] Counts)
{
    /// <summary>Compares <paramref name="primary"/> with <paramref name="other"/> (same customers, same order).</summary>
    public static SegmentationComparison Create(SegmentationResult primary, SegmentationResult other)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(other);
        if (primary.Labels.Count != other.Labels.Count)
        {
            throw new ArgumentException($"The segmentations label {primary.Labels.Count} and {other.Labels.Count} customers; they must label the same customers.", nameof(other));
        }

        var rows = Axis(primary);
        var columns = Axis(other);
        var rowIndex = rows.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var columnIndex = columns.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var counts = rows.Select(_ => new int[columns.Count]).ToArray();
        for (var i = 0; i < primary.Labels.Count; i++)
        {
            counts[rowIndex[primary.Labels[i]]][columnIndex[other.Labels[i]]]++;
        }

        return new SegmentationComparison(primary, other, AdjustedRandIndex.Compute(primary.Labels, other.Labels), rows, columns, counts);
    }

    private static List<int> Axis(SegmentationResult result)
    {
        var labels = Enumerable.Range(0, result.NumberOfClusters).ToList();
        if (result.NoiseCount > 0)
        {
            labels.Add(ClusterLabels.Noise);
        }

        return labels;
    }
}
