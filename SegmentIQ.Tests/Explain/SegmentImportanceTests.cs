using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Explain;
using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Tests.Explain;

public class SegmentImportanceTests
{
    /// <summary>
    /// 600 customers: "decider" is uniform on [0, 3) and alone decides the segment (its integer part); "noise1" and
    /// "noise2" are uniform and unrelated to the segments.
    /// </summary>
    private static SegmentClassifierTrainingData OneFeatureDecides(int seed = 11)
    {
        const int n = 600;
        var random = new Random(seed);
        var raw = new double[n * 3];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var decider = 3 * random.NextDouble();
            raw[i * 3] = decider;
            raw[(i * 3) + 1] = random.NextDouble();
            raw[(i * 3) + 2] = random.NextDouble();
            labels[i] = (int)decider;
        }

        string[] names = ["decider", "noise1", "noise2"];
        var scalings = names.Select((name, j) =>
        {
            var column = Enumerable.Range(0, n).Select(i => raw[(i * 3) + j]).ToArray();
            var mean = column.Average();
            return new FeatureScaling(name, false, mean, Math.Sqrt(column.Average(v => (v - mean) * (v - mean))));
        }).ToList();
        return new SegmentClassifierTrainingData(raw, scalings, labels, ["Segment 1", "Segment 2", "Segment 3"]);
    }

    [Fact]
    public void Fit_OneFeatureDecides_RanksItFirstByAWideMarginAndNoiseNearZero()
    {
        var model = new SegmentImportance().Fit(OneFeatureDecides());

        Assert.True(model.CrossValidation.Accuracy > 0.9, $"surrogate accuracy {model.CrossValidation.Accuracy}");
        Assert.Equal("decider", model.Overall[0].Feature);
        Assert.True(model.Overall[0].Mean > 0.4, $"decider {model.Overall[0].Mean}");
        foreach (var noise in model.Overall.Skip(1))
        {
            Assert.True(Math.Abs(noise.Mean) < 0.02, $"{noise.Feature} {noise.Mean}");
            Assert.True(model.Overall[0].Mean > 20 * Math.Abs(noise.Mean));
        }

        Assert.Equal(5, model.PermutationCount);
        Assert.All(model.Overall, f => Assert.True(f.StandardDeviation >= 0));
        Assert.Equal(3, model.PerSegment.Count);
        Assert.All(model.PerSegment, s => Assert.Equal("decider", s.Features[0].Feature));
    }

    [Fact]
    public void Options_QuadraticTrainer_IsRefusedNamingTheField()
    {
        var options = new SegmentImportanceOptions { Classifier = SegmentClassifierOptions.Defaults };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentImportance(options));

        Assert.Equal("Classifier", error.ParamName);
    }
}
