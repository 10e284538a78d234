using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// What the Personas and Summary pages show about one segmentation: the personas, KPIs that include revenue at risk
/// (which needs the personas), and the RFM-score baseline when the table has Recency, Frequency and Monetary.
/// </summary>
/// <param name="Segmentation">The segmentation these were derived from (the cache key).</param>
/// <param name="Table">The customers the segmentation labels, row-aligned with its labels.</param>
/// <param name="Personas">One persona per segment (noise last).</param>
/// <param name="Kpis">KPIs per segment, computed with the personas so revenue at risk is known.</param>
/// <param name="Rfm">RFM quintile scores per customer, or null for customer tables without RFM.</param>
/// <param name="CrossTab">Customers per (RFM segment, segment label), or null without RFM.</param>
/// <param name="RfmUnavailableReason">Why <paramref name="Rfm"/> is null, for the page to show.</param>
public sealed record PersonaInsights(
    SegmentationResult Segmentation,
    CustomerFeatureTable Table,
    PersonaSet Personas,
    SegmentKpiReport Kpis,
    RfmScoreTable? Rfm,
    RfmCrossTab? CrossTab,
    string? RfmUnavailableReason)
{
    /// <summary>The corrections of the columns' business roles the personas were named with (the rest of the cache key).</summary>
    public BusinessRoleMap Roles { get; init; } = BusinessRoleMap.None;

    /// <summary>Derives the personas, KPIs and RFM baseline of a segmentation of <paramref name="table"/>.</summary>
    public static PersonaInsights Derive(CustomerFeatureTable table, SegmentationResult segmentation, CancellationToken cancellationToken = default) =>
        Derive(table, segmentation, BusinessRoleMap.None, cancellationToken);

    /// <summary>
    /// <see cref="Derive(CustomerFeatureTable, SegmentationResult, CancellationToken)"/> with the user's corrections of
    /// the business roles of a customer table's columns (ignored for tables with Recency, Frequency and Monetary).
    /// </summary>
    public static PersonaInsights Derive(CustomerFeatureTable table, SegmentationResult segmentation, BusinessRoleMap roles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(roles);
        if (segmentation.Labels.Count != table.Count)
        {
            throw new ArgumentException($"The segmentation has {segmentation.Labels.Count} labels for {table.Count} customers.", nameof(segmentation));
        }

        var personas = PersonaNamer.Describe(table, segmentation.Labels, roles.ResolveFor(table), cancellationToken);
        var kpis = SegmentKpis.Compute(table, segmentation.Labels, personas);
        var missing = new[] { FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary }.Where(n => !table.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            return new PersonaInsights(
                segmentation,
                table,
                personas,
                kpis,
                null,
                null,
                $"The RFM-score grid needs Recency, Frequency and Monetary per customer; this dataset has no {string.Join(", ", missing)} column (it is a customer table, not purchase lines), so personas are named from its own columns.") { Roles = roles };
        }

        var rfm = RfmScores.Compute(table);
        return new PersonaInsights(segmentation, table, personas, kpis, rfm, RfmScores.CrossTabulate(rfm, segmentation.Labels), null) { Roles = roles };
    }
}
