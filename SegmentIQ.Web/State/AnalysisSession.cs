using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.State;

/// <summary>
/// Per-circuit analysis state: the loaded dataset, the clustering space, the current settings and results. Pages read
/// it and subscribe to <see cref="Changed"/>; every recomputation runs off the render thread and the newest request
/// wins (a slider that moves on cancels the stale fit).
/// </summary>
public sealed partial class AnalysisSession : IDisposable
{
    private readonly DefaultDataset _defaultDataset;
    private readonly Segmenter _segmentation;
    private readonly StepCache _sweeps;
    private readonly TimeProvider _timeProvider;
    private readonly LatestWinsRunner _loadRunner = new();
    private readonly LatestWinsRunner _spaceRunner = new();
    private readonly LatestWinsRunner _segmentRunner = new();
    private readonly LatestWinsRunner _sweepRunner = new();
    private Task? _initialization;

    /// <summary>Creates the session; <see cref="EnsureInitializedAsync"/> loads the bundled dataset.</summary>
    public AnalysisSession(DefaultDataset defaultDataset, Segmenter segmentation, StepCache sweeps, TimeProvider? timeProvider = null)
    {
        _defaultDataset = defaultDataset;
        _segmentation = segmentation;
        _sweeps = sweeps;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised after any state change; handlers marshal to their own renderer.</summary>
    public event Action? Changed;

    /// <summary>The dataset in use.</summary>
    public LoadedDataset? Dataset { get; private set; }

    /// <summary>The clustering space (chosen features, scaled) of the dataset in use.</summary>
    public ClusteringSpace? Space { get; private set; }

    /// <summary>The current settings.</summary>
    public SegmentationSettings Settings { get; private set; } = new();

    /// <summary>The segmentation for <see cref="Settings"/> (or the previous one while it is recomputed).</summary>
    public SegmentationResult? Segmentation { get; private set; }

    /// <summary>Why the current settings could not be fitted, if they could not.</summary>
    public string? SegmentationError { get; private set; }

    /// <summary>Inertia and silhouette per k for the current space, once computed.</summary>
    public KMeansSweepResult? KMeansSweep { get; private set; }

    /// <summary>Progress of the k sweep, 0..1.</summary>
    public double KMeansSweepProgress { get; private set; }

    /// <summary>A message about the bundled dataset or initialisation, if something went wrong.</summary>
    public string? InitializationError { get; private set; }

    /// <summary>True while a segmentation or feature change is being computed.</summary>
    public bool IsBusy => _segmentRunner.IsRunning || _spaceRunner.IsRunning;

    /// <summary>True while the sweep runs.</summary>
    public bool IsSweeping => _sweepRunner.IsRunning;

    /// <summary>Loads the bundled dataset the first time a page asks; later calls return at once.</summary>
    public Task EnsureInitializedAsync() => _initialization ??= InitializeAsync();

    /// <summary>
    /// Loads an uploaded file already saved at <paramref name="path"/>. On success the new dataset replaces the old one
    /// and segments are recomputed; on failure, cancellation or a mapping request nothing in the session changes.
    /// </summary>
    public async Task<LoadOutcome> LoadFileAsync(
        string path,
        string displayName,
        DataFileReadOptions? options,
        CleaningOptions? cleaning,
        string? sha256,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var outcome = await _loadRunner.RunAsync(ct =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, cancellationToken);
            return DatasetLoader.Load(path, displayName, options, cleaning, isDefaultSample: false, sha256, progress, linked.Token);
        });
        if (!outcome.IsDone || cancellationToken.IsCancellationRequested)
        {
            return LoadOutcome.Failed($"Loading {displayName} was cancelled; the previous dataset is still in use.");
        }

        var result = outcome.Value!;
        if (result.Dataset is not null)
        {
            var activated = await ActivateAsync(result.Dataset, FeatureSpaceOptions.DefaultFor(result.Dataset.Features));
            if (activated is not null)
            {
                return LoadOutcome.Failed($"{displayName}: {activated} The previous dataset is still in use.");
            }
        }

