using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// Permutation feature importance by ML.NET's <c>PermutationFeatureImportance</c>: trains the classifier's learner as an
/// ML.NET model on the scaled features and lets ML.NET permute each feature column and re-score, repeatedly.
/// Only learners that read the features as they are can be explained this way (a permuted slot must be one feature),
/// so the quadratic trainer is refused by <see cref="Supports"/>.
/// </summary>
internal static class MlNetPermutationImportance
{
    /// <summary>True when the trainer reads each feature as one slot (linear maximum entropy, FastTree).</summary>
    public static bool Supports(SegmentClassifierTrainer trainer) => trainer != SegmentClassifierTrainer.QuadraticMaximumEntropy;

    /// <summary>
    /// Per feature: the change of micro-accuracy when it is permuted, and per segment the change of that segment's
    /// log-loss, each over <paramref name="permutations"/> permutations (mean, standard deviation).
    /// </summary>
    public static (MetricStatistics[] Accuracy, MetricStatistics[][] SegmentLogLoss) Run(
        SegmentClassifierOptions options, float[] scaled, int features, int[] labels, int segments, int permutations, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(options.Seed);
        var rows = new Row[labels.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = new Row { Features = scaled.AsSpan(r * features, features).ToArray(), Label = labels[r] };
        }

        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var view = ml.Data.LoadFromEnumerable(rows, schema);

        // Keys ordered by value: key k is segment k (every segment occurs among the rows).
        var keyed = ml.Transforms.Conversion.MapValueToKey(nameof(Row.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(view).Transform(view);
        var statistics = options.Trainer == SegmentClassifierTrainer.FastTreeOneVersusAll
            ? Importance(ml, ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.NumberOfTrees,
                NumberOfLeaves = options.NumberOfLeaves,
                MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
            })).Fit(keyed), keyed, permutations)
            : Importance(ml, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L1Regularization = 0,
                L2Regularization = (float)options.L2Regularization,
                OptimizationTolerance = (float)options.OptimizationTolerance,
                NumberOfThreads = 1,
            }).Fit(keyed), keyed, permutations);
        cancellationToken.ThrowIfCancellationRequested();
        var accuracy = statistics.Select(s => s.MicroAccuracy).ToArray();
        var perSegment = Enumerable.Range(0, segments)
            .Select(c => statistics.Select(s => s.PerClassLogLoss.Count > c ? s.PerClassLogLoss[c] : null!).ToArray())
            .ToArray();
        return (accuracy, perSegment);
    }

    private static MulticlassClassificationMetricsStatistics[] Importance<TModel>(MLContext ml, ISingleFeaturePredictionTransformer<TModel> model, IDataView data, int permutations)
        where TModel : class =>
        [.. ml.MulticlassClassification.PermutationFeatureImportance(model, data, nameof(Row.Label), useFeatureWeightFilter: false, numberOfExamplesToUse: null, permutationCount: permutations)];

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
