using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Lifetime;

/// <summary>Lifetime figures of one segment: what its customers are expected to buy and how much of it is at risk.</summary>
/// <param name="Label">Zero-based segment label (-1 noise); people read <see cref="Name"/>.</param>
/// <param name="Name">"Segment n · Persona" from <see cref="SegmentNames"/>.</param>
/// <param name="Customers">Customers of the segment in the lifetime summary.</param>
/// <param name="ExpectedPurchases">Expected purchases over the horizon, summed.</param>
/// <param name="ExpectedRevenue">Expected purchases × expected spend, summed (undiscounted).</param>
/// <param name="ClvTotal">CLV summed.</param>
/// <param name="ClvMean">CLV per customer.</param>
/// <param name="MeanProbabilityAlive">Mean P(alive).</param>
/// <param name="AtRisk">Customers with P(alive) below the threshold.</param>
/// <param name="RevenueAtRisk">Calibration-period revenue of the at-risk customers (what stops if they have left).</param>
public sealed record SegmentLifetime(
    int Label,
    string Name,
    int Customers,
    double ExpectedPurchases,
    double ExpectedRevenue,
    double ClvTotal,
    double ClvMean,
    double MeanProbabilityAlive,
    int AtRisk,
    double RevenueAtRisk);

/// <summary>Churn risk and lifetime value per segment and persona.</summary>
public static class ChurnRisk
{
    /// <summary>Customers with P(alive) below <paramref name="threshold"/>.</summary>
    public static bool IsAtRisk(double probabilityAlive, double threshold) => probabilityAlive < threshold;

    /// <summary>
    /// Groups the customers of <paramref name="values"/> by the segment label of their id in
    /// (<paramref name="segmentCustomerIds"/>, <paramref name="labels"/>); customers absent from the segmentation are
    /// left out. Segments are listed by label, noise last.
    /// </summary>
    public static IReadOnlyList<SegmentLifetime> BySegment(
        CustomerLifetimeTable values,
        IReadOnlyList<string> segmentCustomerIds,
        IReadOnlyList<int> labels,
        PersonaSet? personas,
        double threshold)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(segmentCustomerIds);
        ArgumentNullException.ThrowIfNull(labels);
        var labelOf = new Dictionary<string, int>(segmentCustomerIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < segmentCustomerIds.Count; i++)
        {
            labelOf[segmentCustomerIds[i]] = labels[i];
        }

        var groups = new SortedDictionary<int, List<int>>(Comparer<int>.Create((x, y) => (x < 0, y < 0) switch
        {
            (true, false) => 1,
            (false, true) => -1,
            _ => x.CompareTo(y),
        }));
        var summary = values.Summary;
        for (var row = 0; row < summary.Count; row++)
        {
            if (labelOf.TryGetValue(summary.CustomerIds[row], out var label))
            {
                if (!groups.TryGetValue(label, out var rows))
                {
                    groups[label] = rows = [];
                }

                rows.Add(row);
            }
        }

        return [.. groups.Select(g =>
        {
            var rows = g.Value;
            var atRisk = rows.Where(r => IsAtRisk(values.ProbabilityAlive[r], threshold)).ToList();
            var clvTotal = rows.Sum(r => values.Clv[r]);
            return new SegmentLifetime(
                g.Key,
                SegmentNames.Display(g.Key, personas),
                rows.Count,
                rows.Sum(r => values.ExpectedPurchases[r]),
                rows.Sum(values.ExpectedRevenue),
                clvTotal,
                clvTotal / rows.Count,
                rows.Average(r => values.ProbabilityAlive[r]),
                atRisk.Count,
                atRisk.Sum(r => summary.CalibrationRevenue[r]));
        })];
    }
}
