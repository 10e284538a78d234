using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Web.Api;

/// <summary>
/// Trains the models asked for through <c>POST /api/v1/models</c> in the background: a bounded queue
/// (<see cref="SegmentIqApiOptions.MaxQueuedTrainings"/>) drained by <see cref="SegmentIqApiOptions.TrainingConcurrency"/>
/// workers, so training never runs on a request thread and never takes more than its share of the machine. Each
/// training segments the dataset through the shared <see cref="AnalysisPipeline"/> (the same segments as
/// <c>/segmentations</c> and the app) and fits the <see cref="SegmentClassifier"/> on the raw feature values.
/// </summary>
public sealed class ModelTrainingQueue(
    AnalysisPipeline pipeline,
    IOptions<SegmentIqApiOptions> options,
    TimeProvider time,
    ILogger<ModelTrainingQueue> logger) : BackgroundService
{
    private readonly Channel<ApiModel> _queue = Channel.CreateBounded<ApiModel>(new BoundedChannelOptions(options.Value.MaxQueuedTrainings)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = options.Value.TrainingConcurrency == 1,
    });

    /// <summary>Queues <paramref name="model"/>; false when the queue is full (the caller answers 503).</summary>
    public bool TryEnqueue(ApiModel model) => _queue.Writer.TryWrite(model);

    /// <summary>Trains <paramref name="model"/> now, on the calling thread, and records the outcome on it.</summary>
    public void Train(ApiModel model, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, model.Cancellation.Token);
        var cancellationToken = linked.Token;
        if (model.Dataset is not { } dataset || cancellationToken.IsCancellationRequested)
        {
            model.MarkFailed("Training was cancelled: the model was evicted or deleted, or the server is stopping.", time.GetUtcNow());
            return;
        }

        model.MarkTraining();
        try
        {
            var resolved = model.Segmentation;
            var space = pipeline.Space(dataset, resolved.Features, cancellationToken);
            var segmentation = pipeline.Segment(space, resolved.Settings, null, cancellationToken);
            var insights = pipeline.Describe(space, segmentation, cancellationToken);
            var k = segmentation.NumberOfClusters;
            var names = Enumerable.Range(0, k).Select(label => SegmentNames.Display(label, insights.Personas)).ToArray();
            var personas = Enumerable.Range(0, k).Select(insights.Personas.NameOf).ToArray();
            var data = SegmentClassifierTrainingData.FromFeatureSpace(space.Table, space.Features, segmentation.Labels, names);
            var classifier = new SegmentClassifier().Train(data, cancellationToken);
            var segments = Enumerable.Range(0, k).Select(label => new ModelSegment(label + 1, names[label], personas[label], segmentation.Sizes[label])).ToArray();
            var reference = dataset.Purchases is { } purchases ? CustomerFeatures.ReferenceDate(purchases) : (DateTime?)null;
            model.MarkReady(
                new TrainedModel(classifier, segments, personas, reference, dataset.CleaningOptions, [.. segmentation.Warnings.Concat(classifier.Warnings).Distinct()]),
                time.GetUtcNow());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            model.MarkFailed("Training was cancelled: the model was evicted or deleted, or the server is stopping.", time.GetUtcNow());
        }
        catch (Exception ex) when (ex is ClusteringDataException or SegmentClassifierDataException)
        {
            model.MarkFailed(ex.Message, time.GetUtcNow());
        }
        catch (ArgumentException ex)
        {
            model.MarkFailed(SegmentationEndpoints.FirstSentence(ex.Message), time.GetUtcNow());
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Training model {ModelId} failed", model.Id);
            model.MarkFailed($"Training failed unexpectedly; the error is in the server log under model {model.Id}.", time.GetUtcNow());
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.Value.TrainingConcurrency).Select(_ => Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var model in _queue.Reader.ReadAllAsync(stoppingToken))
                    {
                        Train(model, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                }
            },
            CancellationToken.None));
        return Task.WhenAll(workers);
    }
}
