using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Baskets;

/// <summary>Options of <see cref="SegmentBasketAnalysis"/>.</summary>
public sealed record SegmentBasketOptions
{
    /// <summary>One basket per invoice (default) or per customer.</summary>
    public BasketGrouping Grouping { get; init; } = BasketGrouping.Invoice;

    /// <summary>Mining options applied inside each segment (MinSupport is a fraction of the segment's baskets).</summary>
    public FrequentItemsetOptions Itemsets { get; init; } = new() { MinSupport = 0.01 };

    /// <summary>Rule options applied inside each segment.</summary>
    public RuleOptions Rules { get; init; } = new() { MinConfidence = 0.3 };

    /// <summary>How many over- and under-indexed products and distinctive rules to report per segment (&gt;= 1).</summary>
    public int Top { get; init; } = 20;

    /// <summary>Segments with fewer baskets than this (&gt;= 1) are reported without mining, with a warning.</summary>
    public int MinSegmentBaskets { get; init; } = 30;

    /// <summary>
    /// A rule is distinctive of a segment only when its lift there is at least this multiple (&gt; 1) of its lift over
    /// all customers; 1.2 means 20 % stronger.
    /// </summary>
    public double MinDistinctiveLiftRatio { get; init; } = 1.2;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad field and its allowed range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Grouping))
        {
            throw new ArgumentOutOfRangeException(nameof(Grouping), Grouping, "Grouping must be Invoice or Customer.");
        }

        ArgumentNullException.ThrowIfNull(Itemsets, nameof(Itemsets));
        ArgumentNullException.ThrowIfNull(Rules, nameof(Rules));
        Itemsets.Validate();
        Rules.Validate();
        if (Top < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be at least 1.");
        }

        if (!(MinDistinctiveLiftRatio > 1) || double.IsInfinity(MinDistinctiveLiftRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDistinctiveLiftRatio), MinDistinctiveLiftRatio, "MinDistinctiveLiftRatio must be a finite number above 1.");
        }

        if (MinSegmentBaskets < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSegmentBaskets), MinSegmentBaskets, "MinSegmentBaskets must be at least 1.");
        }
    }
}

/// <summary>
/// A product's support inside a segment against the whole population. <see cref="Index"/> is the ratio of the two
/// supports (1 = as common as everywhere, 2 = twice as common); it equals the product's share of the segment's
/// baskets divided by its share of all baskets.
/// </summary>
public sealed record ProductIndex(
    int Item,
    string Label,
    string DisplayLabel,
    int SegmentCount,
    double SegmentSupport,
    double PopulationSupport,
    double Index);

/// <summary>A rule found in a segment with the same rule's measures over the whole population.</summary>
public sealed record SegmentRuleContrast(
    AssociationRule Rule,
    double PopulationSupport,
    double PopulationConfidence,
    double PopulationLift,
    double LiftRatio);

/// <summary>What the baskets of one segment's customers show.</summary>
public sealed class SegmentBasketProfile
{
    internal SegmentBasketProfile(
        int label,
        int customers,
        BasketDatabase baskets,
        FrequentItemsets? itemsets,
        AssociationRules? rules,
        IReadOnlyList<ProductIndex> overIndexed,
        IReadOnlyList<ProductIndex> underIndexed,
        IReadOnlyList<SegmentRuleContrast> distinctiveRules,
        IReadOnlyList<string> warnings)
    {
        Label = label;
        Customers = customers;
        Baskets = baskets;
        Itemsets = itemsets;
        Rules = rules;
        OverIndexedProducts = overIndexed;
        UnderIndexedProducts = underIndexed;
        DistinctiveRules = distinctiveRules;
        Warnings = warnings;
    }

    /// <summary>The segment label.</summary>
    public int Label { get; }

    /// <summary>Number of customers of the segment who have baskets.</summary>
    public int Customers { get; }

    /// <summary>The segment's baskets (same item codes as the population).</summary>
    public BasketDatabase Baskets { get; }

    /// <summary>Frequent itemsets inside the segment (null when the segment was too small to mine).</summary>
    public FrequentItemsets? Itemsets { get; }

    /// <summary>Rules inside the segment (null when the segment was too small to mine).</summary>
    public AssociationRules? Rules { get; }

    /// <summary>Products frequent in the segment that are most over-represented there, highest index first.</summary>
    public IReadOnlyList<ProductIndex> OverIndexedProducts { get; }

    /// <summary>Products frequent in the population that are most under-represented in the segment, lowest index first.</summary>
    public IReadOnlyList<ProductIndex> UnderIndexedProducts { get; }

    /// <summary>Segment rules whose lift most exceeds the same rule's lift over the population.</summary>
    public IReadOnlyList<SegmentRuleContrast> DistinctiveRules { get; }

    /// <summary>Caveats (segment too small, limits reached).</summary>
    public IReadOnlyList<string> Warnings { get; }
}

