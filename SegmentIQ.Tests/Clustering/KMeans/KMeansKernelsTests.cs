using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Tests.Clustering.KMeans;

/// <summary>The assignment kernel and k-means++ seeding against plain row-by-row versions of the same rules.</summary>
public class KMeansKernelsTests
{
    [Theory]
    [InlineData(4, 4, 203)]   // the four-feature path, rows not a multiple of the vector width
    [InlineData(4, 7, 64)]
    [InlineData(3, 5, 101)]   // the general path
    [InlineData(1, 2, 9)]
    public void AssignLabels_EqualsNearestCentreRowByRow_AndReportsWhetherAnyLabelChanged(int columns, int k, int rows)
    {
        var data = TestMatrices.Uniform(rows, columns, seed: rows);
        var centres = TestMatrices.Uniform(k, columns, seed: 1000 + rows).Data.ToArray();
        var labels = new int[rows];
        Array.Fill(labels, -1);

        var changed = KMeansKernels.AssignLabels(KMeansPlusPlus.FeatureMajor(data), rows, columns, centres, k, labels);

        Assert.True(changed);
        Assert.Equal(NearestRowByRow(data, centres, k), labels);
        Assert.False(KMeansKernels.AssignLabels(KMeansPlusPlus.FeatureMajor(data), rows, columns, centres, k, labels));

        // One label changed in the last full block of eight, one in the scalar tail: each is reported.
        foreach (var row in new[] { (rows / 8 * 8) - 1, rows - 1 })
        {
            var before = labels[row];
            labels[row] = (before + 1) % k;
            Assert.Equal(k > 1, KMeansKernels.AssignLabels(KMeansPlusPlus.FeatureMajor(data), rows, columns, centres, k, labels));
            Assert.Equal(before, labels[row]);
        }
    }

    [Fact]
    public void AssignLabels_Ties_GoToTheLowestCentre()
    {
        // Every row is equidistant from the two identical centres.
        var data = TestMatrices.Uniform(37, 4, seed: 5);
        var centres = new double[] { 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5 };
        var labels = new int[37];

        KMeansKernels.AssignLabels(KMeansPlusPlus.FeatureMajor(data), 37, 4, centres, 2, labels);

        Assert.All(labels, l => Assert.Equal(0, l));
    }

    [Theory]
    [InlineData(4, 4, 0)]
    [InlineData(4, 6, 17)]
    [InlineData(2, 3, 42)]
    public void SeedIndices_EqualGreedyKMeansPlusPlusWithARowByRowRunningSum(int columns, int k, int seed)
    {
        var data = TestMatrices.Uniform(501, columns, seed: seed + 1);

        var seeds = KMeansPlusPlus.SeedIndices(data, k, new Random(seed));

        Assert.Equal(ReferenceSeeds(data, k, new Random(seed)), seeds);
    }

    private static int[] NearestRowByRow(FeatureMatrix data, double[] centres, int k)
    {
        var labels = new int[data.Rows];
        for (var i = 0; i < data.Rows; i++)
        {
            labels[i] = KMeansKernels.Nearest(data.Row(i), centres, k, out _);
        }

        return labels;
    }

    /// <summary>Greedy k-means++ as scikit-learn writes it: candidates found by a row-by-row cumulative sum.</summary>
    private static int[] ReferenceSeeds(FeatureMatrix data, int k, Random random)
    {
        var n = data.Rows;
        var seeds = new int[k];
        seeds[0] = random.Next(n);
        var closest = Enumerable.Range(0, n).Select(i => SquaredDistance(data, i, seeds[0])).ToArray();
        var trials = 2 + (int)Math.Log(k);
        for (var c = 1; c < k; c++)
        {
            var potential = closest.Sum();
            var bestCandidate = -1;
            var bestPotential = double.PositiveInfinity;
            double[]? bestClosest = null;
            for (var t = 0; t < trials; t++)
            {
                var target = random.NextDouble() * potential;
                var cumulative = 0.0;
                var candidate = n - 1;
                for (var i = 0; i < n; i++)
                {
                    cumulative += closest[i];
                    if (cumulative >= target && closest[i] > 0)
                    {
                        candidate = i;
                        break;
                    }
                }

                var next = closest.Select((d, i) => Math.Min(d, SquaredDistance(data, i, candidate))).ToArray();
                if (next.Sum() < bestPotential)
                {
                    bestPotential = next.Sum();
                    bestCandidate = candidate;
                    bestClosest = next;
                }
            }

            seeds[c] = bestCandidate;
            closest = bestClosest!;
        }

        return seeds;
    }

    private static double SquaredDistance(FeatureMatrix data, int a, int b) => KMeansKernels.SquaredDistance(data.Row(a), data.Row(b));
}
