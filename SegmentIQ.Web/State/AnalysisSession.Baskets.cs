using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Web.State;

/// <summary>The Market Basket part of the session: basket databases per dataset, settings, and the latest rules.</summary>
public sealed partial class AnalysisSession
{
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
                return BasketMiner.Mine(settings, dataset, basketFile, segmentation, space, BasketDatabaseFor, progress, ct);
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
