using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Evaluation;

namespace SegmentIQ.Web.State;

/// <summary>The clustering toolbox's state: reusable structures, per-algorithm sweeps, stability and the comparison.</summary>
public sealed partial class AnalysisSession
{
    private readonly ClusteringStructureCache _structures = new();
    private readonly LatestWinsRunner _stabilityRunner = new();
    private readonly LatestWinsRunner _mixtureSweepRunner = new();
    private readonly LatestWinsRunner _linkageSweepRunner = new();
    private readonly LatestWinsRunner _kDistanceRunner = new();
    private readonly LatestWinsRunner _comparisonRunner = new();
    private readonly Dictionary<SegmentationAlgorithm, SegmentationSettings> _lastSettings = [];
    private ClusteringSpace? _mixtureSweepSpace;
    private ClusteringSpace? _linkageSweepSpace;
    private int _kDistanceRequested;

    /// <summary>The session's reusable clustering structures (merge trees, DBSCAN index).</summary>
    public ClusteringStructureCache Structures => _structures;

    /// <summary>Hierarchical clustering builds its tree on a sample above this many customers.</summary>
    public int AgglomerativeSampleLimit => _segmentation.Options.AgglomerativeSampleLimitFor(Settings.Linkage);

    /// <summary>Bootstrap stability of <see cref="StabilityFor"/> (mean ARI over 20 resamples), once computed.</summary>
    public StabilityResult? Stability { get; private set; }

    /// <summary>The result <see cref="Stability"/> belongs to.</summary>
    public SegmentationResult? StabilityFor { get; private set; }

    /// <summary>Why the stability could not be computed, if it could not.</summary>
    public string? StabilityError { get; private set; }

    /// <summary>True while the stability of the current result is computed.</summary>
    public bool IsStabilityRunning => _stabilityRunner.IsRunning;

    /// <summary>BIC/AIC per k and covariance type (mixtures), once computed.</summary>
    public GaussianMixtureSweepResult? MixtureSweep { get; private set; }

    /// <summary>Progress of the mixture sweep, 0..1.</summary>
    public double MixtureSweepProgress { get; private set; }

    /// <summary>True while the mixture sweep runs.</summary>
    public bool IsMixtureSweeping => _mixtureSweepRunner.IsRunning;

    /// <summary>Silhouette per k and linkage (hierarchical), once computed.</summary>
    public LinkageSweepResult? LinkageSweep { get; private set; }

    /// <summary>Progress of the linkage sweep, 0..1.</summary>
    public double LinkageSweepProgress { get; private set; }

    /// <summary>True while the linkage sweep runs.</summary>
    public bool IsLinkageSweeping => _linkageSweepRunner.IsRunning;

    /// <summary>The sorted k-distance curve for the current min_samples (DBSCAN), once computed.</summary>
    public KDistanceCurve? KDistance { get; private set; }

    /// <summary>True while the k-distance curve is computed.</summary>
    public bool IsKDistanceRunning => _kDistanceRunner.IsRunning;

    /// <summary>The algorithm the current segmentation is compared with, if any.</summary>
    public SegmentationAlgorithm? ComparisonAlgorithm { get; private set; }

    /// <summary>The comparison of the current segmentation with <see cref="ComparisonAlgorithm"/>, once computed.</summary>
    public SegmentationComparison? Comparison { get; private set; }

    /// <summary>Why the comparison could not be computed, if it could not.</summary>
    public string? ComparisonError { get; private set; }

    /// <summary>True while the comparison runs.</summary>
    public bool IsComparing => _comparisonRunner.IsRunning;

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
        Comparison = null;
        ComparisonError = null;
        if (algorithm is null)
        {
            _comparisonRunner.Cancel();
            Notify();
            return;
        }

