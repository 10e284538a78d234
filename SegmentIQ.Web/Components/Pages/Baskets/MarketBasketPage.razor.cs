using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.Components.Charts;
using SegmentIQ.Web.Components.Shared;

namespace SegmentIQ.Web.Components.Pages.Baskets;

/// <summary>
/// The Market Basket page: mining controls, a sortable/searchable rules table with CSV export, per-segment products and
/// rules, the rules network, the rules scatter, the co-occurrence heatmap and the top products.
/// </summary>
public partial class MarketBasketPage
{
    /// <summary>Positions of the log-scale support slider.</summary>
    public const int SupportSteps = 1000;

    /// <summary>Largest minimum support offered.</summary>
    public const double MaxSupport = 0.2;

    /// <summary>Rows per page of the rules table.</summary>
    public const int PageSize = 25;

    private const int NetworkRules = 40;
    private const int ScatterRules = 3000;
    private const int HeatmapProducts = 15;
    private const int TopProducts = 20;

    private static readonly (RuleMeasure Measure, string Title)[] Columns =
    [
        (RuleMeasure.Support, "Support"),
        (RuleMeasure.Confidence, "Confidence"),
        (RuleMeasure.Lift, "Lift"),
        (RuleMeasure.Leverage, "Leverage"),
        (RuleMeasure.Conviction, "Conviction"),
    ];

    /// <summary>How much stronger a rule must be in a segment to be listed as distinctive of it.</summary>
    private static readonly double DistinctiveRatio = new SegmentBasketOptions().MinDistinctiveLiftRatio;

    private BasketMiningResult? _charted;

    /// <summary>"Segment 2 · Loyal": the one way a segment is named on every page.</summary>
    private string SegmentName(int label) => SegmentIQ.Analytics.Personas.SegmentNames.Display(label, Session.Insights?.Personas);
    private BasketDatabase? _chartedBaskets;
    private NetworkData? _network;
    private RuleScatterData? _scatter;
    private CooccurrenceData? _heatmap;
    private BarChartData? _topProducts;
    private RuleMeasure _sort = RuleMeasure.Lift;
    private bool _descending = true;
    private string _query = "";
    private int _page;
    private int[] _order = [];
    private (AssociationRules?, RuleMeasure, bool, string) _orderKey;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    private static IEnumerable<(RuleMeasure Measure, string Title)> MeasureColumns => Columns;

    private BasketSettings Settings => Session.BasketSettings;

    private BasketMiningResult? Result => Session.BasketResult;

    /// <summary>Number of baskets the support slider is computed against (the result's baskets, else the source's).</summary>
    private int BasketCount => Result?.Baskets.BasketCount ?? Session.BasketFile?.Baskets.BasketCount ?? 1000;

    /// <summary>The slider's lowest support: 3 baskets, so even rare pairs can be explored.</summary>
    private double MinSupportValue => Math.Min(MaxSupport / 10, 3.0 / Math.Max(1, BasketCount));

    private int MinSupportBaskets => (int)Math.Ceiling(MinSupportValue * BasketCount);

    private int SupportBaskets => (int)Math.Ceiling(Settings.MinSupport * BasketCount);

    private double SupportPosition => Math.Clamp(
        Math.Round(SupportSteps * Math.Log(Settings.MinSupport / MinSupportValue) / Math.Log(MaxSupport / MinSupportValue)), 0, SupportSteps);

    private int FilteredCount => _order.Length;

    private int PageCount => Math.Max(1, (FilteredCount + PageSize - 1) / PageSize);

    private string RangeText => $"Rules {Format.Count(Math.Min(FilteredCount, (_page * PageSize) + 1))}–{Format.Count(Math.Min(FilteredCount, (_page + 1) * PageSize))} of {Format.Count(FilteredCount)}";

    private string EmptyMessage => Result is null
        ? Session.BasketError is null ? "Mining…" : "No rules: see the message on the left."
        : Result.Rules is null
            ? "This segment has too few baskets to mine."
            : _query.Length > 0 ? $"No rule mentions “{_query}”." : "No rule reaches these thresholds: lower the minimum support, confidence or lift.";

