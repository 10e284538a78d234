using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace SegmentIQ.Web.Api;

/// <summary>An uploaded dataset held by the API, with the response that describes it.</summary>
public sealed record ApiDataset(string Id, LoadedDataset Dataset, DatasetResponse Description);

/// <summary>
/// The uploaded datasets, in a <see cref="BoundedStore{T}"/> limited by <see cref="SegmentIqApiOptions.MaxDatasets"/>
/// and <see cref="SegmentIqApiOptions.MaxDatasetMegabytes"/> (least recently used evicted first).
/// </summary>
public sealed class DatasetStore(IOptions<SegmentIqApiOptions> options)
{
    private readonly BoundedStore<ApiDataset> _store = new(options.Value.MaxDatasets, options.Value.MaxDatasetBytes);

    /// <summary>The underlying store (limits and counts).</summary>
    public BoundedStore<ApiDataset> Store => _store;

    /// <summary>Approximate memory a loaded dataset takes: purchase columns, interned strings and the feature table.</summary>
    public static long EstimateBytes(LoadedDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        long bytes = 16 * 1024;
        if (dataset.Purchases is { } purchases)
        {
            // 7 ints and 3 eight-byte values per line; strings are interned once per distinct value.
            bytes += purchases.Count * 52L;
            var pools = purchases.Pools;
            foreach (var pool in new[] { pools.Invoices, pools.Products, pools.Descriptions, pools.Customers, pools.Countries })
            {
                foreach (var value in pool.Values)
                {
                    bytes += 64 + (2L * value.Length);
                }
            }
        }

        var table = dataset.Features;
        bytes += table.Count * ((table.Columns.Count * 8L) + 64);
        return bytes;
    }

    /// <summary>Adds the dataset <paramref name="create"/> makes for a new id; null when it alone is larger than the store.</summary>
    public ApiDataset? TryAdd(Func<string, ApiDataset> create, long bytes)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!_store.Fits(bytes))
        {
            return null;
        }

        var dataset = create(ApiIds.New("ds"));
        _store.Add(dataset.Id, dataset, bytes);
        return dataset;
    }

    /// <summary>The dataset <paramref name="id"/>, or the problem to answer (404 never existed or deleted, 410 evicted).</summary>
    public (ApiDataset? Dataset, ProblemHttpResult? Problem) Find(string id, string field = "id")
    {
        var found = _store.Get(id);
        return found.Status switch
        {
            StoreStatus.Found => (found.Value, null),
            StoreStatus.Evicted => (null, ApiProblems.Problem(
                StatusCodes.Status410Gone,
                "Dataset evicted",
                string.Create(CultureInfo.InvariantCulture, $"Dataset '{id}' was evicted because the dataset store is full (at most {_store.MaxCount} datasets and {_store.MaxBytes / (1024 * 1024):N0} MB, SegmentIQ:Api:MaxDatasets and MaxDatasetMegabytes); upload the file again."),
                field)),
            _ => (null, ApiProblems.Problem(StatusCodes.Status404NotFound, "Dataset not found", $"There is no dataset '{id}': it was never uploaded or has been deleted.", field)),
        };
    }

    /// <summary>Deletes a dataset; false when it is not held.</summary>
    public bool Remove(string id) => _store.Remove(id);
}

/// <summary>Random ids for API resources.</summary>
public static class ApiIds
{
    /// <summary>A new id: the prefix and 20 random hex digits (e.g. <c>ds_4f0c…</c>).</summary>
    public static string New(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 21)];
}

/// <summary>Where a model is: waiting in the training queue, training, ready to predict, or failed.</summary>
public static class ModelStatus
{
    /// <summary>Waiting for a training slot.</summary>
    public const string Queued = "queued";

    /// <summary>Training now.</summary>
    public const string Training = "training";

    /// <summary>Trained; predictions are available.</summary>
    public const string Ready = "ready";

    /// <summary>Training failed; the model's error says why.</summary>
    public const string Failed = "failed";
}

/// <summary>A trained classifier with what predictions need: the segments' names and personas and the Recency reference date.</summary>
/// <param name="Classifier">The ML.NET-trained classifier (thread-safe predictions from raw feature values).</param>
/// <param name="Segments">The segments it predicts, numbered from 1.</param>
/// <param name="Personas">Persona name per zero-based segment.</param>
/// <param name="ReferenceDate">The day after the training data's last purchase (transaction datasets); null for customer tables.</param>
/// <param name="Cleaning">How the training data's purchase lines were cleaned (applied to transactions sent to predict).</param>
/// <param name="Warnings">Caveats of the segmentation and of the training.</param>
public sealed record TrainedModel(
    Analytics.Classification.SegmentClassifierModel Classifier,
    IReadOnlyList<ModelSegment> Segments,
    IReadOnlyList<string> Personas,
    DateTime? ReferenceDate,
    Analytics.Cleaning.CleaningOptions Cleaning,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The segments' display names, shared by every prediction of the model.</summary>
    public SegmentNameSet Names { get; } = new(Classifier.SegmentNames);
}

