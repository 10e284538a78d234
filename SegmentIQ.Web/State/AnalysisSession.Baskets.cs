using System.Globalization;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.State;

/// <summary>The Market Basket part of the session: basket databases per dataset, settings, and the latest rules.</summary>
public sealed partial class AnalysisSession
{
    private readonly LatestWinsRunner _basketFileRunner = new();
    private readonly Slot<BasketMiningResult> _basketSlot = new(DescribeDataError);
    private readonly Slot<IReadOnlyList<ReportRule>> _reportRulesSlot = new(DescribeDataError);
    private DatasetBaskets? _datasetBaskets;
    private (AssociationRules? Rules, IReadOnlyList<ReportRule> Top) _topRules = (null, []);

    /// <summary>The current mining settings.</summary>
    public BasketSettings BasketSettings { get; private set; } = new();

    /// <summary>The uploaded basket-format file, if any.</summary>
    public BasketFileDataset? BasketFile { get; private set; }

    /// <summary>The latest mining result (the previous one while a new one is computed).</summary>
    public BasketMiningResult? BasketResult => _basketSlot.Value;

    /// <summary>Progress of the mining in flight, 0..1.</summary>
    public double BasketProgress => _basketSlot.Progress;

    /// <summary>True while baskets are built or mined.</summary>
    public bool IsMiningBaskets => _basketSlot.IsRunning || _basketFileRunner.IsRunning;

    /// <summary>Why the current settings could not be mined, if they could not.</summary>
    public string? BasketError => _basketSlot.Error;

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
                _topRules = cached = (rules, SegmentIQ.Analytics.Reporting.ReportRules.TopByLift(rules, 500));
            }

            return cached.Top;
        }
    }

    /// <summary>
    /// The rules the executive summary and the Excel report list: always the whole dataset's invoices at the current
    /// thresholds, whatever segment filter or basket file the Market Basket page shows, and mined for the report
    /// (<see cref="EnsureReportRulesAsync"/>) when that page was never opened. Null until mined; empty for customer
    /// tables, which have no baskets.
    /// </summary>
    public IReadOnlyList<ReportRule>? ReportRules => _reportRulesSlot.ValueFor(ReportRulesKey);

    /// <summary>What <see cref="ReportRules"/> were mined from, in words, for the caption beside them.</summary>
    public string? ReportRulesScope => Dataset is { } dataset && (dataset.Purchases is not null || dataset.Source is not null)
        ? string.Create(CultureInfo.InvariantCulture, $"all invoices of {dataset.Name}, support ≥ {BasketSettings.MinSupport * 100:0.##} %, confidence ≥ {BasketSettings.MinConfidence * 100:0.#} %, lift ≥ {BasketSettings.MinLift:0.##}, up to {BasketSettings.MaxLength} products")
        : null;

    /// <summary>
    /// When the Market Basket page currently shows something other than the whole dataset (one segment, or a basket
    /// file), what it shows; the summary says so next to the whole-dataset rules. Null otherwise.
    /// </summary>
    public string? MarketBasketViewScope => BasketSettings switch
    {
        { Source: BasketSource.BasketFile } when BasketFile is { } file => $"the basket file {file.Name}",
        { Segment: { } segment } => $"the customers of {SegmentNames.Display(segment, Insights?.Personas)}",
        _ => null,
    };

    /// <summary>Mines <see cref="ReportRules"/> in the background unless they are current.</summary>
    public Task EnsureReportRulesAsync()
    {
        var key = ReportRulesKey;
        if (key is null || !_reportRulesSlot.IsStaleFor(key) || Dataset is not { } dataset)
        {
            return Task.CompletedTask;
        }

        var settings = BasketSettings;
        return _reportRulesSlot.RunAsync(key, (_, ct) => _pipeline.TopRules(dataset, settings, ct));
    }

    private string? ReportRulesKey => Dataset is { } dataset ? AnalysisPipeline.TopRulesKey(dataset, BasketSettings) : null;

    /// <summary>Whether baskets can be mined at all: transaction lines with products in the dataset or its source, or a basket file.</summary>
    public bool HasBasketData => Dataset?.HasBaskets == true || BasketFile is not null;

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
        if (settings.Source == BasketSource.Transactions && Dataset?.HasBaskets != true && BasketFile is not null)
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

        // Each (settings, data, segmentation) is attempted once: the slot holds its result or its failure by key.
        return RecomputeBasketsAsync();
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
    public async Task<string?> LoadBasketFileAsync(string path, string displayName, BasketSeparator separator, CancellationToken cancellationToken, ReaderLimits? limits = null)
    {
        string? error = null;
        var outcome = await _basketFileRunner.RunAsync(ct =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, cancellationToken);
            try
            {
                return BasketFileReader.ReadFile(path, displayName, separator, limits ?? ReaderLimits.Default, linked.Token);
            }
            catch (BasketFormatException ex)
            {
                error = $"{displayName}: {ex.Message}";
                return null;
            }
            catch (DataFileException ex)
            {
                error = ex.Message;
                return null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error = CouldNotRead(displayName, ex);
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
        _basketSlot.Reset();
        BasketSettings = BasketSettings with { Source = BasketSource.BasketFile, Segment = null, MinSupport = DefaultSupport(baskets.BasketCount) };
        Notify();
        return null;
    }

    /// <summary>A starting support that shows a few dozen rules on typical retail data: 2 %, but at least 5 baskets.</summary>
    private static double DefaultSupport(int basketCount) => Math.Min(1, Math.Max(0.02, 5.0 / basketCount));

    /// <summary>
    /// The key of the current mining request: the settings, the data mined (dataset or basket file) and, inside a
    /// segment, the segmentation whose labels pick the segment's baskets.
    /// </summary>
    private string BasketKey()
    {
        var settings = BasketSettings;
        var source = settings.Source == BasketSource.BasketFile ? BasketFile?.Key ?? "no-basket-file" : Dataset?.Key ?? "no-dataset";
        var segmentation = settings.Segment is null ? "" : "|in:" + (_segmentationSlot.ValueKey ?? "none");
        return $"baskets|{settings}|{source}{segmentation}";
    }

    private async Task RecomputeBasketsAsync()
    {
        var settings = BasketSettings;
        var dataset = Dataset;
        var basketFile = BasketFile;
        var segmentation = Segmentation;
        var space = Space;
        await _basketSlot.RunAsync(BasketKey(), (progress, ct) =>
            BasketMiner.Mine(settings, dataset, basketFile, segmentation, space, (d, s, c) => BasketDatabaseFor(d, s.Grouping, s.MinSupport, c), progress, ct));
    }

    /// <summary>
    /// Baskets of the dataset to mine at <paramref name="minSupport"/>: its invoice lines grouped once per grouping, or
    /// for a dataset from a source the source's baskets, asked again only when the support goes below what they serve.
    /// </summary>
    private BasketDatabase BasketDatabaseFor(LoadedDataset dataset, BasketGrouping grouping, double minSupport, CancellationToken ct)
    {
        var baskets = Volatile.Read(ref _datasetBaskets);
        if (baskets is null || !ReferenceEquals(baskets.Dataset, dataset))
        {
            baskets = new DatasetBaskets(dataset);
            Volatile.Write(ref _datasetBaskets, baskets);
        }

        return baskets.For(grouping, minSupport, ct);
    }
}
