using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Reporting;

/// <summary>An association rule as shown in reports: display text of both sides and the five usual measures.</summary>
public sealed record ReportRule(
    string Antecedent,
    string Consequent,
    double Support,
    double Confidence,
    double Lift,
    double Leverage,
    double Conviction);

/// <summary>A label/value row (data-quality summary, parameters, metrics). Numbers stay numbers in the workbook.</summary>
public sealed record ReportItem(string Label, object? Value, string? Note = null);

/// <summary>
/// The movers between snapshot <paramref name="From"/> and snapshot <paramref name="To"/> (labels such as "2011-Q3"),
/// their states headed "<paramref name="StateHeader"/> 2011-Q3", and the selection they answer as a person reads it.
/// </summary>
public sealed record ReportMovers(string From, string To, IReadOnlyList<Temporal.Mover> Movers, string StateHeader = "Segment", string? Selection = null);

/// <summary>A data-quality issue row: how serious, what, how many rows, and an example.</summary>
public sealed record ReportIssue(string Severity, string Issue, long Rows, string? Example = null);

/// <summary>Everything the Excel report shows. Optional parts (rules, data quality, probabilities, anomaly flags) may be null.</summary>
public sealed record ReportInput
{
    /// <summary>Dataset name shown on the Summary and Parameters sheets (e.g. the file name).</summary>
    public required string DatasetName { get; init; }

    /// <summary>SHA-256 of the source file, hex, so a report can be traced to its exact input.</summary>
    public required string DatasetSha256 { get; init; }

    /// <summary>Clustering algorithm display name ("K-Means").</summary>
    public required string Algorithm { get; init; }

    /// <summary>Algorithm and feature parameters, in display order.</summary>
    public IReadOnlyList<ReportItem> Parameters { get; init; } = [];

    /// <summary>Quality metrics of the segmentation (silhouette…), in display order.</summary>
    public IReadOnlyList<ReportItem> Metrics { get; init; } = [];

    /// <summary>When the report was produced.</summary>
    public DateTimeOffset GeneratedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The customers and their features (one row per customer on the Customers sheet).</summary>
    public required CustomerFeatureTable Customers { get; init; }

    /// <summary>Segment per customer (-1 = noise), aligned with <see cref="Customers"/>.</summary>
    public required IReadOnlyList<int> Labels { get; init; }

    /// <summary>Personas of the segmentation.</summary>
    public required PersonaSet Personas { get; init; }

    /// <summary>KPIs of the segmentation (ideally computed with the personas, for revenue at risk).</summary>
    public required SegmentKpiReport Kpis { get; init; }

    /// <summary>Membership probability per customer (soft clusterings), or null.</summary>
    public IReadOnlyList<double>? MembershipProbabilities { get; init; }

    /// <summary>Anomaly flag per customer, or null.</summary>
    public IReadOnlyList<bool>? AnomalyFlags { get; init; }

    /// <summary>Top association rules, or null when basket analysis was not run.</summary>
    public IReadOnlyList<ReportRule>? Rules { get; init; }

    /// <summary>Data-quality summary rows (lines read, dropped…), or null.</summary>
    public IReadOnlyList<ReportItem>? DataQualitySummary { get; init; }

    /// <summary>Data-quality issues found while cleaning, or null.</summary>
    public IReadOnlyList<ReportIssue>? DataQualityIssues { get; init; }

    /// <summary>The lifetime-value models and per-customer values, or null when they were not computed.</summary>
    public ReportLifetime? Lifetime { get; init; }

    /// <summary>Per-feature tests across the segments (descriptive), or null.</summary>
    public Explain.SegmentTestReport? SegmentTests { get; init; }

    /// <summary>Standardised centroid differences of the clustered features, or null.</summary>
    public Explain.CentroidDifferences? SegmentDifferences { get; init; }

    /// <summary>Customers who changed segment between two snapshots (the Over time page's movers), or null.</summary>
    public ReportMovers? Movers { get; init; }

    /// <summary>Next-best products per customer and the most offered products per segment, or null when not computed.</summary>
    public ReportRecommendations? Recommendations { get; init; }

    /// <summary>A/B test plans per segment (conversion and order value, as last set on the Explain page), or null.</summary>
    public IReadOnlyList<Recommendations.SegmentAbPlans>? AbTests { get; init; }

    /// <summary>The currency of the money figures, when known: money cells carry its symbol and the Summary names it.</summary>
    public Currency? Currency { get; init; }

    /// <summary>Caveats to print with the parameters (e.g. LDA optimism, convergence).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Checks that the per-customer lists line up with the customer table.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DatasetName);
        ArgumentNullException.ThrowIfNull(Customers);
        ArgumentNullException.ThrowIfNull(Labels);
        ArgumentNullException.ThrowIfNull(Personas);
        ArgumentNullException.ThrowIfNull(Kpis);
        Check(nameof(Labels), Labels.Count);
        if (MembershipProbabilities is not null)
        {
            Check(nameof(MembershipProbabilities), MembershipProbabilities.Count);
        }

        if (AnomalyFlags is not null)
        {
            Check(nameof(AnomalyFlags), AnomalyFlags.Count);
        }
    }

    private void Check(string field, int count)
    {
        if (count != Customers.Count)
        {
            throw new ArgumentException($"{field} has {count} entries for {Customers.Count} customers.", field);
        }
    }
}

/// <summary>
/// What the "Lifetime value" sheet shows: the fitted models and the per-customer values derived from them; customers
/// with P(alive) below <paramref name="AtRiskThreshold"/> count as at risk on the Summary sheet.
/// </summary>
public sealed record ReportLifetime(Lifetime.LifetimeFit Fit, Lifetime.CustomerLifetimeTable Values, double AtRiskThreshold = 0.5)
{
    /// <summary>CLV and churn risk per segment of <paramref name="input"/>'s segmentation.</summary>
    public IReadOnlyList<Lifetime.SegmentLifetime> BySegment(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Lifetime.ChurnRisk.BySegment(Values, input.Customers.CustomerIds, input.Labels, input.Personas, AtRiskThreshold);
    }
}

/// <summary>
/// What the "Recommendations" sheet shows (one row per customer and recommended product, with the figures behind it)
/// and, per zero-based segment label, the products offered to most of its customers.
/// </summary>
public sealed record ReportRecommendations(
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyDictionary<int, IReadOnlyList<Recommendations.SegmentOffer>> Offers);