/// <summary>The per-segment basket analysis of all segments.</summary>
public sealed class SegmentBasketReport
{
    internal SegmentBasketReport(BasketDatabase population, IReadOnlyList<SegmentBasketProfile> segments, IReadOnlyList<string> warnings)
    {
        Population = population;
        Segments = segments;
        Warnings = warnings;
    }

    /// <summary>The baskets of all labelled customers (customers labelled -1 are left out).</summary>
    public BasketDatabase Population { get; }

    /// <summary>One profile per segment label present, in label order.</summary>
    public IReadOnlyList<SegmentBasketProfile> Segments { get; }

    /// <summary>Caveats about the whole analysis.</summary>
    public IReadOnlyList<string> Warnings { get; }
}

/// <summary>
/// Mines baskets within each customer segment and contrasts them with the whole population ("over-index" analysis):
/// which products and rules are characteristic of a segment.
/// </summary>
public static class SegmentBasketAnalysis
{
    private const int MaxContrastedRules = 20_000;

    /// <summary>
    /// Builds the baskets from <paramref name="table"/> and analyses each segment. <paramref name="customerLabels"/>
    /// gives a segment per customer code (aligned to <c>table.Pools.Customers</c>), -1 to leave the customer out.
    /// </summary>
    public static SegmentBasketReport Analyze(
        TransactionTable table,
        IReadOnlyList<int> customerLabels,
        SegmentBasketOptions? options = null,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(customerLabels);
        options ??= new SegmentBasketOptions();
        options.Validate();
        if (customerLabels.Count != table.Pools.Customers.Count)
        {
            throw new ArgumentException(
                $"customerLabels has {customerLabels.Count} entries but the table has {table.Pools.Customers.Count} customers: give one label per customer code (-1 to skip).",
                nameof(customerLabels));
        }

        var baskets = TransactionBaskets.Build(table, options.Grouping, cancellationToken);
        return Analyze(baskets, customerLabels, options, progress, cancellationToken);
    }

    /// <summary>
    /// Analyses each segment of baskets already built from transactions (they carry their customer codes).
    /// </summary>
    public static SegmentBasketReport Analyze(
        BasketDatabase baskets,
        IReadOnlyList<int> customerLabels,
        SegmentBasketOptions? options = null,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        ArgumentNullException.ThrowIfNull(customerLabels);
        options ??= new SegmentBasketOptions();
        options.Validate();
        var (population, byLabel, warnings) = Partition(baskets, customerLabels);
        var profiles = new List<SegmentBasketProfile>(byLabel.Count);
        var done = 0;
        foreach (var (label, indices) in byLabel)
        {
            cancellationToken.ThrowIfCancellationRequested();
            profiles.Add(Profile(population, label, indices.ToArray(), options, cancellationToken));
            progress?.Report(++done / (double)byLabel.Count);
        }

        return new SegmentBasketReport(population, profiles, warnings);
    }

    /// <summary>
    /// Analyses one segment only (e.g. the segment selected in the UI), against the population of all labelled customers.
    /// </summary>
    public static SegmentBasketProfile AnalyzeSegment(
        BasketDatabase baskets,
        IReadOnlyList<int> customerLabels,
        int label,
        SegmentBasketOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        ArgumentNullException.ThrowIfNull(customerLabels);
        options ??= new SegmentBasketOptions();
        options.Validate();
        var (population, byLabel, _) = Partition(baskets, customerLabels);
        if (!byLabel.TryGetValue(label, out var indices))
        {
            throw new ArgumentException($"No basket belongs to a customer of {SegmentNames.Label(label)}.", nameof(label));
        }

        return Profile(population, label, indices.ToArray(), options, cancellationToken);
    }

    /// <summary>Population = baskets of labelled customers; per label, the positions of its baskets in the population.</summary>
    private static (BasketDatabase Population, SortedDictionary<int, List<int>> ByLabel, List<string> Warnings) Partition(
        BasketDatabase baskets, IReadOnlyList<int> customerLabels)
    {
        var customers = baskets.BasketCustomers
            ?? throw new ArgumentException("These baskets carry no customers (read from a basket file?): per-segment analysis needs baskets built from transactions.", nameof(baskets));
        var byLabel = new SortedDictionary<int, List<int>>();
        var popIndices = new List<int>(baskets.BasketCount);
        for (var b = 0; b < baskets.BasketCount; b++)
        {
            var c = customers[b];
            if ((uint)c >= (uint)customerLabels.Count)
            {
                throw new ArgumentException($"Basket {b} belongs to customer code {c}, outside the {customerLabels.Count} labels given.", nameof(customerLabels));
            }

            var label = customerLabels[c];
            if (label < -1)
            {
                throw new ArgumentException($"customerLabels[{c}] = {label}: labels are segment numbers >= 0, or -1 to skip.", nameof(customerLabels));
            }

            if (label < 0)
            {
                continue;
            }

            popIndices.Add(b);
            if (!byLabel.TryGetValue(label, out var list))
            {
                byLabel[label] = list = [];
            }

            list.Add(popIndices.Count - 1);
        }

        if (popIndices.Count == 0)
        {
            throw new ArgumentException("No basket belongs to a labelled customer: every label is -1 or the customers have no baskets.", nameof(customerLabels));
        }

        var population = popIndices.Count == baskets.BasketCount ? baskets : baskets.Subset(popIndices.ToArray());
        return (population, byLabel, [.. baskets.Warnings]);
    }

