using System.Diagnostics;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>Where the Market Basket page takes its baskets from.</summary>
public enum BasketSource
{
    /// <summary>The invoice lines of the current (customer) dataset.</summary>
    Transactions,

    /// <summary>An uploaded basket-format file (one basket per line, no customers).</summary>
    BasketFile,
}

/// <summary>Mining settings of the Market Basket page; every slider move emits a new value.</summary>
public sealed record BasketSettings
{
    /// <summary>Largest itemset length offered.</summary>
    public const int MaxItemsetLength = 6;

    /// <summary>Cap on itemsets mined, so a very low support cannot exhaust the server's memory.</summary>
    public const int MaxItemsets = 300_000;

    /// <summary>Cap on rules generated.</summary>
    public const int MaxRules = 300_000;

    /// <summary>Which baskets to mine.</summary>
    public BasketSource Source { get; init; } = BasketSource.Transactions;

    /// <summary>Minimum support as a fraction of baskets, in (0, 1].</summary>
    public double MinSupport { get; init; } = 0.02;

    /// <summary>Minimum confidence in [0, 1].</summary>
    public double MinConfidence { get; init; } = 0.3;

    /// <summary>Minimum lift (&gt;= 0).</summary>
    public double MinLift { get; init; } = 1;

    /// <summary>Longest itemset mined, 2..<see cref="MaxItemsetLength"/>.</summary>
    public int MaxLength { get; init; } = 3;

    /// <summary>One basket per invoice or per customer (transactions only).</summary>
    public BasketGrouping Grouping { get; init; } = BasketGrouping.Invoice;

    /// <summary>Single-item or any consequents.</summary>
    public RuleConsequents Consequents { get; init; } = RuleConsequents.SingleItem;

    /// <summary>The segment to mine inside (label 0..k-1), or null for all customers.</summary>
    public int? Segment { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad field and its allowed range.</summary>
    public void Validate()
    {
        if (!(MinSupport > 0 && MinSupport <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinSupport), MinSupport, "MinSupport must be in (0, 1].");
        }

        if (!(MinConfidence >= 0 && MinConfidence <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "MinConfidence must be in [0, 1].");
        }

        if (!(MinLift >= 0) || !double.IsFinite(MinLift))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLift), MinLift, "MinLift must be a finite number >= 0.");
        }

        if (MaxLength is < 2 or > MaxItemsetLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, $"MaxLength must be in [2, {MaxItemsetLength}].");
        }

        if (Segment is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Segment), Segment, "Segment must be a segment label >= 0 (Segment 1 is label 0), or null for all customers.");
        }
    }
}

/// <summary>An uploaded basket-format file, kept next to the customer dataset.</summary>
public sealed record BasketFileDataset(string Name, BasketDatabase Baskets)
{
    /// <summary>This upload's identity in step keys (each upload is a new dataset, even of the same file).</summary>
    public string Key { get; } = "basket-file:" + Guid.NewGuid().ToString("N");
}

/// <summary>What one mining run produced, with the inputs it was computed from.</summary>
/// <param name="Settings">The settings mined with.</param>
/// <param name="SourceName">Human name of the baskets' origin.</param>
/// <param name="Baskets">The baskets mined (a segment's baskets when <see cref="Segment"/> is set).</param>
/// <param name="Population">All baskets of the source (to index segment products against).</param>
/// <param name="Itemsets">Frequent itemsets, or null when the segment was too small to mine.</param>
/// <param name="Rules">Rules, or null when the segment was too small to mine.</param>
/// <param name="Segment">The per-segment profile (over-indexed products, distinctive rules) when a segment is selected.</param>
/// <param name="Segmentation">The segmentation whose labels were used (null for all customers).</param>
/// <param name="Warnings">Caveats to show (limits reached, small segment…).</param>
/// <param name="Elapsed">Wall-clock mining time.</param>
public sealed record BasketMiningResult(
    BasketSettings Settings,
    string SourceName,
    BasketDatabase Baskets,
    BasketDatabase Population,
    FrequentItemsets? Itemsets,
    AssociationRules? Rules,
    SegmentBasketProfile? Segment,
    SegmentationResult? Segmentation,
    IReadOnlyList<string> Warnings,
    TimeSpan Elapsed)
{
    /// <summary>Number of rules (0 when nothing was mined).</summary>
    public int RuleCount => Rules?.Count ?? 0;

    /// <summary>Number of frequent itemsets (0 when nothing was mined).</summary>
    public int ItemsetCount => Itemsets?.Count ?? 0;
}

