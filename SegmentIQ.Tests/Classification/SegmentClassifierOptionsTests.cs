using SegmentIQ.Analytics.Classification;

namespace SegmentIQ.Tests.Classification;

public class SegmentClassifierOptionsTests
{
    public static TheoryData<SegmentClassifierOptions, string> BadOptions => new()
    {
        { new SegmentClassifierOptions { Trainer = (SegmentClassifierTrainer)9 }, nameof(SegmentClassifierOptions.Trainer) },
        { new SegmentClassifierOptions { NumberOfFolds = 1 }, nameof(SegmentClassifierOptions.NumberOfFolds) },
        { new SegmentClassifierOptions { NumberOfFolds = 21 }, nameof(SegmentClassifierOptions.NumberOfFolds) },
        { new SegmentClassifierOptions { L2Regularization = -0.1 }, nameof(SegmentClassifierOptions.L2Regularization) },
        { new SegmentClassifierOptions { L2Regularization = double.NaN }, nameof(SegmentClassifierOptions.L2Regularization) },
        { new SegmentClassifierOptions { OptimizationTolerance = 0 }, nameof(SegmentClassifierOptions.OptimizationTolerance) },
        { new SegmentClassifierOptions { NumberOfTrees = 0 }, nameof(SegmentClassifierOptions.NumberOfTrees) },
        { new SegmentClassifierOptions { NumberOfLeaves = 1 }, nameof(SegmentClassifierOptions.NumberOfLeaves) },
        { new SegmentClassifierOptions { MinimumExampleCountPerLeaf = 0 }, nameof(SegmentClassifierOptions.MinimumExampleCountPerLeaf) },
        { new SegmentClassifierOptions { LearningRate = 1.5 }, nameof(SegmentClassifierOptions.LearningRate) },
        { new SegmentClassifierOptions { MaxDegreeOfParallelism = 0 }, nameof(SegmentClassifierOptions.MaxDegreeOfParallelism) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_OutOfRange_NamesTheField(SegmentClassifierOptions options, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(field, ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentClassifier(options));
    }

    [Fact]
    public void Validate_BadFolds_SaysTheAllowedRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(new SegmentClassifierOptions { NumberOfFolds = 1 }.Validate);

        Assert.Contains("NumberOfFolds must be between 2 and 20", ex.Message);
    }

    [Fact]
    public void Defaults_AreFiveFoldsSeed42AndQuadraticMaximumEntropy()
    {
        var options = SegmentClassifierOptions.Defaults;

        Assert.Equal(5, options.NumberOfFolds);
        Assert.Equal(42, options.Seed);
        Assert.Equal(SegmentClassifierTrainer.QuadraticMaximumEntropy, options.Trainer);
        options.Validate();
        Assert.Same(SegmentClassifierOptions.Defaults, new SegmentClassifier().Options);
    }
}
