using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.Components.Charts;

namespace SegmentIQ.Web.Components.Pages.Summary;

/// <summary>
/// The one-page executive summary: data and cleaning headline, the segmentation and its quality, persona cards with
/// KPIs, the key charts, recommended actions and (when given) the top product rules. Printable through the browser.
/// </summary>
public partial class ExecutiveSummaryPage
{
    /// <summary>
    /// Points drawn in the summary scatter. Above <see cref="ChartStyle.WebGlThreshold"/> the scatter would switch to
    /// WebGL, which browsers do not print reliably, so the summary draws an evenly spaced subset per segment.
    /// </summary>
    private const int MaxScatterPoints = ChartStyle.WebGlThreshold;

    private PersonaInsights? _charted;
    private ScatterData? _scatter;
    private string? _scatterNote;
    private BarChartData? _revenue;
    private Analytics.Explain.CentroidDifferences? _differences;

    // An executive page lists a handful of rules; the full list goes to the Excel report.
    private const int SummaryRuleCount = 15;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    /// <summary>
    /// The top association rules to show in a "Top product rules" section (and in the Excel export); null or empty
    /// hides the section. Wired by the host once basket analysis runs in the session.
    /// </summary>
    [Parameter] public IReadOnlyList<ReportRule>? TopRules { get; set; }

    /// <summary>
    /// The rules shown: the ones given, else the whole dataset's rules at the current thresholds (mined for the summary
    /// when Market Basket was never opened), whatever segment or file that page is filtered to.
    /// </summary>
    private IReadOnlyList<ReportRule>? Rules => TopRules ?? (Session.ReportRules is { Count: > 0 } mined ? mined : null);

    private PersonaInsights? Insights { get; set; }

    /// <summary>The products each segment is offered most, once the recommender is mined (transaction data only).</summary>
    private IReadOnlyDictionary<int, IReadOnlyList<Analytics.Recommendations.SegmentOffer>>? Offers => Session.ReportRecommendations?.Offers;

    private DateTimeOffset GeneratedAt { get; } = DateTimeOffset.UtcNow;

    private bool HasRevenue => Insights?.Kpis.Overall.Revenue is not null;

    private string ScatterTitle => Session.Space is { } space
        ? $"Customers on the first two principal components ({Shared.Format.Percent(space.Pca.CumulativeExplainedVarianceRatio[Math.Min(1, space.Pca.NumberOfComponents - 1)], 0)} of the variance)"
        : "Customers";

    /// <inheritdoc />
    protected override void OnParametersSet() => Refresh();

    /// <inheritdoc />
    protected override void OnSessionStateChanged() => Refresh();

    private async Task PrintAsync() => await JS.InvokeVoidAsync("siqPrint");

    /// <summary>A difference an A/B plan detects: rate points for conversion, money (with the currency symbol) for order value.</summary>
    private string AbDifference(bool conversion, double difference) =>
        conversion ? $"+{Shared.Format.Percent(difference, 2)}" : $"+{Session.Currency?.Symbol}{Shared.Format.Number(difference, 2)}";

    private void Refresh()
    {
        _ = Session.EnsureReportRulesAsync();
        _ = Session.EnsureLifetimeAsync();
        _ = Session.EnsureImportanceAsync();
        _ = Session.EnsureRecommenderAsync();
        Insights = Session.Insights;
        var space = Session.Space;
        if (Insights is null || space is null || ReferenceEquals(Insights, _charted) || !ReferenceEquals(space.Table, Insights.Table))
        {
            return;
        }

        _charted = Insights;
        (_scatter, _scatterNote) = BuildScatter(space, Insights);
        _revenue = BuildRevenue(Insights);
        _differences = Analytics.Explain.CentroidDifferences.Compute(space.Features.Matrix, Insights.Segmentation.Labels, Insights.Segmentation.NumberOfClusters);
    }

