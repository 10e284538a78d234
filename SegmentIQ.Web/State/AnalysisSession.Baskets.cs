using System.Diagnostics;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.State;

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
            throw new ArgumentOutOfRangeException(nameof(Segment), Segment, "Segment must be a segment label >= 0, or null for all customers.");
        }
    }
}

/// <summary>An uploaded basket-format file, kept next to the customer dataset.</summary>
public sealed record BasketFileDataset(string Name, BasketDatabase Baskets);

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

/// <summary>The Market Basket part of the session: basket databases per dataset, settings, and the latest rules.</summary>
public sealed partial class AnalysisSession
{
    /// <summary>Cap on itemsets mined from the UI, so a very low support cannot exhaust the server's memory.</summary>
    public const int UiMaxItemsets = 300_000;

    /// <summary>Cap on rules generated from the UI.</summary>
    public const int UiMaxRules = 300_000;

    private readonly LatestWinsRunner _basketRunner = new();
    private readonly Dictionary<BasketGrouping, BasketDatabase> _basketDatabases = [];
    private LoadedDataset? _basketDatabasesOf;
    private (BasketSettings, object?, object?) _basketAttempt;
    private (AssociationRules? Rules, IReadOnlyList<ReportRule> Top) _topRules = (null, []);

    /// <summary>The current mining settings.</summary>
    public BasketSettings BasketSettings { get; private set; } = new();

    /// <summary>The uploaded basket-format file, if any.</summary>
    public BasketFileDataset? BasketFile { get; private set; }

    /// <summary>The latest mining result (the previous one while a new one is computed).</summary>
    public BasketMiningResult? BasketResult { get; private set; }

    /// <summary>Progress of the mining in flight, 0..1.</summary>
    public double BasketProgress { get; private set; }

    /// <summary>True while baskets are built or mined.</summary>
    public bool IsMiningBaskets => _basketRunner.IsRunning;

    /// <summary>Why the current settings could not be mined, if they could not.</summary>
    public string? BasketError { get; private set; }

    /// <summary>
    /// The 500 strongest rules by lift of the current result, as the Excel report lists them (antecedent and consequent
    /// joined with " + "); empty when nothing has been mined.
    /// </summary>
    public IReadOnlyList<ReportRule> TopRules
    {
        get
        {
            var rules = BasketResult?.Rules;
            if (rules is null)
            {
                return [];
            }

            var cached = _topRules;
            if (!ReferenceEquals(cached.Rules, rules))
            {
                _topRules = cached = (rules, ReportRules.TopByLift(rules, 500));
            }

            return cached.Top;
        }
    }

    /// <summary>Whether baskets can be mined at all: transactions in the dataset, or a basket file.</summary>
    public bool HasBasketData => Dataset?.Purchases is not null || BasketFile is not null;

    /// <summary>
    /// Mines with the current settings when there is no result yet, or when the result is for another dataset or
    /// segmentation (called when the page opens and when the session changes).
    /// </summary>
    public Task EnsureBasketsAsync()
    {
        if (IsMiningBaskets)
        {
            return Task.CompletedTask;
        }

        // Settings left over from another dataset (a source that is gone, a segment beyond the new k) are adjusted first.
        var settings = BasketSettings;
        if (settings.Source == BasketSource.Transactions && Dataset?.Purchases is null && BasketFile is not null)
        {
            settings = settings with { Source = BasketSource.BasketFile, Segment = null };
        }
        else if (settings.Source == BasketSource.BasketFile && BasketFile is null)
        {
            settings = settings with { Source = BasketSource.Transactions };
        }

        if (settings.Segment is { } segment && Segmentation is { } segmentation && segment >= segmentation.NumberOfClusters)
        {
            settings = settings with { Segment = null };
        }

        BasketSettings = settings;

        // Each (settings, dataset, segmentation) is attempted once: a failure is shown, not retried on every render.
        var key = BasketAttemptKey();
        return key == _basketAttempt ? Task.CompletedTask : RecomputeBasketsAsync();
    }

    /// <summary>Applies new mining settings (a slider moved); the newest call wins.</summary>
    public async Task UpdateBasketSettingsAsync(BasketSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        BasketSettings = settings;
        Notify();
        await RecomputeBasketsAsync();
    }

