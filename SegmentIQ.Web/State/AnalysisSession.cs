using System.Diagnostics;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.KMeans;
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
    private readonly AnalysisPipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly FailureLog? _failures;
    private readonly ILogger<AnalysisSession>? _logger;
    private readonly LatestWinsRunner _loadRunner = new();
    private readonly LatestWinsRunner _spaceRunner = new();
    private readonly Slot<SegmentationResult> _segmentationSlot = new(DescribeDataError, keepValueOnError: true);
    private readonly Slot<KMeansSweepResult> _kMeansSweepSlot = new(DescribeDataError);
    private readonly FitLane? _lane;
    private Task? _initialization;
    private int _loadsWaiting;
    private string? _retainedDatasetKey;

    /// <summary>Creates the session; <see cref="EnsureInitializedAsync"/> loads the bundled dataset.</summary>
    /// <remarks>
    /// With a <paramref name="fits"/> scheduler every background result waits for its turn there (the segmentation
    /// before any sweep), so many sessions share the CPU fairly; without one (component tests) they run at once.
    /// </remarks>
    public AnalysisSession(DefaultDataset defaultDataset, AnalysisPipeline pipeline, TimeProvider? timeProvider = null, WorkspaceStore? workspaces = null, FitScheduler? fits = null, FailureLog? failures = null, ILogger<AnalysisSession>? logger = null)
    {
        _failures = failures;
        _logger = logger;
        _defaultDataset = defaultDataset;
        _pipeline = pipeline;
        _workspaces = workspaces;
        _timeProvider = timeProvider ?? TimeProvider.System;
        var lane = _lane = fits is null ? null : new FitLane(fits, Guid.NewGuid().ToString("N"));
        foreach (var slot in Slots)
        {
            slot.Changed += Notify;
            if (lane is not null)
            {
                slot.ScheduleThrough(lane, ReferenceEquals(slot, _segmentationSlot) ? FitPriority.Interactive : FitPriority.Background);
            }
        }
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
    public SegmentationResult? Segmentation => _segmentationSlot.Value;

    /// <summary>Why the current settings could not be fitted, if they could not.</summary>
    public string? SegmentationError => _segmentationSlot.Error ?? _mixtureSweepSlot.Error;

    /// <summary>Inertia and silhouette per k for the current space, once computed.</summary>
    public KMeansSweepResult? KMeansSweep => _kMeansSweepSlot.Value;

    /// <summary>Progress of the k sweep, 0..1.</summary>
    public double KMeansSweepProgress => _kMeansSweepSlot.Progress;

    /// <summary>A message about the bundled dataset or initialisation, if something went wrong.</summary>
    public string? InitializationError { get; private set; }

    /// <summary>True while a segmentation or feature change is being computed.</summary>
    public bool IsBusy => _segmentationSlot.IsRunning || _spaceRunner.IsRunning;

    /// <summary>True while the segmentation for the current settings waits for a free CPU slot (other sessions' fits run).</summary>
    public bool IsWaitingForTurn => _segmentationSlot.IsWaiting;

    /// <summary>True while an uploaded file waits for a free CPU slot before it is read (other sessions read or fit).</summary>
    public bool IsLoadWaitingForTurn => Volatile.Read(ref _loadsWaiting) > 0;

    /// <summary>True while a file or any background result of the session waits for a free CPU slot.</summary>
    public bool IsAnyWaitingForTurn => IsLoadWaitingForTurn || Slots.Any(s => s.IsWaiting);

    /// <summary>True while the sweep runs.</summary>
    public bool IsSweeping => _kMeansSweepSlot.IsRunning;

    /// <summary>The key of the current segmentation's inputs (space and settings), or null before a space exists.</summary>
    private string? SegmentationKey => Space is { } space ? StepKeys.Segmentation(space.Key, Settings) : null;

    /// <summary>Loads the bundled dataset the first time a page asks; later calls return at once.</summary>
    public Task EnsureInitializedAsync() => _initialization ??= InitializeAsync();

    /// <summary>
    /// Loads an uploaded file already saved at <paramref name="path"/>. On success the new dataset replaces the old one
    /// and segments are recomputed; on failure, cancellation or a mapping request nothing in the session changes. While
    /// the file is read, the session's own background results for the data on screen (sweeps, stability) stop, so the
    /// read has the CPU; they start again when the data stays.
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
        PauseBackgroundWork();
        RunOutcome<LoadOutcome> outcome;
        try
        {
            // Reading is the heaviest step: many uploads at once take turns with every session's fits (at most one
            // per processor), instead of all crawling together and starving the circuits' threads.
            using var turn = await WaitForLoadTurnAsync(cancellationToken);
            outcome = await ReadFileAsync(path, displayName, options, cleaning, sha256, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = default;
        }

        if (!outcome.IsDone || cancellationToken.IsCancellationRequested)
        {
            if (outcome.IsDone || cancellationToken.IsCancellationRequested)
            {
                // Cancelled by the person (a newer read, which superseded this one, does its own).
                ResumeBackgroundWork();
            }

            return LoadOutcome.Failed($"Loading {displayName} was cancelled; the previous dataset is still in use.");
        }

        var result = outcome.Value!;
        if (result.Dataset is null)
        {
            ResumeBackgroundWork();
            return result;
        }

        var activated = await ActivateAsync(result.Dataset, FeatureSpaceOptions.DefaultFor(result.Dataset.Features));
        if (activated is not null)
        {
            ResumeBackgroundWork();
            return LoadOutcome.Failed($"{displayName}: {activated} The previous dataset is still in use.");
        }

        return result;
    }

    private Task<RunOutcome<LoadOutcome>> ReadFileAsync(
        string path,
        string displayName,
        DataFileReadOptions? options,
        CleaningOptions? cleaning,
        string? sha256,
        IProgress<ReadProgress>? progress,
        CancellationToken cancellationToken) =>
        _loadRunner.RunAsync(ct =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, cancellationToken);
            try
            {
                return DatasetLoader.Load(path, displayName, options, cleaning, isDefaultSample: false, sha256, progress, linked.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Data problems come back as messages; anything else is a bug or a resource failure: logged, never shown.
                return LoadOutcome.Failed(CouldNotRead(displayName, ex));
            }
        });

    /// <summary>
    /// Waits for a run of the process's fit scheduler (at interactive priority: a person waits for the file), showing
    /// <see cref="IsLoadWaitingForTurn"/> meanwhile; null without a scheduler (component tests). Dispose to free the run.
    /// </summary>
    private async Task<IDisposable?> WaitForLoadTurnAsync(CancellationToken cancellationToken)
    {
        if (_lane is null)
        {
            return null;
        }

        var admission = _lane.AcquireAsync(FitPriority.Interactive, cancellationToken);
        if (admission.IsCompletedSuccessfully)
        {
            return admission.Result;
        }

        Interlocked.Increment(ref _loadsWaiting);
        Changed?.Invoke();
        try
        {
            return await admission.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _loadsWaiting);
            Changed?.Invoke();
        }
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
        await RecomputeSegmentationAsync(logTiming: true);
    }

    /// <summary>
    /// The report input of the current analysis (with <paramref name="rules"/>, the top association rules when basket
    /// analysis ran, and the movers chosen on the Over time page, or the latest, when segments over time are computed), or null while there is no dataset, space
    /// or described segmentation yet.
    /// </summary>
    public ReportInput? TryBuildReportInput(IReadOnlyList<ReportRule>? rules = null)
    {
        var dataset = Dataset;
        var space = Space;
        var insights = Insights;
        if (dataset is null || space is null || insights is null)
        {
            return null;
        }

        // The lifetime sheet and the movers are included once computed for this analysis (BuildReportInputAsync
        // computes them on export).
        var lifetime = LifetimeFit is { } fit && LifetimeValues is { } values && ReferenceEquals(fit.Summary, values.Summary) ? new ReportLifetime(fit, values, LifetimeOptions.AtRiskThreshold) : null;
        var input = ReportBuilder.BuildInput(dataset, space, insights, rules) with { Lifetime = lifetime, Currency = Currency };
        return Temporal is { } temporal ? input with { Movers = ReportBuilder.Movers(temporal, MoversSelection) } : input;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _loadRunner.Dispose();
        _spaceRunner.Dispose();
        foreach (var slot in Slots)
        {
            slot.Changed -= Notify;
            slot.Dispose();
        }

        DisposeClustering();
        DisposeSavedAnalyses();

        // The circuit is gone: its cached steps go now, its kept work after the store's retention period.
        RetainSteps(null);
        if (WorkspaceId is { } workspaceId)
        {
            _workspaces?.Detach(workspaceId, _connectionLostAt);
        }
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

        // A reloaded tab restoring its own work must not be overtaken by the sample.
        if (Dataset is null && !IsRestoringWorkspace)
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
                return _pipeline.Space(dataset, options, ct);
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

        RetainSteps(dataset);
        Dataset = dataset;
        Space = outcome.Value;
        foreach (var slot in Slots)
        {
            // Every derived result belonged to the old space; a different key would mark them stale anyway. Quietly: the
            // segmentation started below notifies, with the new dataset already marked busy.
            slot.Reset(notify: false);
        }
        var maxK = Math.Min(SegmentationSettings.MaxClusters, Math.Max(SegmentationSettings.MinClusters, dataset.Features.Count - 1));
        if (Settings.NumberOfClusters > maxK)
        {
            Settings = Settings with { NumberOfClusters = maxK };
        }

        // No notification of its own here: starting the segmentation notifies (its slot changes), so pages see the new
        // dataset already marked busy and can wait for its segments rather than draw it without them first.
        await RecomputeSegmentationAsync();
        return null;
    }

    /// <summary>
    /// Holds the shared cache's steps of <paramref name="dataset"/> (an upload; the bundled sample's stay cached for
    /// everyone) and releases those of the dataset used before, so they are dropped when no session uses it.
    /// </summary>
    private void RetainSteps(LoadedDataset? dataset)
    {
        var next = dataset is { IsDefaultSample: false } ? dataset.Key : null;
        var previous = Interlocked.Exchange(ref _retainedDatasetKey, next);
        if (string.Equals(previous, next, StringComparison.Ordinal))
        {
            return;
        }

        if (next is not null)
        {
            _pipeline.Cache.Retain(next);
        }

        if (previous is not null)
        {
            _pipeline.Cache.Release(previous);
        }
    }

    private async Task RecomputeSegmentationAsync(bool logTiming = false)
    {
        var space = Space;
        if (space is null)
        {
            return;
        }

        var settings = Settings;
        var requested = Stopwatch.GetTimestamp();
        var admitted = requested;
        if (await _segmentationSlot.RunAsync(StepKeys.Segmentation(space.Key, settings), (_, ct) =>
        {
            admitted = Stopwatch.GetTimestamp();
            return _pipeline.Segment(space, settings, _structures, ct);
        }))
        {
            // The server's share of a slider move, apart from rendering and the browser (the load bench reads it).
            if (logTiming && _logger is { } logger && logger.IsEnabled(LogLevel.Information))
            {
                var totalMs = Stopwatch.GetElapsedTime(requested).TotalMilliseconds;
                var waitMs = Stopwatch.GetElapsedTime(requested, admitted).TotalMilliseconds;
                LogSegmentationTiming(logger, settings.NumberOfClusters, totalMs, waitMs, totalMs - waitMs);
            }

            OnSegmentationUpdated();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slider fit timing: k {K}, {TotalMs:F1} ms from request to result, {WaitMs:F1} ms waiting for a fit slot and a thread, {FitMs:F1} ms fitting")]
    private static partial void LogSegmentationTiming(ILogger logger, int k, double totalMs, double waitMs, double fitMs);

    private Task RunSweepAsync(ClusteringSpace space)
    {
        var seed = Settings.Seed;
        return _kMeansSweepSlot.RunAsync(
            StepKeys.KMeansSweep(space.Key, seed, Limits.SilhouetteExactLimit),
            (progress, ct) => _pipeline.KMeansSweep(space, seed, progress, ct));
    }

    /// <summary>
    /// Computes <paramref name="slot"/>'s result for <paramref name="key"/> through the pipeline's shared cache, so a
    /// sweep of the same space and settings is computed once per process whichever session asks first.
    /// </summary>
    private Task<bool> RunCachedAsync<T>(Slot<T> slot, string key, Func<IProgress<double>, CancellationToken, T> compute)
        where T : class =>
        slot.RunAsync(key, (progress, ct) => _pipeline.Cache.GetOrAdd(key, () => compute(progress, ct)));

    /// <summary>The problems a user's data or settings can cause, as messages; null for a bug, which is not hidden.</summary>
    /// <summary>"could not read …" with the id under which <paramref name="exception"/> was logged.</summary>
    internal string CouldNotRead(string displayName, Exception exception)
    {
        var id = _failures?.Report(exception, $"reading {displayName}") ?? "not logged";
        return $"{displayName}: could not read the file (error id {id}); the previous dataset is still in use.";
    }

    private static string? DescribeDataError(Exception exception) => exception switch
    {
        ClusteringDataException data => data.Message,
        Analytics.Lifetime.LifetimeDataException lifetime => lifetime.Message,
        ArgumentException argument => argument.Message,
        InvalidOperationException invalid => invalid.Message,
        Analytics.Sources.SourceException source => source.Message,
        _ => null,
    };

    private void Notify()
    {
        SaveWorkspace();
        Changed?.Invoke();
    }
}
