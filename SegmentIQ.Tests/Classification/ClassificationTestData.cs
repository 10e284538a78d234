using SegmentIQ.Analytics.Classification;
using SegmentIQ.Analytics.Features;

namespace SegmentIQ.Tests.Classification;

/// <summary>
/// Synthetic customers in four well-separated RFM segments, generated in the space the app clusters in (Recency
/// linear, the other features log1p) and returned as RAW values with the feature space fitted on them.
/// </summary>
internal static class ClassificationTestData
{
    /// <summary>Raw centre of each segment: Recency (days), Frequency (orders), Monetary, UniqueProducts.</summary>
    public static readonly double[][] RawCentres =
    [
        [10, 20, 5000, 80],
        [40, 8, 1500, 30],
        [200, 4, 600, 15],
        [320, 1, 120, 4],
    ];

    public static readonly string[] SegmentNames =
        ["Segment 1 · Champions", "Segment 2 · Loyal", "Segment 3 · At risk", "Segment 4 · Lost"];

    private static readonly string[] Features =
        [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary, FeatureNames.UniqueProducts];

    /// <summary>
    /// <paramref name="perSegment"/> customers per segment, shuffled: Recency ± 15 days, the others ×/÷ e^0.15
    /// (normal noise in log space). Returns the table, the fitted space and the labels.
    /// </summary>
    public static (CustomerFeatureTable Table, FeatureSpace Space, int[] Labels) Blobs(int perSegment, int seed = 7)
    {
        var random = new Random(seed);
        var n = perSegment * RawCentres.Length;
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var columns = Features.Select(_ => new double[n]).ToArray();
        var labels = new int[n];
        for (var k = 0; k < n; k++)
        {
            var segment = order[k] / perSegment;
            labels[k] = segment;
            var centre = RawCentres[segment];
            columns[0][k] = Math.Max(0, centre[0] + (15 * Gaussian(random)));
            for (var j = 1; j < Features.Length; j++)
            {
                columns[j][k] = Math.Max(0, Math.Exp(Math.Log(1 + centre[j]) + (0.15 * Gaussian(random))) - 1);
            }
        }

        var table = new CustomerFeatureTable(
            [.. Enumerable.Range(0, n).Select(i => $"C{i}")],
            [.. Features.Select((f, j) => new FeatureColumn(f, columns[j], Skewed: j > 0))],
            hasRfm: false);
        var space = FeatureSpace.Fit(table, new FeatureSpaceOptions { Features = Features, Log1p = Features[1..] });
        return (table, space, labels);
    }

    /// <summary>Training data of <see cref="Blobs"/>.</summary>
    public static SegmentClassifierTrainingData TrainingData(int perSegment = 100, int seed = 7)
    {
        var (table, space, labels) = Blobs(perSegment, seed);
        return SegmentClassifierTrainingData.FromFeatureSpace(table, space, labels, SegmentNames);
    }

    /// <summary>The same customers with other labels.</summary>
    public static SegmentClassifierTrainingData WithLabels(SegmentClassifierTrainingData data, int[] labels, IReadOnlyList<string>? names = null) =>
        new(data.RawFeatures, data.Scalings, labels, names ?? data.SegmentNames);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