    private static SegmentBasketProfile Profile(BasketDatabase population, int label, int[] indices, SegmentBasketOptions options, CancellationToken cancellationToken)
    {
        var segment = population.Subset(indices);
        var customers = segment.BasketCustomers!.Distinct().Count();
        var warnings = new List<string>();
        var minCount = options.Itemsets.MinCount(segment.BasketCount);
        var (over, under) = ProductIndices(population, segment, minCount, options.Top);
        if (segment.BasketCount < options.MinSegmentBaskets)
        {
            warnings.Add($"{SegmentNames.Label(label)} has only {segment.BasketCount} baskets (fewer than {options.MinSegmentBaskets}): no rules mined.");
            return new SegmentBasketProfile(label, customers, segment, null, null, over, under, [], warnings);
        }

        var itemsets = new FpGrowth(options.Itemsets).Mine(segment, null, cancellationToken);
        var rules = AssociationRules.Generate(itemsets, options.Rules, null, cancellationToken);
        warnings.AddRange(rules.Warnings);
        var contrasts = Contrast(population, rules, options.Top, options.MinDistinctiveLiftRatio, warnings, cancellationToken);
        return new SegmentBasketProfile(label, customers, segment, itemsets, rules, over, under, contrasts, warnings);
    }

    /// <summary>Over-indexed products among those frequent in the segment; under-indexed among those frequent overall.</summary>
    private static (ProductIndex[] Over, ProductIndex[] Under) ProductIndices(BasketDatabase population, BasketDatabase segment, int minCount, int top)
    {
        var nPop = (double)population.BasketCount;
        var nSeg = (double)segment.BasketCount;
        var popMin = (int)Math.Ceiling(minCount * nPop / nSeg);
        var over = new List<ProductIndex>();
        var under = new List<ProductIndex>();
        for (var i = 0; i < population.ItemCount; i++)
        {
            var cp = population.ItemCounts[i];
            var cs = segment.ItemCounts[i];
            if (cp == 0)
            {
                continue;
            }

            var sp = cp / nPop;
            var ss = cs / nSeg;
            var entry = new ProductIndex(i, population.ItemLabels[i], population.DisplayLabel(i), cs, ss, sp, ss / sp);
            if (cs >= minCount)
            {
                over.Add(entry);
            }

            if (cp >= popMin)
            {
                under.Add(entry);
            }
        }

        over.Sort((a, b) => a.Index != b.Index ? b.Index.CompareTo(a.Index) : b.SegmentCount.CompareTo(a.SegmentCount));
        under.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : b.PopulationSupport.CompareTo(a.PopulationSupport));
        return ([.. over.Where(p => p.Index > 1).Take(top)], [.. under.Where(p => p.Index < 1).Take(top)]);
    }

    /// <summary>
    /// The segment's rules with the largest lift relative to the same rule over the population, keeping only those at
    /// least <paramref name="minRatio"/> times stronger in the segment (a rule no stronger there is not distinctive).
    /// </summary>
    private static SegmentRuleContrast[] Contrast(BasketDatabase population, AssociationRules rules, int top, double minRatio, List<string> warnings, CancellationToken cancellationToken)
    {
        var candidates = rules.Top(RuleMeasure.Lift, MaxContrastedRules);
        if (rules.Count > candidates.Length)
        {
            warnings.Add($"Only the {MaxContrastedRules:N0} rules with the highest lift (of {rules.Count:N0}) were compared with the population.");
        }

        var n = (double)population.BasketCount;
        var scored = new List<(double Ratio, int Rule, double Sxy, double Conf, double Lift)>(candidates.Length);
        Span<int> union = stackalloc int[128];
        foreach (var r in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var x = rules.Antecedent(r);
            var y = rules.Consequent(r);
            if (x.Length + y.Length > union.Length)
            {
                continue;
            }

            x.CopyTo(union);
            y.CopyTo(union[x.Length..]);
            var sxy = population.CountSupport(union[..(x.Length + y.Length)]) / n;
            var sx = population.CountSupport(x) / n;
            var sy = population.CountSupport(y) / n;
            var conf = sxy / sx;
            var lift = conf / sy;
            var ratio = rules.Lift[r] / lift;
            if (ratio >= minRatio)
            {
                scored.Add((ratio, r, sxy, conf, lift));
            }
        }

        scored.Sort((a, b) => a.Ratio != b.Ratio ? b.Ratio.CompareTo(a.Ratio) : a.Rule.CompareTo(b.Rule));
        return [.. scored.Take(top).Select(s => new SegmentRuleContrast(rules.Rule(s.Rule), s.Sxy, s.Conf, s.Lift, s.Ratio))];
    }
}
