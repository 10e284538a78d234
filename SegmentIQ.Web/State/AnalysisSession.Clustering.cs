using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Evaluation;

namespace SegmentIQ.Web.State;

/// <summary>The clustering toolbox's state: reusable structures, per-algorithm sweeps, stability and the comparison.</summary>
public sealed partial class AnalysisSession
{
    private readonly ClusteringStructureCache _structures = new();
    private readonly Slot<StabilityResult> _stabilitySlot = new(DescribeDataError);
    private readonly Slot<GaussianMixtureSweepResult> _mixtureSweepSlot = new(DescribeDataError);
    private readonly Slot<LinkageSweepResult> _linkageSweepSlot = new(DescribeDataError);
    private readonly Slot<KDistanceCurve> _kDistanceSlot = new(DescribeDataError);
    private readonly Slot<SegmentationComparison> _comparisonSlot = new(DescribeDataError);
    private readonly Dictionary<SegmentationAlgorithm, SegmentationSettings> _lastSettings = [];

    /// <summary>The session's reusable clustering structures (merge trees, DBSCAN index).</summary>
    public ClusteringStructureCache Structures => _structures;

    /// <summary>Hierarchical clustering builds its tree on a sample above this many customers.</summary>
    public int AgglomerativeSampleLimit => Limits.AgglomerativeSampleLimitFor(Settings.Linkage);

    /// <summary>Bootstrap stability of <see cref="StabilityFor"/> (mean ARI over 20 resamples), once computed.</summary>
    public StabilityResult? Stability => _stabilitySlot.Value;

    /// <summary>The result <see cref="Stability"/> belongs to.</summary>
    public SegmentationResult? StabilityFor =>
        Segmentation is { } current && _stabilitySlot.Key is { } key && Space is { } space && key == StepKeys.Segmentation(space.Key, current.Settings) ? current : null;

    /// <summary>Why the stability could not be computed, if it could not.</summary>
    public string? StabilityError => _stabilitySlot.Error;

    /// <summary>True while the stability of the current result is computed.</summary>
    public bool IsStabilityRunning => _stabilitySlot.IsRunning;

    /// <summary>BIC/AIC per k and covariance type (mixtures), once computed.</summary>
    public GaussianMixtureSweepResult? MixtureSweep => _mixtureSweepSlot.Value;

    /// <summary>Progress of the mixture sweep, 0..1.</summary>
    public double MixtureSweepProgress => _mixtureSweepSlot.Progress;

    /// <summary>True while the mixture sweep runs.</summary>
    public bool IsMixtureSweeping => _mixtureSweepSlot.IsRunning;

    /// <summary>Silhouette per k and linkage (hierarchical), once computed.</summary>
    public LinkageSweepResult? LinkageSweep => _linkageSweepSlot.Value;

    /// <summary>Progress of the linkage sweep, 0..1.</summary>
    public double LinkageSweepProgress => _linkageSweepSlot.Progress;

    /// <summary>True while the linkage sweep runs.</summary>
    public bool IsLinkageSweeping => _linkageSweepSlot.IsRunning;

    /// <summary>The sorted k-distance curve for the current min_samples (DBSCAN), once computed.</summary>
    public KDistanceCurve? KDistance => _kDistanceSlot.Value;

    /// <summary>True while the k-distance curve is computed.</summary>
    public bool IsKDistanceRunning => _kDistanceSlot.IsRunning;

    /// <summary>The algorithm the current segmentation is compared with, if any.</summary>
    public SegmentationAlgorithm? ComparisonAlgorithm { get; private set; }

    /// <summary>The comparison of the current segmentation with <see cref="ComparisonAlgorithm"/>, once computed.</summary>
    public SegmentationComparison? Comparison => ComparisonAlgorithm is null ? null : _comparisonSlot.ValueFor(ComparisonKey);

    /// <summary>Why the comparison could not be computed, if it could not.</summary>
    public string? ComparisonError => ComparisonAlgorithm is null || _comparisonSlot.Key != ComparisonKey ? null : _comparisonSlot.Error;

    /// <summary>True while the comparison runs.</summary>
    public bool IsComparing => _comparisonSlot.IsRunning;

    private PipelineOptions Limits => _pipeline.Segmenter.Options;