/// <summary>One state of a model (replaced whole, so readers never see half an update).</summary>
public sealed record ModelState(string Status, string? Error, TrainedModel? Trained, DateTimeOffset? FinishedAt);

/// <summary>
/// A model asked for through the API: what it learns (dataset and segmentation) and its current <see cref="ModelState"/>,
/// which the training queue moves from queued to training to ready or failed.
/// </summary>
public sealed class ApiModel
{
    private ModelState _state = new(ModelStatus.Queued, null, null, null);
    private LoadedDataset? _dataset;

    /// <summary>A queued model of <paramref name="dataset"/>'s segmentation with <paramref name="segmentation"/>.</summary>
    public ApiModel(string id, ApiDataset dataset, ResolvedSegmentation segmentation, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Id = id;
        DatasetId = dataset.Id;
        DatasetName = dataset.Dataset.Name;
        Segmentation = segmentation;
        CreatedAt = createdAt;
        _dataset = dataset.Dataset;
    }

    /// <summary>The model id.</summary>
    public string Id { get; }

    /// <summary>The dataset it learns from.</summary>
    public string DatasetId { get; }

    /// <summary>That dataset's file name.</summary>
    public string DatasetName { get; }

    /// <summary>The segmentation it learns.</summary>
    public ResolvedSegmentation Segmentation { get; }

    /// <summary>When it was asked for.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Cancelled when the model is evicted or the app stops, so queued or running training ends early.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The current state.</summary>
    public ModelState State => Volatile.Read(ref _state);

    /// <summary>
    /// The dataset to train on, held only until training ends (the model keeps what predictions need, not the data,
    /// so an evicted dataset is really freed).
    /// </summary>
    public LoadedDataset? Dataset => Volatile.Read(ref _dataset);

    /// <summary>Moves to training.</summary>
    public void MarkTraining() => Volatile.Write(ref _state, new ModelState(ModelStatus.Training, null, null, null));

    /// <summary>Moves to ready with <paramref name="trained"/>.</summary>
    public void MarkReady(TrainedModel trained, DateTimeOffset at)
    {
        Volatile.Write(ref _state, new ModelState(ModelStatus.Ready, null, trained, at));
        Volatile.Write(ref _dataset, null);
    }

    /// <summary>Moves to failed with a message for the caller.</summary>
    public void MarkFailed(string error, DateTimeOffset at)
    {
        Volatile.Write(ref _state, new ModelState(ModelStatus.Failed, error, null, at));
        Volatile.Write(ref _dataset, null);
    }
}

/// <summary>
/// The models, in a <see cref="BoundedStore{T}"/> of at most <see cref="SegmentIqApiOptions.MaxModels"/> (least recently
/// used evicted first; an evicted model's training is cancelled).
/// </summary>
public sealed class ModelStore(IOptions<SegmentIqApiOptions> options)
{
    private readonly BoundedStore<ApiModel> _store = new(options.Value.MaxModels, long.MaxValue, onEvicted: (_, model) => model.Cancellation.Cancel());

    /// <summary>Adds a model under its id.</summary>
    public void Add(ApiModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _store.Add(model.Id, model, 1);
    }

    /// <summary>The model <paramref name="id"/>, or the problem to answer (404 never existed, 410 evicted).</summary>
    public (ApiModel? Model, ProblemHttpResult? Problem) Find(string id)
    {
        var found = _store.Get(id);
        return found.Status switch
        {
            StoreStatus.Found => (found.Value, null),
            StoreStatus.Evicted => (null, ApiProblems.Problem(
                StatusCodes.Status410Gone,
                "Model evicted",
                string.Create(CultureInfo.InvariantCulture, $"Model '{id}' was evicted because the model store is full (at most {_store.MaxCount} models, SegmentIQ:Api:MaxModels); train it again."),
                "id")),
            _ => (null, ApiProblems.Problem(StatusCodes.Status404NotFound, "Model not found", $"There is no model '{id}': it was never created or has been deleted.", "id")),
        };
    }

    /// <summary>Removes a model and cancels its training; false when it is not held.</summary>
    public bool Remove(string id)
    {
        var found = _store.Get(id);
        if (found.Value is { } model && _store.Remove(id))
        {
            model.Cancellation.Cancel();
            return true;
        }

        return false;
    }
}
