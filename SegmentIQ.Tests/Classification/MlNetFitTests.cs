using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;
using SegmentIQ.Analytics.Classification;

namespace SegmentIQ.Tests.Classification;

/// <summary>The parameters lifted out of ML.NET must score exactly as ML.NET's own prediction engine does.</summary>
public class MlNetFitTests
{
    private const int Features = 4;

    [Fact]
    public void TreeScorer_GivesMlNetsCalibratedProbabilitiesNormalisedAcrossSegments()
    {
        var (x, labels) = ScaledBlobs();
        var ml = new MLContext(1);
        var builder = new TreeEnsembleScorer.Builder(Features);
        var engines = new List<PredictionEngine<Row, BinaryScore>>();
        for (var c = 0; c < 4; c++)
        {
            var rows = Enumerable.Range(0, labels.Length).Select(i => new Row { Features = x[i], Binary = labels[i] == c }).ToList();
            var view = ml.Data.LoadFromEnumerable(rows, Schema(Features));
            var transformer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Binary),
                NumberOfTrees = 20,
                NumberOfLeaves = 8,
                NumberOfThreads = 1,
            }).Fit(view);
            MlNetFit.AddSegment(builder, transformer.Model);
            engines.Add(ml.Model.CreatePredictionEngine<Row, BinaryScore>(transformer, inputSchemaDefinition: Schema(Features)));
        }

        var scorer = builder.Build();
        Span<double> ours = stackalloc double[4];
        for (var i = 0; i < labels.Length; i += 7)
        {
            var theirs = engines.Select(e => (double)e.Predict(new Row { Features = x[i] }).Probability).ToArray();
            var sum = theirs.Sum();
            scorer.Probabilities(x[i], ours);
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(theirs[c] / sum, ours[c], tolerance: 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxScorer_GivesMlNetsMaximumEntropyProbabilities(bool quadratic)
    {
        var (x, labels) = ScaledBlobs();
        var width = QuadraticFeatures.Count(Features, quadratic);
        var expanded = x.Select(row =>
        {
            var e = new float[width];
            QuadraticFeatures.Expand(row, e, quadratic);
            return e;
        }).ToArray();
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, labels.Length).Select(i => new Row { Features = expanded[i], Label = labels[i] }).ToList();
        var model = ml.Transforms.Conversion.MapValueToKey(nameof(Row.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }))
            .Fit(ml.Data.LoadFromEnumerable(rows, Schema(width)));
        var engine = ml.Model.CreatePredictionEngine<Row, MulticlassScore>(model, inputSchemaDefinition: Schema(width));

        var scorer = MlNetFit.ToScorer(model.LastTransformer.Model, Features, quadratic, 4);

        Span<double> ours = stackalloc double[4];
        for (var i = 0; i < labels.Length; i += 7)
        {
            var theirs = engine.Predict(new Row { Features = expanded[i] }).Score;
            scorer.Probabilities(x[i], ours);
            for (var c = 0; c < 4; c++)
            {
                Assert.Equal(theirs[c], ours[c], tolerance: 1e-5);
            }
        }
    }

    /// <summary>The blob customers, scaled as the classifier scales them, with some overlap so probabilities are not all 0 or 1.</summary>
    private static (float[][] X, int[] Labels) ScaledBlobs()
    {
        var (_, space, labels) = ClassificationTestData.Blobs(60, seed: 3);
        var x = Enumerable.Range(0, space.Matrix.Rows)
            .Select(i => space.Matrix.Row(i).ToArray().Select(v => (float)v).ToArray())
            .ToArray();
        return (x, labels);
    }

    private static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    public sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public bool Binary { get; set; }
    }

    public sealed class BinaryScore
    {
        public float Probability { get; set; }
    }

    public sealed class MulticlassScore
    {
        public float[] Score { get; set; } = [];
    }
}
