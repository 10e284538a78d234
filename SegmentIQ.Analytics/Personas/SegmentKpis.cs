using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Analytics.Personas;

/// <summary>Mean and median of one metric over a group of customers.</summary>
public readonly record struct MetricSummary(double Mean, double Median);

/// <summary>
/// Key figures of one segment (or of all customers when <see cref="Label"/> is null). Metric summaries are null
/// when the table lacks the column (customer tables without RFM); revenue is the sum of Monetary.
/// </summary>
public sealed record SegmentKpi(
    int? Label,
    int Customers,
    double Share,
    double? Revenue,
    double? RevenueShare,
    MetricSummary? Recency,
    MetricSummary? Frequency,
    MetricSummary? Monetary,
    MetricSummary? AverageOrderValue,
    MetricSummary? Tenure,
    double? RevenueAtRisk)
{
    /// <summary>True for the noise segment (-1).</summary>
    public bool IsNoise => Label == ClusterLabels.Noise;

    /// <summary>
    /// Mean and median of every column of the customer table, in table order: the profile of customer tables (which
    /// have no RFM columns), and the full profile of transaction data.
    /// </summary>
    public IReadOnlyList<FeatureSummary> Features { get; init; } = [];

    /// <summary>Value equality, including the feature summaries element by element (a record compares lists by reference).</summary>
    public bool Equals(SegmentKpi? other) =>
        other is not null
        && Label == other.Label && Customers == other.Customers && Share.Equals(other.Share)
        && Revenue.Equals(other.Revenue) && RevenueShare.Equals(other.RevenueShare)
        && Recency.Equals(other.Recency) && Frequency.Equals(other.Frequency) && Monetary.Equals(other.Monetary)
        && AverageOrderValue.Equals(other.AverageOrderValue) && Tenure.Equals(other.Tenure)
        && RevenueAtRisk.Equals(other.RevenueAtRisk)
        && Features.SequenceEqual(other.Features);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Label, Customers, Share, Revenue, Recency, Monetary, Features.Count);
}

/// <summary>Mean and median of one feature column over a group of customers.</summary>
public sealed record FeatureSummary(string Name, MetricSummary Summary);

/// <summary>KPIs of every segment (ascending label, noise last) and of all customers together.</summary>
public sealed record SegmentKpiReport(IReadOnlyList<SegmentKpi> Segments, SegmentKpi Overall)
{
    /// <summary>The KPIs of one label, or null when no customer has it.</summary>
    public SegmentKpi? ForLabel(int label) => Segments.FirstOrDefault(s => s.Label == label);
}

/// <summary>Computes <see cref="SegmentKpi"/>s from a customer table and a segmentation.</summary>
public static class SegmentKpis
{
    /// <summary>
    /// KPIs per segment. When <paramref name="personas"/> are given, revenue at risk is the revenue of segments
    /// whose persona <see cref="Persona.IsAtRisk"/> (At risk, Can't lose them, About to sleep); otherwise it is null.
    /// </summary>
    public static SegmentKpiReport Compute(CustomerFeatureTable table, IReadOnlyList<int> labels, PersonaSet? personas = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != table.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {table.Count} customers.", nameof(labels));
        }

        if (table.Count == 0)
        {
            throw new ArgumentException("The table has no customers.", nameof(table));
        }

        var monetary = Column(table, FeatureNames.Monetary);
        var totalRevenue = monetary?.Sum();
        var groups = labels.Select((label, row) => (label, row))
            .GroupBy(p => p.label)
            .OrderBy(g => g.Key < 0 ? int.MaxValue : g.Key)
            .ToArray();
        var segments = groups.Select(g =>
        {
            var rows = g.Select(p => p.row).ToArray();
            var atRisk = personas?.ForLabel(g.Key)?.IsAtRisk;
            return Build(table, g.Key, rows, totalRevenue, monetary, atRisk);
        }).ToArray();
        var overall = Build(table, null, Enumerable.Range(0, table.Count).ToArray(), totalRevenue, monetary, null);
        if (personas is not null && monetary is not null)
        {
            overall = overall with { RevenueAtRisk = segments.Sum(s => s.RevenueAtRisk ?? 0) };
        }

        return new SegmentKpiReport(segments, overall);
    }

    private static SegmentKpi Build(CustomerFeatureTable table, int? label, int[] rows, double? totalRevenue, double[]? monetary, bool? atRisk)
    {
        double? revenue = monetary is null ? null : rows.Sum(r => monetary[r]);
        double? revenueShare = revenue is null || totalRevenue is not > 0 ? null : revenue / totalRevenue;
        double? revenueAtRisk = atRisk is null || revenue is null ? null : atRisk.Value ? revenue : 0;
        return new SegmentKpi(
            label,
            rows.Length,
            (double)rows.Length / table.Count,
            revenue,
            revenueShare,
            Summary(Column(table, FeatureNames.Recency), rows),
            Summary(Column(table, FeatureNames.Frequency), rows),
            Summary(monetary, rows),
            Summary(Column(table, FeatureNames.AverageOrderValue), rows),
            Summary(Column(table, FeatureNames.Tenure), rows),
            revenueAtRisk)
        {
            Features = table.Columns.Select(c => new FeatureSummary(c.Name, Summary(c.Values, rows)!.Value)).ToArray(),
        };
    }

    internal static double[]? Column(CustomerFeatureTable table, string name) => table.Contains(name) ? table[name] : null;

    internal static MetricSummary? Summary(double[]? values, int[] rows)
    {
        if (values is null || rows.Length == 0)
        {
            return null;
        }

        var selected = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            selected[i] = values[rows[i]];
        }

        return new MetricSummary(selected.Average(), Median(selected));
    }

    /// <summary>Median (average of the two middle values for an even count); sorts <paramref name="values"/> in place.</summary>
    internal static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