    private string NetworkTitle => $"The {Math.Min(NetworkRules, Result?.RuleCount ?? 0)} strongest rules by lift (edge width ∝ lift)";

    private IEnumerable<AssociationRule> PageRules
    {
        get
        {
            // The rules the order was computed for: a render can run after the session has a newer result but before
            // Refresh has ordered it (a newer result with fewer rules made the old order read past its end and ended
            // the circuit during a fast min-support drag).
            var rules = _orderKey.Item1;
            if (rules is null)
            {
                yield break;
            }

            var from = _page * PageSize;
            for (var i = from; i < Math.Min(_order.Length, from + PageSize); i++)
            {
                yield return rules.Rule(_order[i]);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        await base.OnInitializedAsync();
        Refresh();
        _ = Session.EnsureBasketsAsync();
    }

    /// <inheritdoc />
    protected override void OnSessionStateChanged()
    {
        Refresh();
        if (!Session.IsMiningBaskets)
        {
            _ = Session.EnsureBasketsAsync();
        }
    }

    /// <summary>The minimum support of slider position <paramref name="position"/> (log scale between the bounds).</summary>
    public static double SupportAt(double position, int basketCount)
    {
        var low = Math.Min(MaxSupport / 10, 3.0 / Math.Max(1, basketCount));
        return low * Math.Pow(MaxSupport / low, Math.Clamp(position, 0, SupportSteps) / SupportSteps);
    }

    private Task Apply(BasketSettings settings) => settings == Settings ? Task.CompletedTask : Session.UpdateBasketSettingsAsync(settings);

    private Task OnSupportPositionChanged(double position) => Apply(Settings with { MinSupport = SupportAt(position, BasketCount) });

    private Task OnConfidenceChanged(double value) => Apply(Settings with { MinConfidence = Math.Clamp(Math.Round(value, 2), 0, 1) });

    private Task OnLiftChanged(double value) => Apply(Settings with { MinLift = Math.Max(0, Math.Round(value, 1)) });

    private Task OnMaxLengthChanged(int value) => Apply(Settings with { MaxLength = value });

    private Task OnGroupingChanged(BasketGrouping grouping) => Apply(Settings with { Grouping = grouping });

    private Task OnConsequentsChanged(RuleConsequents consequents) => Apply(Settings with { Consequents = consequents });

    private Task OnSegmentChanged(int segment) => Apply(Settings with { Segment = segment < 0 ? null : segment });

    private Task OnSourceChanged(BasketSource source) => Apply(Settings with { Source = source, Segment = source == BasketSource.BasketFile ? null : Settings.Segment });

    private void OnQueryChanged(string? query)
    {
        _query = (query ?? "").Trim();
        _page = 0;
        Refresh();
    }

    private void SortBy(RuleMeasure measure)
    {
        _descending = measure != _sort || !_descending;
        _sort = measure;
        _page = 0;
        Refresh();
    }

    private string SortArrow(RuleMeasure measure) => measure != _sort ? "" : _descending ? "↓" : "↑";

    private static string Conviction(double value) => double.IsPositiveInfinity(value) ? "∞" : Format.Number(value, 2);

    private async Task ExportCsvAsync()
    {
        if (Result?.Rules is not { } rules)
        {
            return;
        }

        var csv = RulesCsv(rules, _order);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        using var reference = new DotNetStreamReference(stream, leaveOpen: false);
        var name = $"segmentiq-rules{(Settings.Segment is { } s ? $"-segment-{s + 1}" : "")}.csv";
        await JS.InvokeVoidAsync("siqDownload", name, reference, "text/csv;charset=utf-8");
    }

    /// <summary>
    /// The CSV of the given rules in the given order. Written by <see cref="CsvExport"/>, which neutralises product names
    /// that a spreadsheet would run as formulas (<c>=HYPERLINK(…)</c>).
    /// </summary>
    public static string RulesCsv(AssociationRules rules, IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(order);
        string[] headers = ["antecedent", "consequent", "support", "confidence", "lift", "leverage", "conviction"];
        return CsvExport.ToCsv(headers, order.Select(i =>
        {
            var rule = rules.Rule(i);
            return (IReadOnlyList<object?>)
            [
                string.Join(" + ", rule.AntecedentLabels),
                string.Join(" + ", rule.ConsequentLabels),
                rule.Support,
                rule.Confidence,
                rule.Lift,
                rule.Leverage,
                double.IsPositiveInfinity(rule.Conviction) ? "inf" : rule.Conviction,
            ];
        }));
    }

    /// <summary>Rule indices matching <paramref name="query"/> (any product of the rule), sorted by <paramref name="measure"/>.</summary>
    public static int[] Order(AssociationRules rules, RuleMeasure measure, bool descending, string query)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(query);
        var db = rules.Baskets;
        bool[]? matches = null;
        if (query.Length > 0)
        {
            // Match items once, then rules by item code: a keystroke costs O(items + rule items), not O(rules × text).
            matches = new bool[db.ItemCount];
            for (var item = 0; item < db.ItemCount; item++)
            {
                matches[item] = db.DisplayLabel(item).Contains(query, StringComparison.OrdinalIgnoreCase)
                    || db.ItemLabels[item].Contains(query, StringComparison.OrdinalIgnoreCase);
            }
        }

        var indices = new List<int>(rules.Count);
        for (var i = 0; i < rules.Count; i++)
        {
            if (matches is null || Any(rules.Antecedent(i), matches) || Any(rules.Consequent(i), matches))
            {
                indices.Add(i);
            }
        }

        var order = indices.ToArray();
        var keys = new double[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var v = rules.Measure(measure, order[i]);
            keys[i] = descending ? -v : v;
        }

        // Stable on ties (rule order) so paging through equal lifts never repeats or skips a row.
        var positions = Enumerable.Range(0, order.Length).ToArray();
        Array.Sort(positions, (a, b) =>
        {
            var c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return Array.ConvertAll(positions, p => order[p]);
    }

    private static bool Any(ReadOnlySpan<int> items, bool[] matches)
    {
        foreach (var item in items)
        {
            if (matches[item])
            {
                return true;
            }
        }

        return false;
    }

    private void Refresh()
    {
        var result = Result;
        var rules = result?.Rules;
        var key = (rules, _sort, _descending, _query);
        if (key != _orderKey)
        {
            if (!ReferenceEquals(rules, _orderKey.Item1))
            {
                _page = 0;
            }

            _orderKey = key;
            _order = rules is null ? [] : Order(rules, _sort, _descending, _query);
        }

        _page = Math.Clamp(_page, 0, PageCount - 1);
        if (result is null || ReferenceEquals(result, _charted))
        {
            return;
        }

        _charted = result;
        _network = rules is null ? null : BuildNetwork(rules);
        _scatter = rules is null ? null : BuildScatter(rules);
        if (!ReferenceEquals(result.Baskets, _chartedBaskets))
        {
            _chartedBaskets = result.Baskets;
            _heatmap = BuildHeatmap(result.Baskets);
            _topProducts = BuildTopProducts(result.Baskets);
        }
    }

    private static string RuleText(AssociationRule rule) =>
        $"{string.Join(" + ", rule.AntecedentLabels)} → {string.Join(" + ", rule.ConsequentLabels)}\n"
        + $"support {Format.Percent(rule.Support, 2)}, confidence {Format.Percent(rule.Confidence, 1)}, lift {Format.Number(rule.Lift, 2)}";

    private static NetworkData BuildNetwork(AssociationRules rules)
    {
        var db = rules.Baskets;
        var nodes = new List<NetworkNode>();
        var nodeOf = new Dictionary<int, int>();
        var edges = new List<NetworkEdge>();
        int Node(int item)
        {
            if (!nodeOf.TryGetValue(item, out var node))
            {
                node = nodes.Count;
                nodeOf[item] = node;
                var label = db.DisplayLabel(item);
                nodes.Add(new NetworkNode(label, $"{label} ({db.ItemLabels[item]})\nin {Format.Count(db.ItemCounts[item])} baskets", db.ItemCounts[item]));
            }

            return node;
        }

        foreach (var i in rules.Top(RuleMeasure.Lift, NetworkRules))
        {
            var rule = rules.Rule(i);

            // A multi-item side is drawn from/to each of its products: the graph stays product-to-product.
            foreach (var a in rule.Antecedent)
            {
                foreach (var c in rule.Consequent)
                {
                    edges.Add(new NetworkEdge(Node(a), Node(c), rule.Lift, RuleText(rule)));
                }
            }
        }

        return new NetworkData(nodes, edges, "lift");
    }

    private static RuleScatterData BuildScatter(AssociationRules rules)
    {
        var top = rules.Count <= ScatterRules ? Enumerable.Range(0, rules.Count).ToArray() : rules.Top(RuleMeasure.Lift, ScatterRules);
        var x = new double[top.Length];
        var y = new double[top.Length];
        var c = new double[top.Length];
        var hover = new string[top.Length];
        for (var k = 0; k < top.Length; k++)
        {
            var i = top[k];
            x[k] = rules.Support[i];
            y[k] = rules.Confidence[i];
            c[k] = rules.Lift[i];
            hover[k] = RuleText(rules.Rule(i));
        }

        return new RuleScatterData(x, y, c, hover, "Support (log scale)", "Confidence", "Lift", LogX: true, PercentAxes: true);
    }

    /// <summary>
    /// Pairwise basket counts of the most frequent products (diagonal = the product's own count). Baskets reduced at a
    /// source count a pair exactly only from <see cref="BasketDatabase.PairMinCount"/> up; below it the hover says so.
    /// </summary>
    public static CooccurrenceData BuildHeatmap(BasketDatabase db, int products = HeatmapProducts)
    {
        ArgumentNullException.ThrowIfNull(db);
        var top = Enumerable.Range(0, db.ItemCount).OrderByDescending(i => db.ItemCounts[i]).ThenBy(i => i).Take(products).ToArray();
        var n = top.Length;
        var position = new Dictionary<int, int>(n);
        for (var k = 0; k < n; k++)
        {
            position[top[k]] = k;
        }

        var counts = new double[n * n];
        Span<int> present = stackalloc int[n];
        for (var b = 0; b < db.BasketCount; b++)
        {
            var m = 0;
            foreach (var item in db.Basket(b))
            {
                if (position.TryGetValue(item, out var p))
                {
                    present[m++] = p;
                }
            }

            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    counts[(present[i] * n) + present[j]]++;
                }
            }
        }

        var labels = top.Select(db.DisplayLabel).ToArray();
        var hover = new string[n * n];
        for (var i = 0; i < n; i++)
        {
            counts[(i * n) + i] = db.ItemCounts[top[i]];
            for (var j = 0; j < n; j++)
            {
                var count = (long)counts[(i * n) + j];
                hover[(i * n) + j] = i == j
                    ? $"{labels[i]}\nin {Format.Count(count)} baskets"
                    : db.IsPairReduced && count < db.PairMinCount
                        ? $"{labels[i]}\n+ {labels[j]}\ntogether in fewer than {Format.Count(db.PairMinCount)} baskets (the source counted pairs from there up)"
                        : $"{labels[i]}\n+ {labels[j]}\ntogether in {Format.Count(count)} baskets";
            }
        }

        return new CooccurrenceData(labels, counts, hover, "Baskets");
    }

    private static BarChartData BuildTopProducts(BasketDatabase db)
    {
        var top = Enumerable.Range(0, db.ItemCount).OrderByDescending(i => db.ItemCounts[i]).ThenBy(i => i).Take(TopProducts).ToArray();
        var total = Math.Max(1, db.BasketCount);
        return new BarChartData(
            CooccurrenceHeatmap.UniqueShortLabels(top.Select(db.DisplayLabel).ToList()),
            [new BarSeries(
                "Baskets",
                top.Select(i => (double)db.ItemCounts[i]).ToList(),
                HoverText: top.Select(i => $"{db.DisplayLabel(i)} ({db.ItemLabels[i]})\n{Format.Count(db.ItemCounts[i])} baskets ({Format.Percent(db.ItemCounts[i] / (double)total, 1)})").ToList())],
            "Baskets containing the product",
            Horizontal: true);
    }
}