    /// <summary>
    /// Reads a basket-format file (already saved at <paramref name="path"/>) into the basket state; the customer dataset
    /// stays as it is. Returns an error message, or null on success.
    /// </summary>
    public async Task<string?> LoadBasketFileAsync(string path, string displayName, BasketSeparator separator, CancellationToken cancellationToken)
    {
        string? error = null;
        var outcome = await _basketRunner.RunAsync(ct =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, cancellationToken);
            try
            {
                return BasketFileReader.ReadFile(path, separator, linked.Token);
            }
            catch (BasketFormatException ex)
            {
                error = $"{displayName}: {ex.Message}";
                return null;
            }
            catch (IOException ex)
            {
                error = $"{displayName} could not be read: {ex.Message}";
                return null;
            }
        });
        if (!outcome.IsDone || cancellationToken.IsCancellationRequested)
        {
            return error ?? $"Reading {displayName} was cancelled.";
        }

        if (outcome.Value is not { } baskets)
        {
            return error ?? $"{displayName} could not be read.";
        }

        if (baskets.BasketCount == 0)
        {
            return $"{displayName} holds no basket.";
        }

        BasketFile = new BasketFileDataset(displayName, baskets);
        BasketResult = null;
        BasketError = null;
        BasketSettings = BasketSettings with { Source = BasketSource.BasketFile, Segment = null, MinSupport = DefaultSupport(baskets.BasketCount) };
        Notify();
        return null;
    }

    /// <summary>
    /// Maps the segmentation's labels (rows of the customer table) onto the transaction table's customer codes by customer
    /// id; customers without a row (e.g. dropped by cleaning) get -1.
    /// </summary>
    public static int[] CustomerCodeLabels(IReadOnlyList<string> customerIds, IReadOnlyList<int> rowLabels, Analytics.Ingestion.StringPool customers)
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

    /// <summary>A starting support that shows a few dozen rules on typical retail data: 2 %, but at least 5 baskets.</summary>
    private static double DefaultSupport(int basketCount) => Math.Min(1, Math.Max(0.02, 5.0 / basketCount));

    private (BasketSettings, object?, object?) BasketAttemptKey() => (
        BasketSettings,
        BasketSettings.Source == BasketSource.BasketFile ? BasketFile : Dataset,
        BasketSettings.Segment is null ? null : Segmentation);

    private async Task RecomputeBasketsAsync()
    {
        _basketAttempt = BasketAttemptKey();
        var settings = BasketSettings;
        var dataset = Dataset;
        var basketFile = BasketFile;
        var segmentation = Segmentation;
        var space = Space;
        BasketProgress = 0;
        string? error = null;
        var lastReport = 0.0;
        var progress = new Progress<double>(p =>
        {
            BasketProgress = p;
            if (p - lastReport >= 0.05)
            {
                lastReport = p;
                Notify();
            }
        });
        Notify();
        var outcome = await _basketRunner.RunAsync(ct =>
        {
            try
            {
                return Mine(settings, dataset, basketFile, segmentation, space, progress, ct);
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
                return null;
            }
            catch (InvalidOperationException ex)
            {
                error = ex.Message;
                return null;
            }
        });
        if (outcome.IsDone)
        {
            // On an error the old result goes too: rules of other settings under the new sliders would mislead.
            BasketResult = outcome.Value;
            BasketError = error;
            BasketProgress = 1;
        }

        Notify();
    }

    private BasketMiningResult Mine(
        BasketSettings settings,
        LoadedDataset? dataset,
        BasketFileDataset? basketFile,
        SegmentationResult? segmentation,
        ClusteringSpace? space,
        IProgress<double> progress,
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
            if (dataset?.Purchases is null)
            {
                throw new InvalidOperationException("This dataset is a customer table without invoice lines: upload transaction lines or a basket file to mine baskets.");
            }

            population = BasketDatabaseFor(dataset, settings.Grouping, ct);
            sourceName = $"transactions of {dataset.Name}";
        }

        var itemsetOptions = new FrequentItemsetOptions { MinSupport = settings.MinSupport, MaxLength = settings.MaxLength, MaxItemsets = UiMaxItemsets };
        var ruleOptions = new RuleOptions { MinConfidence = settings.MinConfidence, MinLift = settings.MinLift, Consequents = settings.Consequents, MaxRules = UiMaxRules };
        var warnings = new List<string>(population.Warnings);
        if (settings.Segment is { } label && settings.Source == BasketSource.Transactions)
        {
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
            progress.Report(1);
            warnings.AddRange(profile.Warnings);
            return new BasketMiningResult(settings, sourceName, profile.Baskets, population, profile.Itemsets, profile.Rules, profile, segmentation, warnings, watch.Elapsed);
        }

        var mineProgress = new Progress<double>(p => progress.Report(0.8 * p));
        var itemsets = new FpGrowth(itemsetOptions).Mine(population, mineProgress, ct);
        var rules = AssociationRules.Generate(itemsets, ruleOptions, new Progress<double>(p => progress.Report(0.8 + (0.2 * p))), ct);
        warnings.AddRange(rules.Warnings);
        return new BasketMiningResult(settings, sourceName, population, population, itemsets, rules, null, null, warnings.Distinct().ToList(), watch.Elapsed);
    }

    /// <summary>Baskets of the dataset's invoice lines, built once per dataset and grouping.</summary>
    private BasketDatabase BasketDatabaseFor(LoadedDataset dataset, BasketGrouping grouping, CancellationToken ct)
    {
        lock (_basketDatabases)
        {
            if (!ReferenceEquals(_basketDatabasesOf, dataset))
            {
                _basketDatabases.Clear();
                _basketDatabasesOf = dataset;
            }

            if (_basketDatabases.TryGetValue(grouping, out var cached))
            {
                return cached;
            }
        }

        var built = TransactionBaskets.Build(dataset.Purchases!, grouping, ct);
        lock (_basketDatabases)
        {
            if (ReferenceEquals(_basketDatabasesOf, dataset))
            {
                _basketDatabases[grouping] = built;
            }
        }

        return built;
    }
}
