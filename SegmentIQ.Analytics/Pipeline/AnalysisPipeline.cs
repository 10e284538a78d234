using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// The one analysis pipeline: dataset → cleaning → features → clustering space → segmentation → evaluation →
/// personas → baskets → report input. Each step returns an immutable result computed from its inputs' key
/// (<see cref="StepKeys"/>) and cached by that key in the shared <see cref="StepCache"/>, so a slider move recomputes
/// only the steps that depend on it. The browser session, the REST API, scheduled reports and the benchmark all run
/// analyses through this type; none re-implements a step.
/// </summary>
public sealed class AnalysisPipeline
{
    /// <summary>How many rules the report lists (the strongest by lift).</summary>
    public const int ReportRuleCount = 500;

    /// <summary>A pipeline with the shipped limits and its own cache.</summary>
    public AnalysisPipeline()
        : this(new Segmenter(), new StepCache())
    {
    }

    /// <summary>A pipeline over <paramref name="segmenter"/>'s limits, caching in <paramref name="cache"/>.</summary>
    public AnalysisPipeline(Segmenter segmenter, StepCache cache)
    {
        Segmenter = segmenter ?? throw new ArgumentNullException(nameof(segmenter));
        Cache = cache ?? throw new ArgumentNullException(nameof(cache));
    }

    /// <summary>The segmentation step (and the engine's limits).</summary>
    public Segmenter Segmenter { get; }

    /// <summary>The shared cache of step results.</summary>
    public StepCache Cache { get; }

    /// <summary>
    /// Reads, cleans and derives features of a file. Never throws for bad input: problems come back as
    /// <see cref="LoadOutcome.Error"/> naming the file, line, column and value. Not cached (a file is read once; its
    /// result is what callers keep).
    /// </summary>
    public static LoadOutcome Load(
        string path,
        string displayName,
        DataFileReadOptions? read,
        CleaningOptions? cleaning,
        string? sha256,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken) =>
        DatasetLoader.Load(path, displayName, read, cleaning, isDefaultSample: false, sha256, progress, cancellationToken);

    /// <summary>
    /// The clustering space of <paramref name="dataset"/> for <paramref name="features"/> (null: the dataset's default
    /// features). Throws <see cref="ArgumentException"/> naming a feature the dataset does not have.
    /// </summary>
    public ClusteringSpace Space(LoadedDataset dataset, FeatureSpaceOptions? features, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        features ??= FeatureSpaceOptions.DefaultFor(dataset.Features);
        features.Validate(dataset.Features);
        return Cache.GetOrAdd(StepKeys.Space(dataset.Key, features), () => ClusteringSpace.Build(dataset.Features, features, cancellationToken) with { DatasetKey = dataset.Key });
    }

    /// <summary>
    /// The segmentation of <paramref name="space"/> with <paramref name="settings"/>, reusing the trees and indexes in
    /// <paramref name="structures"/> when given. Throws <see cref="Clustering.ClusteringDataException"/> when the data
    /// cannot support the settings and <see cref="ArgumentOutOfRangeException"/> naming a setting out of range.
    /// </summary>
    public SegmentationResult Segment(ClusteringSpace space, SegmentationSettings settings, ClusteringStructureCache? structures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        SegmentationResult Compute() =>
            (settings.Algorithm == SegmentationAlgorithm.KMeans
                && Cache.TryGet<KMeansSweepResult>(StepKeys.KMeansSweep(space.Key, settings.Seed, Segmenter.Options.SilhouetteExactLimit), out var sweep)
                ? Segmenter.FromSweep(space, settings, sweep)
                : null)
            ?? (structures is null
                ? Segmenter.Run(space, settings, cancellationToken)
                : Segmenter.Run(space, settings, structures, cancellationToken));

        // A space built outside the pipeline has no dataset key: its results cannot be told apart, so are not shared.
        return space.DatasetKey.Length == 0 ? Compute() : Cache.GetOrAdd(StepKeys.Segmentation(space.Key, settings), Compute);
    }