/// <summary>
/// The basket step: mines frequent itemsets and rules of a dataset's invoices (or an uploaded basket file), for all
/// customers or inside one segment, with the same caps for every front door.
/// </summary>
public static class BasketMiner
{
    public static BasketMiningResult Mine(
        BasketSettings settings,
        LoadedDataset? dataset,
        BasketFileDataset? basketFile,
        SegmentationResult? segmentation,
        ClusteringSpace? space,
        Func<LoadedDataset, BasketSettings, CancellationToken, BasketDatabase> databaseFor,
        IProgress<double>? progress,
        CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        BasketDatabase population;
        string sourceName;
        if (settings.Source == BasketSource.BasketFile)
        {
            population = basketFile?.Baskets ?? throw new InvalidOperationException("No basket file has been uploaded.");
            sourceName = basketFile.Name;
        }
        else
        {
            if (dataset is null || (dataset.Purchases is null && dataset.Source is null))
            {
                throw new InvalidOperationException("This dataset is a customer table without invoice lines: upload transaction lines or a basket file to mine baskets.");
            }

            if (!dataset.HasBaskets)
            {
                throw new InvalidOperationException("This dataset is order lines without products: baskets need product lines (invoice, product) or a basket file.");
            }

            population = databaseFor(dataset, settings, ct);
            sourceName = $"transactions of {dataset.Name}";
        }

        var itemsetOptions = new FrequentItemsetOptions { MinSupport = settings.MinSupport, MaxLength = settings.MaxLength, MaxItemsets = BasketSettings.MaxItemsets };
        var ruleOptions = new RuleOptions { MinConfidence = settings.MinConfidence, MinLift = settings.MinLift, Consequents = settings.Consequents, MaxRules = BasketSettings.MaxRules };
        var warnings = new List<string>(population.Warnings);
        if (settings.Segment is { } label && settings.Source == BasketSource.Transactions)
        {
            if (dataset is { Purchases: null, Source: not null })
            {
                throw new InvalidOperationException($"{dataset.Name} was aggregated where it lives, without its lines in memory: its baskets are mined for all customers, not inside one segment.");
            }

            if (segmentation is null || space is null || dataset?.Purchases is null)
            {
                throw new InvalidOperationException("Segments are still being computed; try again in a moment.");
            }

            if (label >= segmentation.NumberOfClusters)
            {
                throw new ArgumentException($"{SegmentNames.Label(label)} does not exist: the segmentation has {segmentation.NumberOfClusters} segments.");
            }

            var labels = CustomerCodeLabels(space.Table.CustomerIds, segmentation.Labels, dataset.Purchases.Pools.Customers);
            var profile = SegmentBasketAnalysis.AnalyzeSegment(
                population,
                labels,
                label,
                new SegmentBasketOptions { Grouping = settings.Grouping, Itemsets = itemsetOptions, Rules = ruleOptions, Top = 15 },
                ct);
            progress?.Report(1);
            warnings.AddRange(profile.Warnings);
            return new BasketMiningResult(settings, sourceName, profile.Baskets, population, profile.Itemsets, profile.Rules, profile, segmentation, warnings, watch.Elapsed);
        }

        var mineProgress = new Progress<double>(p => progress?.Report(0.8 * p));
        var itemsets = new FpGrowth(itemsetOptions).Mine(population, mineProgress, ct);
        var rules = AssociationRules.Generate(itemsets, ruleOptions, new Progress<double>(p => progress?.Report(0.8 + (0.2 * p))), ct);
        warnings.AddRange(rules.Warnings);
        return new BasketMiningResult(settings, sourceName, population, population, itemsets, rules, null, null, warnings.Distinct().ToList(), watch.Elapsed);
    }

    /// <summary>
    /// Maps the segmentation's labels (rows of the customer table) onto the transaction table's customer codes by customer
    /// id; customers without a row (e.g. dropped by cleaning) get -1.
    /// </summary>
    public static int[] CustomerCodeLabels(IReadOnlyList<string> customerIds, IReadOnlyList<int> rowLabels, StringPool customers)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(customers);
        var labels = new int[customers.Count];
        Array.Fill(labels, -1);
        for (var row = 0; row < customerIds.Count; row++)
        {
            var code = customers.Find(customerIds[row]);
            if (code >= 0)
            {
                labels[code] = rowLabels[row];
            }
        }

        return labels;
    }
}
