using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace SegmentIQ.Analytics.Classification;

/// <summary>
/// Trains one ML.NET model on a subset of the scaled rows and lifts its parameters into a <see cref="SegmentScorer"/>.
/// Every learner runs on one thread with the options' seed, so a fit is reproducible whatever runs beside it.
/// </summary>
internal static class MlNetFit
{
    /// <summary>
    /// Trains on <paramref name="rows"/> of <paramref name="scaled"/> (all usable rows × <paramref name="features"/>,
    /// scaled; <paramref name="labels"/> 0 … <paramref name="segments"/>-1 per row). Every segment must occur among the rows.
    /// </summary>
    public static SegmentScorer Fit(SegmentClassifierOptions options, float[] scaled, int features, int[] labels, int[] rows, int segments, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // ML.NET's own cancellation (ICancelable) is internal, so a fit is cancelled between learners, not inside one
        // (one learner takes well under a second at our sizes).
        var ml = new MLContext(options.Seed);
        return options.Trainer switch
        {
            SegmentClassifierTrainer.FastTreeOneVersusAll => FitTrees(ml, options, scaled, features, labels, rows, segments, cancellationToken),
            _ => FitMaximumEntropy(ml, options, scaled, features, labels, rows, segments),
        };
    }

    private static SoftmaxScorer FitMaximumEntropy(MLContext ml, SegmentClassifierOptions options, float[] scaled, int features, int[] labels, int[] rows, int segments)
    {
        var quadratic = options.Trainer == SegmentClassifierTrainer.QuadraticMaximumEntropy;
        var width = QuadraticFeatures.Count(features, quadratic);
        var data = new List<MulticlassRow>(rows.Length);
        foreach (var i in rows)
        {
            var x = new float[width];
            QuadraticFeatures.Expand(scaled.AsSpan(i * features, features), x, quadratic);
            data.Add(new MulticlassRow { Features = x, Label = labels[i] });
        }

        var view = ml.Data.LoadFromEnumerable(data, Schema<MulticlassRow>(width));

        // Keys ordered by value: key k is segment k, because every segment occurs in every training subset.
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(MulticlassRow.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L1Regularization = 0,
                L2Regularization = (float)options.L2Regularization,
                OptimizationTolerance = (float)options.OptimizationTolerance,
                NumberOfThreads = 1,
            }));
        return ToScorer(pipeline.Fit(view).LastTransformer.Model, features, quadratic, segments);
    }

    /// <summary>The scorer of a trained maximum-entropy model (features expanded as <see cref="QuadraticFeatures"/> when quadratic).</summary>
    internal static SoftmaxScorer ToScorer(MaximumEntropyModelParameters model, int features, bool quadratic, int segments)
    {
        var width = QuadraticFeatures.Count(features, quadratic);
        VBuffer<float>[] weights = [];
        model.GetWeights(ref weights, out var classes);
        if (classes != segments)
        {
            throw new InvalidOperationException($"ML.NET trained {classes} classes for {segments} segments.");
        }

        var flat = new double[segments * width];
        for (var c = 0; c < segments; c++)
        {
            var j = 0;
            foreach (var w in weights[c].DenseValues())
            {
                flat[(c * width) + j++] = w;
            }
        }

        return new SoftmaxScorer(flat, [.. model.GetBiases().Select(b => (double)b)], features, quadratic);
    }

    private static TreeEnsembleScorer FitTrees(MLContext ml, SegmentClassifierOptions options, float[] scaled, int features, int[] labels, int[] rows, int segments, CancellationToken cancellationToken)
    {
        var builder = new TreeEnsembleScorer.Builder(features);
        var data = new BinaryRow[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            data[r] = new BinaryRow { Features = scaled.AsSpan(rows[r] * features, features).ToArray() };
        }

        for (var c = 0; c < segments; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = 0; r < rows.Length; r++)
            {
                data[r].Label = labels[rows[r]] == c;
            }

            // LoadFromEnumerable reads lazily: the labels above are read during Fit, before the next segment sets its own.
            var view = ml.Data.LoadFromEnumerable(data, Schema<BinaryRow>(features));
            var model = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.NumberOfTrees,
                NumberOfLeaves = options.NumberOfLeaves,
                MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
            }).Fit(view).Model;

            AddSegment(builder, model);
        }

        return builder.Build();
    }

    /// <summary>Adds one calibrated FastTree binary model (segment versus the rest) as the builder's next segment.</summary>
    internal static void AddSegment(TreeEnsembleScorer.Builder builder, CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model)
    {
        var ensemble = model.SubModel.TrainedTreeEnsemble;
        if (ensemble.Trees.Any(t => t.CategoricalSplitFlags.Any(f => f)))
        {
            throw new InvalidOperationException("FastTree made a categorical split; the segment classifier only evaluates numeric ones.");
        }

        var trees = ensemble.Trees.Select((t, i) => new TreeEnsembleScorer.TreeData(
            t.NumericalSplitFeatureIndexes, t.NumericalSplitThresholds, t.LeftChild, t.RightChild, t.LeafValues, ensemble.TreeWeights[i]));
        builder.AddSegment(trees, ensemble.Bias, model.Calibrator.Slope, model.Calibrator.Offset);
    }

    private static SchemaDefinition Schema<TRow>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema[nameof(MulticlassRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    private sealed class MulticlassRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class BinaryRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