    /// <summary>
    /// The K-Means sweep over k of <paramref name="space"/> (elbow and silhouette per k; see <see cref="Segmenter.SweepOptions"/>),
    /// cached. While it is cached, a K-Means segmentation of the space at any k of the sweep is assembled from its point
    /// (<see cref="Segmenter.FromSweep"/>) instead of fitted and scored again: a k move after the sweep costs the KPIs.
    /// </summary>
    public KMeansSweepResult KMeansSweep(ClusteringSpace space, int seed, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Cache.GetOrAdd(
            StepKeys.KMeansSweep(space.Key, seed, Segmenter.Options.SilhouetteExactLimit),
            () => Clustering.KMeans.KMeansSweep.Run(space.Features.Matrix, Segmenter.SweepOptions(space, seed), space.OrderingKey, progress, cancellationToken));
    }

    /// <summary>The personas, KPIs and RFM baseline of a segmentation of <paramref name="space"/>.</summary>
    public PersonaInsights Describe(ClusteringSpace space, SegmentationResult segmentation, CancellationToken cancellationToken) =>
        Describe(space, segmentation, BusinessRoleMap.None, cancellationToken);

    /// <summary>
    /// <see cref="Describe(ClusteringSpace, SegmentationResult, CancellationToken)"/> with the user's corrections of the
    /// columns' business roles; results are cached per segmentation and corrections.
    /// </summary>
    public PersonaInsights Describe(ClusteringSpace space, SegmentationResult segmentation, BusinessRoleMap roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(roles);
        var key = StepKeys.Segmentation(space.Key, segmentation.Settings) + "|personas" + (roles.Key.Length == 0 ? string.Empty : "|roles:" + roles.Key);
        return space.DatasetKey.Length == 0
            ? PersonaInsights.Derive(space.Table, segmentation, roles, cancellationToken)
            : Cache.GetOrAdd(key, () => PersonaInsights.Derive(space.Table, segmentation, roles, cancellationToken));
    }