    /// <summary>Every background result of the session, each in its slot.</summary>
    private IEnumerable<ISlot> Slots =>
    [
        _segmentationSlot, _kMeansSweepSlot, _stabilitySlot, _mixtureSweepSlot, _linkageSweepSlot, _kDistanceSlot,
        _comparisonSlot, _ldaSlot, _basketSlot, _reportRulesSlot, _lifetimeFitSlot, _lifetimeValuesSlot, _importanceSlot, _recommenderSlot, _evaluationSlot, _temporalSlot,
    ];

    /// <summary>The results computed in the background for the data on screen: sweeps, stability and the comparison.</summary>
    private IEnumerable<ISlot> BackgroundSlots =>
        [_kMeansSweepSlot, _stabilitySlot, _mixtureSweepSlot, _linkageSweepSlot, _kDistanceSlot, _comparisonSlot];

    /// <summary>
    /// Stops the background results of the data on screen while a new dataset is read: a new dataset replaces them,
    /// and on two cores they would otherwise take half the CPU from the read the person is waiting for.
    /// </summary>
    private void PauseBackgroundWork()
    {
        foreach (var slot in BackgroundSlots)
        {
            slot.Cancel();
        }
    }

    /// <summary>
    /// When a read did not replace the data (failed, cancelled, or asking for a mapping): the comparison starts again,
    /// and the Segments page, told of the change, asks for its results again.
    /// </summary>
    private void ResumeBackgroundWork()
    {
        if (ComparisonAlgorithm is not null && Segmentation is not null)
        {
            _ = RunComparisonAsync();
        }

        Notify();
    }

    /// <summary>The comparison's key: the current segmentation's and the compared settings'.</summary>
    private string? ComparisonKey =>
        Space is { } space && Segmentation is { } primary && ComparisonAlgorithm is { } algorithm
            ? $"{StepKeys.Segmentation(space.Key, primary.Settings)}|vs|{StepKeys.Segmentation(space.Key, SettingsFor(algorithm))}"
            : null;

    /// <summary>
    /// The settings <paramref name="algorithm"/> would run with: the ones last used for it in this session, else its
    /// defaults with the current k and seed.
    /// </summary>
    public SegmentationSettings SettingsFor(SegmentationAlgorithm algorithm) =>
        _lastSettings.TryGetValue(algorithm, out var last)
            ? last
            : new SegmentationSettings { Algorithm = algorithm, NumberOfClusters = Settings.NumberOfClusters, Seed = Settings.Seed };

    /// <summary>Compares the current segmentation with <paramref name="algorithm"/> (null stops comparing).</summary>
    public async Task SetComparisonAlgorithmAsync(SegmentationAlgorithm? algorithm)
    {
        ComparisonAlgorithm = algorithm;
        if (algorithm is null)
        {
            _comparisonSlot.Cancel();
            Notify();
            return;
        }

        Notify();
        await RunComparisonAsync();
    }

    private void OnSettingsUpdated(SegmentationSettings settings) => _lastSettings[settings.Algorithm] = settings;

    /// <summary>
    /// How long a segmentation must stay on screen before its background results (stability, the comparison) start.
    /// While a slider moves, each new segmentation would otherwise start (and the next one cancel) a stability run of
    /// 20 refits, taking a core from the browser that is drawing the chart the person is watching.
    /// </summary>
    internal static readonly TimeSpan BackgroundQuietPeriod = TimeSpan.FromMilliseconds(400);

    private CancellationTokenSource? _quietPeriod;
    private bool _settled;

    private void OnSegmentationUpdated()
    {
        // The newest segmentation restarts the quiet period; stability and the comparison wait for it to pass.
        Volatile.Write(ref _settled, false);
        var quiet = new CancellationTokenSource();
        if (Interlocked.Exchange(ref _quietPeriod, quiet) is { } previous)
        {
            previous.Cancel();
            previous.Dispose();
        }

        _ = SettleAfterQuietPeriodAsync(quiet.Token);
    }

    private async Task SettleAfterQuietPeriodAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(BackgroundQuietPeriod, _timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A newer segmentation (or the end of the session) came first; it settles on its own.
            return;
        }

        Volatile.Write(ref _settled, true);
        if (ComparisonAlgorithm is not null)
        {
            _ = RunComparisonAsync();
        }