        return result;
    }

    /// <summary>Switches the clustering features (and which get log1p); segments and sweeps follow.</summary>
    public async Task<string?> SetFeaturesAsync(FeatureSpaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Dataset is null ? "No dataset is loaded." : await ActivateAsync(Dataset, options);
    }

    /// <summary>Applies new settings (a slider moved); the newest call wins.</summary>
    public async Task UpdateSettingsAsync(SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        OnSettingsUpdated(settings);
        Notify();
        await RecomputeSegmentationAsync();
    }

    /// <summary>
    /// The report input of the current analysis (with <paramref name="rules"/>, the top association rules when basket
    /// analysis ran), or null while there is no dataset, space or described segmentation yet.
    /// </summary>
    public ReportInput? TryBuildReportInput(IReadOnlyList<ReportRule>? rules = null)
    {
        var dataset = Dataset;
        var space = Space;
        var insights = Insights;
        return dataset is null || space is null || insights is null ? null : ReportBuilder.BuildInput(dataset, space, insights, rules);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _loadRunner.Dispose();
        _spaceRunner.Dispose();
        _segmentRunner.Dispose();
        _sweepRunner.Dispose();
        _basketRunner.Dispose();
        DisposeClustering();
        DisposeSavedAnalyses();
    }

    private async Task InitializeAsync()
    {
        var outcome = await _defaultDataset.GetAsync();
        if (outcome.Dataset is null)
        {
            InitializationError = outcome.Error ?? "The bundled dataset could not be loaded.";
            Notify();
            return;
        }

        if (Dataset is null)
        {
            InitializationError = await ActivateAsync(outcome.Dataset, FeatureSpaceOptions.DefaultFor(outcome.Dataset.Features));
        }
    }

    /// <summary>Builds the space for a dataset and makes both current; returns an error message or null.</summary>
    private async Task<string?> ActivateAsync(LoadedDataset dataset, FeatureSpaceOptions options)
    {
        Notify();
        string? error = null;
        var outcome = await _spaceRunner.RunAsync(ct =>
        {
            try
            {
                options.Validate(dataset.Features);
                return ClusteringSpace.Build(dataset.Features, options, ct);
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
                return null;
            }
        });
        if (!outcome.IsDone || outcome.Value is null)
        {
            Notify();
            return error ?? (outcome.IsDone ? "The features could not be prepared." : null);
        }

        Dataset = dataset;
        Space = outcome.Value;
        Segmentation = null;
        KMeansSweep = null;
        var maxK = Math.Min(SegmentationSettings.MaxClusters, Math.Max(SegmentationSettings.MinClusters, dataset.Features.Count - 1));
        if (Settings.NumberOfClusters > maxK)
        {
            Settings = Settings with { NumberOfClusters = maxK };
        }

        Notify();
        _ = RunSweepAsync(Space, dataset.Key);
        OnSpaceActivated();
        await RecomputeSegmentationAsync();
        return null;
    }

    private async Task RecomputeSegmentationAsync()
    {
        var space = Space;
        if (space is null)
        {
            return;
        }

        var settings = Settings;
        var (outcome, error) = await RunCatchingDataErrorsAsync(_segmentRunner, ct => _segmentation.Run(space, settings, _structures, ct));
        if (outcome.IsDone && ReferenceEquals(space, Space))
        {
            Segmentation = outcome.Value ?? Segmentation;
            SegmentationError = error;
            OnSegmentationUpdated();
        }

        Notify();
    }

    private async Task RunSweepAsync(ClusteringSpace space, string datasetHash)
    {
        var seed = Settings.Seed;
        var (done, sweep, _) = await RunCachedSweepAsync(
            "kmeans-sweep|" + space.CacheKey(datasetHash),
            space,
            _sweepRunner,
            p => KMeansSweepProgress = p,
            (progress, ct) => Analytics.Clustering.KMeans.KMeansSweep.Run(
                space.Features.Matrix,
                new KMeansSweepOptions
                {
                    MinClusters = SegmentationSettings.MinClusters,
                    MaxClusters = Math.Min(SegmentationSettings.MaxClusters, space.Features.Matrix.Rows - 1),
                    KMeans = new KMeansOptions { Seed = seed },
                    Silhouette = new SilhouetteOptions { Seed = seed },
                },
                progress,
                ct));
        if (done)
        {
            KMeansSweep = sweep;
        }

        Notify();
    }

    /// <summary>
    /// Runs a parameter sweep of <paramref name="space"/> through <paramref name="runner"/> (newest wins), or takes it from
    /// the shared cache under <paramref name="key"/>; reports progress through <paramref name="setProgress"/> (throttled
    /// notifications). Done is false when the run was superseded or the space changed meanwhile; Error carries a data
    /// problem the sweep ran into.
    /// </summary>
    private async Task<(bool Done, T? Result, string? Error)> RunCachedSweepAsync<T>(
        string key,
        ClusteringSpace space,
        LatestWinsRunner runner,
        Action<double>? setProgress,
        Func<IProgress<double>?, CancellationToken, T> compute)
        where T : class
    {
        if (_sweeps.TryGet<T>(key, out var cached))
        {
            runner.Cancel();
            setProgress?.Invoke(1);
            return (true, cached, null);
        }

        setProgress?.Invoke(0);
        var progress = setProgress is null ? null : ThrottledProgress(setProgress);
        var (outcome, error) = await RunCatchingDataErrorsAsync(runner, ct => compute(progress, ct));
        if (!outcome.IsDone || !ReferenceEquals(space, Space))
        {
            return (false, null, null);
        }

        if (outcome.Value is { } value)
        {
            _sweeps.Set(key, value);
        }

        setProgress?.Invoke(1);
        return (true, outcome.Value, error);
    }

    /// <summary>
    /// Runs <paramref name="work"/> through <paramref name="runner"/>, turning the problems a user's data or settings can
    /// cause (<see cref="ClusteringDataException"/>, an option out of range) into a message instead of a failed task.
    /// </summary>
    private static async Task<(RunOutcome<T?> Outcome, string? Error)> RunCatchingDataErrorsAsync<T>(LatestWinsRunner runner, Func<CancellationToken, T> work)
        where T : class
    {
        string? error = null;
        var outcome = await runner.RunAsync<T?>(ct =>
        {
            try
            {
                return work(ct);
            }
            catch (ClusteringDataException ex)
            {
                error = ex.Message;
                return null;
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
                return null;
            }
        });
        return (outcome, error);
    }

    private void Notify() => Changed?.Invoke();
}