    /// <summary>The key of <see cref="TopRules"/>'s result: the dataset and the thresholds (source and segment do not count).</summary>
    public static string TopRulesKey(LoadedDataset dataset, BasketSettings settings)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(settings);
        return $"{dataset.Key}|rules:{settings.MinSupport:R}|{settings.MinConfidence:R}|{settings.MinLift:R}|{settings.MaxLength}|{settings.Grouping}|{settings.Consequents}";
    }

    /// <summary>
    /// The strongest <see cref="ReportRuleCount"/> rules of the dataset's invoices with <paramref name="settings"/>
    /// (all customers), or an empty list for customer tables, which have no baskets.
    /// </summary>
    public IReadOnlyList<ReportRule> TopRules(LoadedDataset dataset, BasketSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(settings);
        if (!dataset.HasBaskets)
        {
            return [];
        }

        settings.Validate();
        var all = settings with { Source = BasketSource.Transactions, Segment = null };
        return Cache.GetOrAdd(
            TopRulesKey(dataset, settings),
            () =>
            {
                var mined = BasketMiner.Mine(all, dataset, null, null, null, (d, s, ct) => new DatasetBaskets(d).For(s.Grouping, s.MinSupport, ct), null, cancellationToken);
                return mined.Rules is null ? (IReadOnlyList<ReportRule>)[] : ReportRules.TopByLift(mined.Rules, ReportRuleCount);
            });
    }

    /// <summary>The key of <see cref="Recommender"/>'s result: the segmentation's, as every session and the API share it.</summary>
    public static string RecommenderKey(ClusteringSpace space, SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(space);
        return StepKeys.Segmentation(space.Key, settings) + "|recommend";
    }

    /// <summary>
    /// Next-best products for <paramref name="segmentation"/> of <paramref name="space"/>: each segment's invoices mined
    /// with <see cref="ProductRecommenderOptions.Defaults"/>, cached by <see cref="RecommenderKey"/>.
    /// <paramref name="invoiceBaskets"/> (null: built here) lets a caller that holds the dataset's invoice baskets reuse
    /// them. Throws <see cref="RecommendationDataException"/> for a customer table, which has no products.
    /// </summary>
    public ProductRecommenderModel Recommender(
        LoadedDataset dataset, ClusteringSpace space, SegmentationResult segmentation, BasketDatabase? invoiceBaskets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(segmentation);
        if (dataset.Purchases is not { HasProducts: true } purchases)
        {
            throw new RecommendationDataException(RecommendationDataException.NeedsProducts(dataset.Name, orderLines: dataset.Purchases is not null));
        }

        ProductRecommenderModel Fit()
        {
            var baskets = invoiceBaskets ?? TransactionBaskets.Build(purchases, BasketGrouping.Invoice, cancellationToken);
            var labels = BasketMiner.CustomerCodeLabels(space.Table.CustomerIds, segmentation.Labels, purchases.Pools.Customers);
            return new ProductRecommender().Fit(baskets, labels, cancellationToken);
        }

        return space.DatasetKey.Length == 0 ? Fit() : Cache.GetOrAdd(RecommenderKey(space, segmentation.Settings), Fit);
    }

    /// <summary>
    /// Segments over time of <paramref name="dataset"/> with <paramref name="features"/> (null: the dataset's default)
    /// and <paramref name="settings"/> fitted on the reference snapshot of <paramref name="options"/>; cached by
    /// <see cref="StepKeys.Temporal"/>. Throws <see cref="TemporalDataException"/> or
    /// <see cref="Clustering.ClusteringDataException"/> with a message for the user when the data cannot support it.
    /// </summary>
    public TemporalAnalysis Temporal(
        LoadedDataset dataset,
        FeatureSpaceOptions? features,
        SegmentationSettings settings,
        TemporalOptions options,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        features ??= FeatureSpaceOptions.DefaultFor(dataset.Features);
        return Cache.GetOrAdd(
            StepKeys.Temporal(StepKeys.Space(dataset.Key, features), settings, options),
            () => TemporalAnalysis.Run(dataset, History(dataset, cancellationToken), features, settings, options, Segmenter, progress, cancellationToken));
    }

    /// <summary>
    /// The dated purchase amounts of <paramref name="dataset"/>, what lifetime value is fitted on: its lines valued in
    /// process (not cached: they are a copy of lines the dataset holds), or for a dataset aggregated at a source, the
    /// source's purchases summed per customer and day where they are (<see cref="ITransactionSource.PurchaseDaysAsync"/>),
    /// asked once and cached by <see cref="StepKeys.Purchases"/>. Throws <see cref="LifetimeDataException"/> for a
    /// customer table and <see cref="SourceException"/> when the source fails.
    /// </summary>
    public PurchaseLog Purchases(LoadedDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Purchases is { } lines)
        {
            return PurchaseLog.FromTransactions(lines);
        }

        var source = dataset.Source
            ?? throw new LifetimeDataException("This dataset is a customer table without purchase dates; lifetime value needs dated purchases.");

        // The steps are synchronous and run off the render thread; DuckDB runs its statement on the calling thread anyway.
        return Cache.GetOrAdd(
            StepKeys.Purchases(dataset.Key),
            () => source.PurchaseDaysAsync(dataset.Mapping, dataset.CleaningOptions, cancellationToken).GetAwaiter().GetResult());
    }

    /// <summary>
    /// The BG/NBD and Gamma-Gamma fit of <paramref name="dataset"/>'s <see cref="Purchases"/> with
    /// <paramref name="options"/>' calibration end and unit, cached by <see cref="StepKeys.Lifetime"/>. Throws
    /// <see cref="LifetimeDataException"/> when the data cannot support the models and <see cref="SourceException"/> when
    /// the source fails.
    /// </summary>
    public LifetimeFit Lifetime(LoadedDataset dataset, LifetimeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Cache.GetOrAdd(
            StepKeys.Lifetime(dataset.Key, options.CalibrationEnd, options.Unit),
            () => LifetimeFit.Fit(Purchases(dataset, cancellationToken), options, cancellationToken));
    }

    /// <summary>What segments over time read of the dataset's purchases: its lines, or its source (see <see cref="PurchaseHistory.FromSource"/>).</summary>
    private PurchaseHistory History(LoadedDataset dataset, CancellationToken cancellationToken)
    {
        if (dataset.Purchases is { } lines)
        {
            return PurchaseHistory.FromTransactions(lines);
        }

        return dataset.Source is { } source
            ? PurchaseHistory.FromSource(source, dataset.Mapping, dataset.CleaningOptions, Purchases(dataset, cancellationToken))
            : throw new TemporalDataException("Segments over time need dated purchase lines; this dataset is a customer table without dates.");
    }
}