        // The Segments page, if open, renders again and now asks for the stability.
        Notify();
    }

    private void DisposeClustering()
    {
        if (Interlocked.Exchange(ref _quietPeriod, null) is { } quiet)
        {
            quiet.Cancel();
            quiet.Dispose();
        }

        _structures.Dispose();
    }

    /// <summary>
    /// Starts what only the Segments page shows, for the current space, settings and segmentation: the k sweep (elbow
    /// and silhouette per k), the current algorithm's sweep and, once it has stayed on screen for
    /// <see cref="BackgroundQuietPeriod"/>, the stability of the current segmentation. The page
    /// asks on every render; a slot ignores a key it holds or computes, and a newer key cancels the older one. Nothing
    /// starts for a session that is not looking, so its uploads and slider moves do not pay for charts nobody sees, and
    /// many sessions elsewhere in the app do not keep the CPU busy with them.
    /// </summary>
    public void EnsureSegmentsPageResults()
    {
        if (Space is not { } space)
        {
            return;
        }

        _ = RunSweepAsync(space);
        _ = Settings.Algorithm switch
        {
            SegmentationAlgorithm.GaussianMixture => RunMixtureSweepAsync(space),
            SegmentationAlgorithm.Hierarchical => RunLinkageSweepAsync(space),
            SegmentationAlgorithm.Dbscan => RunKDistanceAsync(space, Settings.MinSamples),
            _ => Task.CompletedTask,
        };
        if (Volatile.Read(ref _settled))
        {
            _ = RunStabilityAsync();
        }
    }

    private int SweepMaxClusters(ClusteringSpace space) => Math.Min(SegmentationSettings.MaxClusters, space.Features.Matrix.Rows - 1);

    private Task RunMixtureSweepAsync(ClusteringSpace space)
    {
        var seed = Settings.Seed;
        return RunCachedAsync(_mixtureSweepSlot, $"gmm-sweep|{seed}|{space.Key}", (progress, ct) => GaussianMixtureSweep.Run(
            space.Features.Matrix,
            new GaussianMixtureSweepOptions
            {
                MinComponents = SegmentationSettings.MinClusters,
                MaxComponents = SweepMaxClusters(space),
                CovarianceTypes = [CovarianceType.Full, CovarianceType.Tied, CovarianceType.Diagonal, CovarianceType.Spherical],
                Fit = new GaussianMixtureOptions { Seed = seed },
            },
            progress,
            ct));
    }

    private Task RunLinkageSweepAsync(ClusteringSpace space)
    {
        var seed = Settings.Seed;
        var limits = Limits;
        return RunCachedAsync(
            _linkageSweepSlot,
            $"linkage-sweep|{limits.AgglomerativeSampleLimit}|{limits.MatrixLinkageSampleLimit}|{limits.SilhouetteExactLimit}|{seed}|{space.Key}",
            (progress, ct) => Analytics.Pipeline.LinkageSweep.Run(
                (linkage, token) => _structures.Agglomerative(space, linkage, limits.AgglomerativeSampleLimitFor(linkage), seed, token),
                space.Features.Matrix,
                SegmentationSettings.MinClusters,
                SweepMaxClusters(space),
                new SilhouetteOptions { MaxExactRows = limits.SilhouetteExactLimit, Seed = seed },
                progress,
                ct));
    }

    private Task RunKDistanceAsync(ClusteringSpace space, int minSamples) =>
        RunCachedAsync(_kDistanceSlot, $"kdistance|{minSamples}|{space.Key}", (_, ct) => KDistanceCurve.Compute(_structures.DbscanIndex(space, ct), minSamples, ct));

    private async Task RunStabilityAsync()
    {
        // While a newer segmentation is computed, the one shown is about to go: its stability would be wasted work.
        if (Space is not { } space || Segmentation is not { } result || _segmentationSlot.IsRunning)
        {
            return;
        }

        var refit = _pipeline.Segmenter.RefitFunction(result.Settings, result.NumberOfClusters);
        await _stabilitySlot.RunAsync(StepKeys.Segmentation(space.Key, result.Settings), (_, ct) => Analytics.Evaluation.Stability.Evaluate(
            space.Features.Matrix, refit, result.Labels, new StabilityOptions { Resamples = 20, Seed = result.Settings.Seed }, cancellationToken: ct));
    }

    private async Task RunComparisonAsync()
    {
        if (Space is not { } space || Segmentation is not { } primary || ComparisonAlgorithm is not { } algorithm || ComparisonKey is not { } key)
        {
            return;
        }

        var settings = SettingsFor(algorithm);
        await _comparisonSlot.RunAsync(key, (_, ct) => SegmentationComparison.Create(primary, _pipeline.Segment(space, settings, _structures, ct)));
    }
}