        Notify();
        await RunComparisonAsync();
    }

    private void OnSettingsUpdated(SegmentationSettings settings)
    {
        _lastSettings[settings.Algorithm] = settings;
        EnsureAlgorithmSweeps();
    }

    private void OnSpaceActivated()
    {
        MixtureSweep = null;
        LinkageSweep = null;
        KDistance = null;
        Stability = null;
        StabilityFor = null;
        Comparison = null;
        _mixtureSweepSpace = null;
        _linkageSweepSpace = null;
        EnsureAlgorithmSweeps();
    }

    private void OnSegmentationUpdated()
    {
        _ = RunStabilityAsync();
        if (ComparisonAlgorithm is not null)
        {
            _ = RunComparisonAsync();
        }
    }

    private void DisposeClustering()
    {
        _stabilityRunner.Dispose();
        _mixtureSweepRunner.Dispose();
        _linkageSweepRunner.Dispose();
        _kDistanceRunner.Dispose();
        _comparisonRunner.Dispose();
        _structures.Dispose();
    }

    /// <summary>Starts the background sweep the current algorithm's charts need, unless it is done or running.</summary>
    private void EnsureAlgorithmSweeps()
    {
        var space = Space;
        var hash = Dataset?.Key;
        if (space is null || hash is null)
        {
            return;
        }

        switch (Settings.Algorithm)
        {
            case SegmentationAlgorithm.GaussianMixture when !ReferenceEquals(_mixtureSweepSpace, space):
                _mixtureSweepSpace = space;
                _ = RunMixtureSweepAsync(space, hash);
                break;
            case SegmentationAlgorithm.Hierarchical when !ReferenceEquals(_linkageSweepSpace, space):
                _linkageSweepSpace = space;
                _ = RunLinkageSweepAsync(space, hash);
                break;
            case SegmentationAlgorithm.Dbscan when KDistance?.MinSamples != Settings.MinSamples && _kDistanceRequested != Settings.MinSamples:
                _ = RunKDistanceAsync(space, hash, Settings.MinSamples);
                break;
        }
    }

    private int SweepMaxClusters(ClusteringSpace space) => Math.Min(SegmentationSettings.MaxClusters, space.Features.Matrix.Rows - 1);

    private async Task RunMixtureSweepAsync(ClusteringSpace space, string hash)
    {
        var seed = Settings.Seed;
        var (done, sweep, error) = await RunCachedSweepAsync(
            "gmm-sweep|" + space.CacheKey(hash),
            space,
            _mixtureSweepRunner,
            p => MixtureSweepProgress = p,
            (progress, ct) => GaussianMixtureSweep.Run(
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
        if (done)
        {
            MixtureSweep = sweep;
            SegmentationError ??= error;
        }
        else if (ReferenceEquals(space, _mixtureSweepSpace))
        {
            // Superseded: let the next request for this space start it again.
            _mixtureSweepSpace = null;
        }

        Notify();
    }

    private async Task RunLinkageSweepAsync(ClusteringSpace space, string hash)
    {
        var seed = Settings.Seed;
        var options = _segmentation.Options;
        var (done, sweep, _) = await RunCachedSweepAsync(
            $"linkage-sweep|{options.AgglomerativeSampleLimit}|{options.MatrixLinkageSampleLimit}|{seed}|" + space.CacheKey(hash),
            space,
            _linkageSweepRunner,
            p => LinkageSweepProgress = p,
            (progress, ct) => Analytics.Pipeline.LinkageSweep.Run(
                (linkage, token) => _structures.Agglomerative(space, linkage, options.AgglomerativeSampleLimitFor(linkage), seed, token),
                space.Features.Matrix,
                SegmentationSettings.MinClusters,
                SweepMaxClusters(space),
                new SilhouetteOptions { MaxExactRows = options.SilhouetteExactLimit, Seed = seed },
                progress,
                ct));
        if (done)
        {
            LinkageSweep = sweep;
        }
        else if (ReferenceEquals(space, _linkageSweepSpace))
        {
            _linkageSweepSpace = null;
        }

        Notify();
    }

    private async Task RunKDistanceAsync(ClusteringSpace space, string hash, int minSamples)
    {
        _kDistanceRequested = minSamples;
        var (done, curve, _) = await RunCachedSweepAsync(
            $"kdistance|{minSamples}|" + space.CacheKey(hash),
            space,
            _kDistanceRunner,
            null,
            (_, ct) => KDistanceCurve.Compute(_structures.DbscanIndex(space, ct), minSamples, ct));
        if (done)
        {
            KDistance = curve;
        }

        if (_kDistanceRequested == minSamples)
        {
            _kDistanceRequested = 0;
        }

        Notify();
    }

    private async Task RunStabilityAsync()
    {
        var space = Space;
        var result = Segmentation;
        if (space is null || result is null || ReferenceEquals(result, StabilityFor))
        {
            return;
        }

        Stability = null;
        StabilityError = null;
        StabilityFor = result;
        Notify();
        var refit = _segmentation.RefitFunction(result.Settings, result.NumberOfClusters);
        var (outcome, error) = await RunCatchingDataErrorsAsync(_stabilityRunner, ct => Analytics.Evaluation.Stability.Evaluate(
            space.Features.Matrix, refit, result.Labels, new StabilityOptions { Resamples = 20, Seed = result.Settings.Seed }, cancellationToken: ct));
        if (outcome.IsDone && ReferenceEquals(result, Segmentation))
        {
            Stability = outcome.Value;
            StabilityError = error;
        }

        Notify();
    }

    private async Task RunComparisonAsync()
    {
        var space = Space;
        var primary = Segmentation;
        if (space is null || primary is null || ComparisonAlgorithm is not { } algorithm)
        {
            return;
        }

        var settings = SettingsFor(algorithm);
        var (outcome, error) = await RunCatchingDataErrorsAsync(
            _comparisonRunner,
            ct => SegmentationComparison.Create(primary, _segmentation.Run(space, settings, _structures, ct)));
        if (outcome.IsDone && ReferenceEquals(primary, Segmentation) && ComparisonAlgorithm == algorithm)
        {
            Comparison = outcome.Value;
            ComparisonError = error;
        }

        Notify();
    }

    private Progress<double> ThrottledProgress(Action<double> set)
    {
        var lastReport = 0.0;
        return new Progress<double>(p =>
        {
            set(p);
            if (p - lastReport >= 0.05 || p >= 1)
            {
                lastReport = p;
                Notify();
            }
        });
    }
}
