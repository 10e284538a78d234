using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Tests.Clustering.GaussianMixture;

/// <summary>The vectorised E-step (four rows at a time) against the row-by-row one on the same parameters.</summary>
public sealed class MixtureParametersTests
{
    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    public void ExpectationStep_FarComponents_UnderflowToExactZerosAndAgreeWithTheRowByRowStep(CovarianceType type)
    {
        // Three tight groups (σ ≈ 0.09): two overlap at x = 0 and 0.05, so their rows have both responsibilities in
        // range; the third is 60 away, so a row's density under a far component is far below the smallest double
        // (its log is about 200,000 lower) and the vectorised step takes its underflow branch.
        var random = new Random(3);
        var rows = 203;
        var data = new double[rows * 2];
        var hard = new double[rows * 3];
        for (var i = 0; i < rows; i++)
        {
            var group = i % 3;
            data[2 * i] = (group == 2 ? 60 : 0.05 * group) + (0.3 * (random.NextDouble() - 0.5));
            data[(2 * i) + 1] = 0.3 * (random.NextDouble() - 0.5);
            hard[(3 * i) + group] = 1;
        }

        var matrix = new FeatureMatrix(data, rows, 2);
        var featureMajor = KMeansPlusPlus.FeatureMajor(matrix);
        var parameters = new MixtureParameters(3, 2, type);
        parameters.MaximizationStep(matrix, featureMajor, hard, 1e-6);
        var vectorised = new double[rows * 3];
        var rowByRow = new double[rows * 3];

        var vectorisedMean = parameters.ExpectationStep(matrix, featureMajor, vectorised);
        var rowByRowMean = parameters.ExpectationStep(matrix, null, rowByRow);

        Assert.Equal(rowByRowMean, vectorisedMean, 1e-12 * Math.Abs(rowByRowMean));
        Assert.Equal(rowByRow, vectorised, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Contains(0.0, vectorised);
        Assert.Contains(vectorised, r => r is > 0.01 and < 0.99);
        Assert.DoesNotContain(vectorised, r => r != 0 && r < 2.2250738585072014e-308);
        for (var i = 0; i < rows; i++)
        {
            Assert.Equal(1.0, vectorised[3 * i] + vectorised[(3 * i) + 1] + vectorised[(3 * i) + 2], 12);
        }
    }
}