    /// <summary>"541,909 rows read; 397,884 purchase lines kept (…); 4,338 customers."</summary>
    internal static string DataHeadline(LoadedDataset dataset)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Shared.Format.Count(dataset.RowsRead)} rows read from {dataset.Name}");
        if (dataset.Cleaning is { } cleaning)
        {
            var removed = cleaning.Removed.Where(r => r.Count > 0).OrderByDescending(r => r.Count).ToList();
            text.Append(CultureInfo.InvariantCulture, $"; {Shared.Format.Count(cleaning.RowsKept)} purchase lines kept");
            if (removed.Count > 0)
            {
                text.Append(" after removing ")
                    .Append(string.Join(", ", removed.Select(r => $"{Shared.Format.Count(r.Count)} {LowerFirst(r.Description)}")));
            }

            text.Append(CultureInfo.InvariantCulture, $"; {Shared.Format.Count(dataset.Features.Count)} customers, {Shared.Format.Count(cleaning.Invoices)} invoices.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"; {Shared.Format.Count(dataset.Features.Count)} customers with {string.Join(", ", dataset.Features.Columns.Select(c => c.Name))}.");
        }

        return text.ToString();
    }

    // "Cancellation lines (invoice starting with C)" inside a sentence: only the first letter drops its capital.
    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>"Customers are expected to be worth 1.2 m over the next 12 months; 812 (19 %) are at risk, …"</summary>
    internal static string LifetimeHeadline(IReadOnlyList<Analytics.Lifetime.SegmentLifetime> segments, Analytics.Lifetime.LifetimeFit fit)
    {
        var customers = segments.Sum(s => s.Customers);
        var atRisk = segments.Sum(s => s.AtRisk);
        var clv = segments.Sum(s => s.ClvTotal);
        var top = segments.Where(s => s.Label >= 0 && double.IsFinite(s.ClvMean)).OrderByDescending(s => s.ClvMean).FirstOrDefault();
        var text = new StringBuilder();
        if (double.IsFinite(clv))
        {
            text.Append(CultureInfo.InvariantCulture, $"The {Shared.Format.Count(customers)} customers are expected to be worth {Shared.Format.Money(clv)} (CLV). ");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"CLV is not available: {fit.SpendUnavailable} ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{Shared.Format.Count(atRisk)} ({Shared.Format.Percent(customers == 0 ? 0 : atRisk / (double)customers)}) are at risk of having left");
        text.Append(top is null ? "." : $"; {top.Name} is worth the most per customer ({Shared.Format.Money(top.ClvMean)}).");
        return text.ToString();
    }

    /// <summary>At-risk personas first (their revenue is the most urgent), then by size; noise last.</summary>
    internal static IEnumerable<Persona> ActionOrder(PersonaInsights insights) =>
        insights.Personas.Personas
            .OrderBy(p => p.IsNoise)
            .ThenByDescending(p => p.IsAtRisk)
            .ThenByDescending(p => p.RevenueShare ?? p.Share);

    private static (ScatterData Data, string? Note) BuildScatter(ClusteringSpace space, PersonaInsights insights)
    {
        var scores = space.Pca.Scores;
        var labels = insights.Segmentation.Labels;
        var step = Math.Max(1, (int)Math.Ceiling(labels.Count / (double)MaxScatterPoints));
        var series = new List<ScatterSeries>();
        var shown = 0;
        foreach (var group in labels.Select((label, row) => (label, row)).GroupBy(x => x.label).OrderBy(g => g.Key < 0 ? int.MaxValue : g.Key))
        {
            // Every step-th customer of each segment: the picture keeps each segment's shape and relative size.
            var rows = group.Select(x => x.row).Where((_, i) => i % step == 0).ToArray();
            shown += rows.Length;
            series.Add(new ScatterSeries(
                insights.Personas.NameOf(group.Key),
                rows.Select(r => scores[r, 0]).ToArray(),
                rows.Select(r => scores.Columns > 1 ? scores[r, 1] : 0.0).ToArray(),
                ChartStyle.SegmentColor(group.Key),
                rows.Select(r => $"Customer {insights.Table.CustomerIds[r]}\n{insights.Personas.NameOf(group.Key)}").ToArray(),
                MarkerSize: 5));
        }

        var note = step > 1
            ? $"Every {SegmentIQ.Analytics.Reporting.Wording.Ordinal(step)} customer of each segment is drawn ({Shared.Format.Count(shown)} of {Shared.Format.Count(labels.Count)}) so the chart prints sharply."
            : null;
        return (new ScatterData(series, "PC1", "PC2"), note);
    }

    private static BarChartData BuildRevenue(PersonaInsights insights)
    {
        var personas = insights.Personas.Personas;
        var hasRevenue = insights.Kpis.Overall.Revenue is not null;
        var values = personas.Select(p => hasRevenue ? insights.Kpis.ForLabel(p.Label)?.Revenue ?? 0 : p.Customers).ToList();
        var hover = personas.Select(p => hasRevenue
            ? $"{p.Name}\nRevenue {Shared.Format.Money(insights.Kpis.ForLabel(p.Label)?.Revenue)} ({Shared.Format.Percent(p.RevenueShare)})"
            : $"{p.Name}\n{Shared.Format.Count(p.Customers)} customers ({Shared.Format.Percent(p.Share)})").ToList();
        return new BarChartData(
            personas.Select(p => p.Name).ToList(),
            [new BarSeries(hasRevenue ? "Revenue" : "Customers", values, personas.Select(p => ChartStyle.SegmentColor(p.Label)).ToList(), hover)],
            hasRevenue ? "Revenue" : "Customers",
            Horizontal: true);
    }
}
