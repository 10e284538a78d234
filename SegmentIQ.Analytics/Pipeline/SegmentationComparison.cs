using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Two segmentations of the same customers side by side: their adjusted Rand index and the cross-tabulation
/// (customers per pair of segments; noise, label -1, is its own row or column).
/// </summary>
/// <remarks>
/// The other segmentation's segments are matched to the primary's by optimal assignment on shared customers
/// (<see cref="HungarianAssignment"/>) before they are numbered: <see cref="AlignedColumnLabels"/> gives the other
/// segment matched to primary segment i the label i, so a person reads the same number and colour for matching groups
/// and the matches sit on the diagonal. Unmatched segments (the other side has more, or shares no customer) are
/// numbered after the primary's, in their own order. Columns are ordered by aligned label, noise last.
/// </remarks>
public sealed record SegmentationComparison(
    SegmentationResult Primary,
    SegmentationResult Other,
    double AdjustedRand,
    IReadOnlyList<int> RowLabels,
    IReadOnlyList<int> ColumnLabels,
    IReadOnlyList<int> AlignedColumnLabels,
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
        var (columns, aligned) = AlignedAxis(primary, other);
        var rowIndex = rows.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var columnIndex = columns.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var counts = rows.Select(_ => new int[columns.Count]).ToArray();
        for (var i = 0; i < primary.Labels.Count; i++)
        {
            counts[rowIndex[primary.Labels[i]]][columnIndex[other.Labels[i]]]++;
        }

        return new SegmentationComparison(primary, other, AdjustedRandIndex.Compute(primary.Labels, other.Labels), rows, columns, aligned, counts);
    }

    /// <summary>The other side's labels ordered by their aligned label (noise last), and those aligned labels.</summary>
    private static (List<int> Labels, List<int> Aligned) AlignedAxis(SegmentationResult primary, SegmentationResult other)
    {
        var overlap = new double[primary.NumberOfClusters, other.NumberOfClusters];
        for (var i = 0; i < primary.Labels.Count; i++)
        {
            if (primary.Labels[i] >= 0 && other.Labels[i] >= 0)
            {
                overlap[primary.Labels[i], other.Labels[i]]--;
            }
        }

        var alignedOf = new int[other.NumberOfClusters];
        Array.Fill(alignedOf, -1);
        var columnOfRow = HungarianAssignment.Solve(overlap);
        for (var row = 0; row < columnOfRow.Length; row++)
        {
            // A pair that shares no customer is no match: that segment is numbered after the primary's instead.
            if (columnOfRow[row] is var column and >= 0 && overlap[row, column] < 0)
            {
                alignedOf[column] = row;
            }
        }

        var next = primary.NumberOfClusters;
        for (var column = 0; column < alignedOf.Length; column++)
        {
            if (alignedOf[column] < 0)
            {
                alignedOf[column] = next++;
            }
        }

        var labels = Enumerable.Range(0, other.NumberOfClusters).OrderBy(c => alignedOf[c]).ToList();
        var aligned = labels.Select(c => alignedOf[c]).ToList();
        if (other.NoiseCount > 0)
        {
            labels.Add(ClusterLabels.Noise);
            aligned.Add(ClusterLabels.Noise);
        }

        return (labels, aligned);
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
