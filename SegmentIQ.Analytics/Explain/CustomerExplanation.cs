using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Analytics.Explain;

/// <summary>
/// One clustered feature of a customer against their own segment's centre and the nearest other segment's, in the
/// clustering space (z) and in the feature's own units (raw, before log1p and scaling).
/// </summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Value">The customer's raw value.</param>
/// <param name="SegmentMean">Mean raw value of their segment (NaN for a noise customer).</param>
/// <param name="NearestMean">Mean raw value of the nearest other segment.</param>
/// <param name="Z">The customer's value in the clustering space.</param>
/// <param name="SegmentZ">Their segment's centre in the clustering space (NaN for noise).</param>
/// <param name="NearestZ">The nearest other segment's centre in the clustering space.</param>
/// <param name="Hold">
/// (z − nearest centre)² − (z − own centre)²: how much this feature keeps the customer nearer their own segment than
/// the other one (negative: it pulls them towards the other). The holds sum to the squared-distance margin.
/// </param>
public sealed record CustomerFeatureComparison(
    string Feature, double Value, double SegmentMean, double NearestMean, double Z, double SegmentZ, double NearestZ, double Hold);

/// <summary>
/// Why a customer is in their segment: their clustered features against their segment's centre and the nearest other
/// segment's centre, and the fewest features that, moved to the other segment's typical values, would put them nearer
/// that segment. Centres are the segments' means in the clustering space; for algorithms that do not assign by nearest
/// centre (hierarchical, DBSCAN, mixtures) <see cref="Caveat"/> says when the customer is in fact nearer another centre.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Segment">Their zero-based segment label (-1: noise).</param>
/// <param name="Nearest">The nearest segment other than their own (zero-based).</param>
/// <param name="Distance">Distance to their own segment's centre (NaN for noise).</param>
/// <param name="NearestDistance">Distance to the nearest other segment's centre.</param>
/// <param name="Features">Every clustered feature, strongest hold first.</param>
/// <param name="WouldMove">The fewest features (by hold) whose change to the nearest segment's typical value would make it the nearer centre; empty for noise.</param>
/// <param name="Caveat">Set when the customer is nearer another segment's centre than their own.</param>
public sealed record CustomerExplanation(
    string CustomerId,
    int Segment,
    int Nearest,
    double Distance,
    double NearestDistance,
    IReadOnlyList<CustomerFeatureComparison> Features,
    IReadOnlyList<string> WouldMove,
    string? Caveat)
{
    /// <summary>
    /// Explains row <paramref name="row"/> of <paramref name="space"/> (the scaled clustering matrix) labelled by
    /// <paramref name="labels"/> (0 … <paramref name="numberOfSegments"/> − 1, -1 noise); raw values come from
    /// <paramref name="table"/>, row-aligned with the space.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two segments (there is no other segment to compare with).</exception>
    public static CustomerExplanation Explain(FeatureMatrix space, CustomerFeatureTable table, IReadOnlyList<int> labels, int numberOfSegments, int row)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, space.Rows);
        if (labels.Count != space.Rows || table.Count != space.Rows)
        {
            throw new ArgumentException($"The space has {space.Rows} rows, the labels {labels.Count} and the table {table.Count}.", nameof(labels));
        }

        if (numberOfSegments < 2)
        {
            throw new ArgumentException("A customer explanation compares two segments; this segmentation has fewer than two.", nameof(numberOfSegments));
        }

        var d = space.Columns;
        var names = space.ColumnNames;
        var centres = new double[numberOfSegments * d];
        var rawMeans = new double[numberOfSegments * d];
        var sizes = new int[numberOfSegments];
        var raw = names.Select(n => table[n]).ToArray();
        for (var i = 0; i < space.Rows; i++)
        {
            var label = labels[i];
            if (label < 0)
            {
                continue;
            }

            sizes[label]++;
            var values = space.Row(i);
            for (var j = 0; j < d; j++)
            {
                centres[(label * d) + j] += values[j];
                rawMeans[(label * d) + j] += raw[j][i];
            }
        }

        for (var s = 0; s < numberOfSegments; s++)
        {
            for (var j = 0; j < d; j++)
            {
                centres[(s * d) + j] = sizes[s] == 0 ? double.NaN : centres[(s * d) + j] / sizes[s];
                rawMeans[(s * d) + j] = sizes[s] == 0 ? double.NaN : rawMeans[(s * d) + j] / sizes[s];
            }
        }

        var x = space.Row(row);
        var own = labels[row];
        var nearest = -1;
        var nearestSquared = double.PositiveInfinity;
        for (var s = 0; s < numberOfSegments; s++)
        {
            if (s == own || sizes[s] == 0)
            {
                continue;
            }

            var squared = SquaredDistance(x, centres.AsSpan(s * d, d));
            if (squared < nearestSquared)
            {
                (nearest, nearestSquared) = (s, squared);
            }
        }

        if (nearest < 0)
        {
            throw new ArgumentException("Every other segment is empty, so there is nothing to compare this customer with.", nameof(labels));
        }

        var ownSquared = own >= 0 ? SquaredDistance(x, centres.AsSpan(own * d, d)) : double.NaN;
        var features = new List<CustomerFeatureComparison>(d);
        for (var j = 0; j < d; j++)
        {
            var ownZ = own >= 0 ? centres[(own * d) + j] : double.NaN;
            var nearZ = centres[(nearest * d) + j];
            var hold = own >= 0 ? ((x[j] - nearZ) * (x[j] - nearZ)) - ((x[j] - ownZ) * (x[j] - ownZ)) : double.NaN;
            features.Add(new CustomerFeatureComparison(
                names[j], raw[j][row], own >= 0 ? rawMeans[(own * d) + j] : double.NaN, rawMeans[(nearest * d) + j], x[j], ownZ, nearZ, hold));
        }

        var wouldMove = new List<string>();
        string? caveat = null;
        if (own >= 0)
        {
            // Moving feature j to the other centre removes its hold and adds (other − own centre)² to the own distance:
            // the margin shrinks by hold_j + (c_other,j − c_own,j)². Take the biggest shrinks until the margin is gone.
            var margin = nearestSquared - ownSquared;
            if (margin <= 0)
            {
                caveat = $"This customer is nearer the centre of Segment {nearest + 1} than of their own; the algorithm does not assign by nearest centre alone.";
            }
            else
            {
                var shrink = features.Select(f => (f.Feature, Amount: f.Hold + ((f.NearestZ - f.SegmentZ) * (f.NearestZ - f.SegmentZ))))
                    .OrderByDescending(s => s.Amount)
                    .ToList();
                var left = margin;
                foreach (var (feature, amount) in shrink)
                {
                    if (left <= 0 || amount <= 0)
                    {
                        break;
                    }

                    wouldMove.Add(feature);
                    left -= amount;
                }

                if (left > 0)
                {
                    wouldMove.Clear();
                }
            }
        }

        return new CustomerExplanation(
            table.CustomerIds[row],
            own,
            nearest,
            Math.Sqrt(ownSquared),
            Math.Sqrt(nearestSquared),
            [.. features.OrderByDescending(f => double.IsNaN(f.Hold) ? Math.Abs(f.Z - f.NearestZ) : f.Hold)],
            wouldMove,
            caveat);
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }

        return sum;
    }
}
