using System.Globalization;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Web.Components.Pages.Personas;

/// <summary>The Personas page: a card per persona, the segment treemap, the RFM-score map and the RFM cross-tab.</summary>
public partial class PersonasPage
{
    private PersonaInsights? _charted;
    private TreemapData? _treemapCustomers;
    private TreemapData? _treemapRevenue;
    private RfmGridData? _rfmGrid;
    private bool _byRevenue;

    private PersonaInsights? Insights { get; set; }

    private bool HasRevenue => _treemapRevenue is not null;

    /// <summary>Grid width of a card on large screens: two per row for 2 or 4 personas (no orphan card), else three.</summary>
    private int CardColumns => Insights?.Personas.Personas.Count is 2 or 4 ? 6 : 4;

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    private void SetByRevenue(bool byRevenue) => _byRevenue = byRevenue && HasRevenue;

    /// <summary>Rebuilds chart data only when the segmentation (and so the insights) changed.</summary>
    private Analytics.Lifetime.SegmentLifetime? LifetimeOf(int label) => Session.SegmentLifetimes?.FirstOrDefault(s => s.Label == label);

    private void Refresh()
    {
        // Lifetime value is a fit of a few tens of milliseconds; the cards gain CLV and P(alive) once it lands.
        _ = Session.EnsureLifetimeAsync();
        Insights = Session.Insights;
        if (Insights is null || ReferenceEquals(Insights, _charted))
        {
            return;
        }

        _charted = Insights;
        _treemapCustomers = BuildTreemap(Insights, byRevenue: false);
        _treemapRevenue = Insights.Kpis.Overall.Revenue is null ? null : BuildTreemap(Insights, byRevenue: true);
        _byRevenue &= _treemapRevenue is not null;
        _rfmGrid = Insights.Rfm is { } rfm ? BuildRfmGrid(rfm) : null;
    }

    /// <summary>Tiles per persona; hover shows size, revenue and the segment's RFM means.</summary>
    internal static TreemapData BuildTreemap(PersonaInsights insights, bool byRevenue)
    {
        var items = new List<TreemapItem>();
        foreach (var persona in insights.Personas.Personas)
        {
            var kpi = insights.Kpis.ForLabel(persona.Label);
            var value = byRevenue ? kpi?.Revenue ?? 0 : persona.Customers;
            items.Add(new TreemapItem(persona.Name, value, ChartStyle.SegmentColor(persona.Label), Hover(persona, kpi)));
        }

        var root = byRevenue
            ? $"All customers · revenue {Shared.Format.Money(insights.Kpis.Overall.Revenue)}"
            : $"All customers · {Shared.Format.Count(insights.Table.Count)}";
        return new TreemapData(items, root, byRevenue ? "Revenue" : "Customers");
    }

    private static string Hover(Persona persona, SegmentKpi? kpi)
    {
        var lines = new List<string>
        {
            SegmentNames.Display(persona.Label, persona.Name),
            $"{Shared.Format.Count(persona.Customers)} customers ({Shared.Format.Percent(persona.Share)})",
        };
        if (kpi is not null)
        {
            if (kpi.Revenue is { } revenue)
            {
                lines.Add($"Revenue {Shared.Format.Money(revenue)} ({Shared.Format.Percent(kpi.RevenueShare)})");
            }

            if (kpi.Recency is { } r)
            {
                lines.Add($"Mean recency: {Shared.Format.Number(r.Mean, 0)} days");
            }

            if (kpi.Frequency is { } f)
            {
                lines.Add($"Mean frequency: {Shared.Format.Number(f.Mean, 1)} orders");
            }

            if (kpi.Monetary is { } m)
            {
                lines.Add($"Mean monetary: {Shared.Format.Money(m.Mean)}");
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>Counts per (recency score, frequency score) cell, each cell with its RFM segment.</summary>
    internal static RfmGridData BuildRfmGrid(RfmScoreTable rfm)
    {
        var counts = new int[6, 6];
        for (var i = 0; i < rfm.Count; i++)
        {
            counts[rfm.Recency[i], rfm.Frequency[i]]++;
        }

        var segments = Enum.GetValues<RfmSegment>();
        var cells = new List<RfmGridCell>(25);
        for (var r = 1; r <= 5; r++)
        {
            for (var f = 1; f <= 5; f++)
            {
                var segment = RfmScores.Segment(r, f);
                cells.Add(new RfmGridCell(r, f, counts[r, f], RfmName(segment), Array.IndexOf(segments, segment)));
            }
        }

        return new RfmGridData(cells, segments.Select(s => new RfmGridSegment(RfmName(s), RfmColor(s))).ToList());
    }

    /// <summary>
    /// An RFM class as this page names it, "RFM Loyal": the clustering's personas use the same words ("Segment 2 ·
    /// Loyal") in their segment's colour, and one name in two colours read as one group coloured twice.
    /// </summary>
    internal static string RfmName(RfmSegment segment) => "RFM " + RfmScores.DisplayName(segment);

    /// <summary>A fixed colour per RFM segment: greens for the best, ambers for attention, reds for at risk, greys for gone.</summary>
    internal static string RfmColor(RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "#1b5e20",
        RfmSegment.Loyal => "#43a047",
        RfmSegment.PotentialLoyalist => "#9ccc65",
        RfmSegment.New => "#26a69a",
        RfmSegment.Promising => "#4fc3f7",
        RfmSegment.NeedAttention => "#fdd835",
        RfmSegment.AboutToSleep => "#ffb74d",
        RfmSegment.AtRisk => "#ef6c00",
        RfmSegment.CantLoseThem => "#c62828",
        RfmSegment.Hibernating => "#90a4ae",
        RfmSegment.Lost => "#546e7a",
        _ => ChartStyle.NoiseColor,
    };

    private static int RowTotal(RfmCrossTab crossTab, int row)
    {
        var total = 0;
        for (var c = 0; c < crossTab.Labels.Count; c++)
        {
            total += crossTab.Counts[row, c];
        }

        return total;
    }

    private static string CellStyle(int count, int rowTotal) => rowTotal == 0 || count == 0
        ? ""
        : string.Create(CultureInfo.InvariantCulture, $"background: rgba(21, 101, 192, {0.08 + 0.5 * count / (double)rowTotal:0.###})");
}
