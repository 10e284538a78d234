using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Tests.Classification;

public class SegmentClassifierTests
{
    public static TheoryData<SegmentClassifierTrainer> Trainers => new()
    {
        SegmentClassifierTrainer.QuadraticMaximumEntropy,
        SegmentClassifierTrainer.MaximumEntropy,
        SegmentClassifierTrainer.FastTreeOneVersusAll,
    };

    private static SegmentClassifierModel Train(SegmentClassifierTrainer trainer, SegmentClassifierTrainingData? data = null) =>
        new SegmentClassifier(SegmentClassifierOptions.Defaults with { Trainer = trainer }).Train(data ?? ClassificationTestData.TrainingData());

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Train_WellSeparatedSegments_CrossValidatesAtLeast95Percent(SegmentClassifierTrainer trainer)
    {
        var model = Train(trainer);

        Assert.True(model.CrossValidation.Accuracy >= 0.95, $"CV accuracy {model.CrossValidation.Accuracy}");
        Assert.True(model.CrossValidation.MacroF1 >= 0.95, $"CV macro-F1 {model.CrossValidation.MacroF1}");
        Assert.Equal(5, model.CrossValidation.Folds);
        Assert.Equal(5, model.CrossValidation.FoldAccuracies.Count);
        Assert.Equal(400, model.TrainingRows);
        Assert.Equal(4, model.NumberOfSegments);
        Assert.Equal(ClassificationTestData.SegmentNames, model.SegmentNames);
        Assert.Equal([FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.UniqueProducts], model.FeatureNames);
        Assert.Empty(model.Warnings);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Predict_TrainingCustomers_AgreesWithTheirLabelsAtLeastAsOftenAsCrossValidation(SegmentClassifierTrainer trainer)
    {
        var data = ClassificationTestData.TrainingData();
        var model = Train(trainer, data);

        var agree = 0;
        for (var i = 0; i < data.RawFeatures.Rows; i++)
        {
            agree += model.Predict(data.RawFeatures.Row(i)).Segment == data.Labels[i] ? 1 : 0;
        }

        Assert.True((double)agree / data.RawFeatures.Rows >= model.CrossValidation.Accuracy);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Predict_Probabilities_SumToOneAndTheSegmentIsTheMostProbable(SegmentClassifierTrainer trainer)
    {
        var data = ClassificationTestData.TrainingData();
        var model = Train(trainer, data);

        foreach (var p in model.PredictBatch(data.RawFeatures.Data, data.RawFeatures.Rows))
        {
            Assert.Equal(4, p.Probabilities.Count);
            Assert.Equal(1.0, p.Probabilities.Sum(), 9);
            Assert.All(p.Probabilities, q => Assert.InRange(q, 0, 1));
            Assert.Equal(p.Probabilities.Max(), p.Confidence);
            Assert.Equal(p.Probabilities.ToList().IndexOf(p.Probabilities.Max()), p.Segment);
        }
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Predict_RawValues_AreScaledWithTheStoredLog1pAndZScore(SegmentClassifierTrainer trainer)
    {
        var model = Train(trainer);

        // Raw business values, e.g. Recency 30 days, 5 orders, 1,200 spent: the model applies log1p and z-score itself.
        for (var segment = 0; segment < 4; segment++)
        {
            Assert.Equal(segment, model.Predict(ClassificationTestData.RawCentres[segment]).Segment);
        }

        Assert.True(model.Scalings[2].Log1p);
        Assert.False(model.Scalings[0].Log1p);
        Assert.Equal(1, model.Predict([30, 6, 1200, 25]).Segment);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Train_WithTheSameSeed_IsDeterministic(SegmentClassifierTrainer trainer)
    {
        var data = ClassificationTestData.TrainingData();
        var first = Train(trainer, data);
        var second = new SegmentClassifier(SegmentClassifierOptions.Defaults with { Trainer = trainer, MaxDegreeOfParallelism = 1 }).Train(data);

        Assert.Equal(first.CrossValidation.Accuracy, second.CrossValidation.Accuracy);
        Assert.Equal(first.CrossValidation.MacroF1, second.CrossValidation.MacroF1);
        Assert.Equal(first.CrossValidation.FoldAccuracies, second.CrossValidation.FoldAccuracies);
        Assert.Equal(first.CrossValidation.ConfusionMatrix, second.CrossValidation.ConfusionMatrix);
        double[] customer = [90, 3, 700, 12];
        Assert.Equal(first.Predict(customer).Probabilities, second.Predict(customer).Probabilities);
    }

    [Fact]
    public void ConfusionMatrix_RowSums_AreTheSegmentSizes()
    {
        var data = ClassificationTestData.TrainingData();
        var labels = data.Labels.ToArray();
        labels[0] = labels[1] = labels[2] = -1;
        var model = Train(SegmentClassifierTrainer.QuadraticMaximumEntropy, ClassificationTestData.WithLabels(data, labels));

        var matrix = model.CrossValidation.ConfusionMatrix;
        Assert.Equal(4, matrix.Count);
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(4, matrix[c].Count);
            Assert.Equal(labels.Count(l => l == c), matrix[c].Sum());
            Assert.Equal(model.SegmentSizes[c], matrix[c].Sum());
        }

        var diagonal = Enumerable.Range(0, 4).Sum(c => matrix[c][c]);
        Assert.Equal((double)diagonal / model.TrainingRows, model.CrossValidation.Accuracy, 12);
    }

    [Fact]
    public void Train_NoiseCustomers_AreLeftOutWithAWarning()
    {
        var data = ClassificationTestData.TrainingData();
        var labels = data.Labels.ToArray();
        for (var i = 0; i < 40; i++)
        {
            labels[i * 10] = -1;
        }

        var model = Train(SegmentClassifierTrainer.QuadraticMaximumEntropy, ClassificationTestData.WithLabels(data, labels));

        Assert.Equal(360, model.TrainingRows);
        Assert.Equal(40, model.ExcludedNoiseRows);
        Assert.Equal(360, model.CrossValidation.ConfusionMatrix.Sum(row => row.Sum()));
        var warning = Assert.Single(model.Warnings);
        Assert.Contains("40 noise customers", warning);
        Assert.Contains("never noise", warning);
    }

    [Fact]
    public void Train_OneSegment_ThrowsSayingTwoAreNeeded()
    {
        var data = ClassificationTestData.TrainingData();
        var single = ClassificationTestData.WithLabels(data, new int[data.Labels.Count], ["Segment 1 · Everyone"]);

        var ex = Assert.Throws<SegmentClassifierDataException>(() => new SegmentClassifier().Train(single));

        Assert.Contains("at least two segments", ex.Message);
    }

    [Fact]
    public void Train_SegmentWithFewerCustomersThanFolds_ThrowsNamingTheSegment()
    {
        var data = ClassificationTestData.TrainingData();
        var labels = data.Labels.ToArray();
        var moved = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            // Keep 3 customers in segment 4; the rest become noise.
            if (labels[i] == 3 && moved++ >= 3)
            {
                labels[i] = -1;
            }
        }

        var ex = Assert.Throws<SegmentClassifierDataException>(() => new SegmentClassifier().Train(ClassificationTestData.WithLabels(data, labels)));

        Assert.Contains("Segment 4 · Lost has 3 customers", ex.Message);
        Assert.Contains("5-fold", ex.Message);
        Assert.Contains(nameof(SegmentClassifierOptions.NumberOfFolds), ex.Message);

        // Three folds fit three customers.
        var model = new SegmentClassifier(SegmentClassifierOptions.Defaults with { NumberOfFolds = 3 }).Train(ClassificationTestData.WithLabels(data, labels));
        Assert.Equal(3, model.CrossValidation.Folds);
        Assert.Equal(3, model.SegmentSizes[3]);
    }

    [Fact]
    public void Train_EmptySegment_ThrowsNamingTheSegment()
    {
        var data = ClassificationTestData.TrainingData();
        var names = ClassificationTestData.SegmentNames.Append("Segment 5 · Nobody").ToArray();

        var ex = Assert.Throws<SegmentClassifierDataException>(() => new SegmentClassifier().Train(ClassificationTestData.WithLabels(data, [.. data.Labels], names)));

        Assert.Contains("Segment 5 · Nobody has 0 customers", ex.Message);
    }

    [Fact]
    public void Predict_WrongNumberOfValues_ThrowsNamingTheExpectedFeatures()
    {
        var model = Train(SegmentClassifierTrainer.QuadraticMaximumEntropy);

        var ex = Assert.Throws<ArgumentException>(() => model.Predict([30, 5, 1200]));

        Assert.Contains("Expected 4 feature values (Recency, Frequency, Monetary, UniqueProducts) but got 3", ex.Message);
        Assert.Throws<ArgumentException>(() => model.PredictBatch(new double[7], 2));
    }

    [Theory]
    [InlineData(double.NaN, 2, "Monetary")]
    [InlineData(double.PositiveInfinity, 0, "Recency")]
    [InlineData(-1.0, 1, "Frequency")]
    public void Predict_UnusableValue_ThrowsNamingTheFeature(double bad, int column, string feature)
    {
        var model = Train(SegmentClassifierTrainer.QuadraticMaximumEntropy);
        double[] customer = [30, 5, 1200, 25];
        customer[column] = bad;

        var ex = Assert.Throws<ArgumentException>(() => model.Predict(customer));
        Assert.Contains($"Feature '{feature}'", ex.Message);

        double[] batch = [10, 20, 5000, 80, .. customer];
        var batchEx = Assert.Throws<ArgumentException>(() => model.PredictBatch(batch, 2));
        Assert.Contains($"Row 1, feature '{feature}'", batchEx.Message);
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void PredictBatch_LargeBatch_MatchesPredictOneByOne(SegmentClassifierTrainer trainer)
    {
        var model = Train(trainer);
        var (table, space, _) = ClassificationTestData.Blobs(2500, seed: 11);
        var data = SegmentClassifierTrainingData.FromFeatureSpace(table, space, new int[table.Count], ["only"]);
        var rows = data.RawFeatures.Rows;

        var batch = model.PredictBatch(data.RawFeatures.Data, rows);

        Assert.Equal(rows, batch.Length);
        for (var i = 0; i < rows; i += 37)
        {
            var single = model.Predict(data.RawFeatures.Row(i));
            Assert.Equal(single.Segment, batch[i].Segment);
            Assert.Equal(single.Probabilities, batch[i].Probabilities);
        }
    }

    [Fact]
    public void Predict_FromManyThreadsAtOnce_GivesTheSameAnswers()
    {
        var data = ClassificationTestData.TrainingData();
        var model = Train(SegmentClassifierTrainer.FastTreeOneVersusAll, data);
        var expected = model.PredictBatch(data.RawFeatures.Data, data.RawFeatures.Rows).Select(p => p.Segment).ToArray();

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < data.RawFeatures.Rows; i++)
            {
                Assert.Equal(expected[i], model.Predict(data.RawFeatures.Row(i)).Segment);
            }
        });
    }

    [Fact]
    public void Train_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new SegmentClassifier().Train(ClassificationTestData.TrainingData(), cts.Token));
    }

    [Fact]
    public void StratifiedFolds_SpreadEverySegmentEvenlyOverTheFolds()
    {
        var labels = Enumerable.Range(0, 103).Select(i => i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 2).ToArray();

        var folds = SegmentClassifier.StratifiedFolds(labels, 3, 5, 42);

        var sizes = Enumerable.Range(0, 5).Select(f => folds.Count(x => x == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1);
        for (var c = 0; c < 3; c++)
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, 103).Count(i => labels[i] == c && folds[i] == f)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1);
        }

        Assert.Equal(folds, SegmentClassifier.StratifiedFolds(labels, 3, 5, 42));
        Assert.NotEqual(folds, SegmentClassifier.StratifiedFolds(labels, 3, 5, 43));
    }
}
