using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Tests.Clustering.Dbscan;

/// <summary>
/// Property tests: the tree-based DBSCAN (core counting that stops early, union–find linking over leaf pairs) gives
/// exactly the labels and point kinds of a brute-force DBSCAN written as scikit-learn's <c>dbscan_inner</c> runs it
/// (all n × n distances, depth-first growth from core rows in index order).
/// </summary>
public sealed class DbscanBruteForceTests
{
    public static TheoryData<int, int, int, double, int> Cases() => new()
    {
        // seed, rows, columns, eps, minSamples
        { 1, 300, 2, 0.3, 4 },
        { 2, 500, 4, 0.5, 5 },
        { 3, 500, 4, 0.9, 10 },
        { 4, 400, 3, 0.15, 3 },
        { 5, 600, 6, 1.2, 6 },
        { 6, 250, 1, 0.05, 2 },
        { 7, 700, 4, 2.5, 20 },
        { 8, 350, 5, 0.05, 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_RandomClumpedData_EqualsBruteForce(int seed, int rows, int columns, double eps, int minSamples)
    {
        var data = Clumped(seed, rows, columns);

        AssertSameAsBruteForce(data, eps, minSamples);
    }

    [Theory]
    [InlineData(11, 0.5, 3)]
    [InlineData(12, 1.0, 4)]
    [InlineData(13, 0.0001, 2)]
    public void Fit_LatticeWithDuplicatesAndTiesAtEps_EqualsBruteForce(int seed, double eps, int minSamples)
    {
        // Integer-like coordinates scaled by 0.5: many distances equal Eps exactly and many rows coincide.
        var random = new Random(seed);
        var values = new double[400 * 3];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(0, 8) * 0.5;
        }

        AssertSameAsBruteForce(new FeatureMatrix(values, 400, 3), eps, minSamples);
    }

    [Fact]
    public void Fit_OneIndexManyOptions_EachEqualsBruteForce()
    {
        var data = Clumped(21, 800, 4);
        var index = DbscanIndex.Build(data);

        foreach (var (eps, minSamples) in new[] { (0.2, 3), (0.4, 5), (0.4, 15), (0.8, 5), (1.6, 30) })
        {
            var model = new Analytics.Clustering.Dbscan.Dbscan(new DbscanOptions { Eps = eps, MinSamples = minSamples }).Fit(index);
            var (labels, kinds) = BruteForce(data, eps, minSamples);
            Assert.Equal(labels, model.Labels);
            Assert.Equal(kinds, model.PointKinds);
        }
    }

    private static void AssertSameAsBruteForce(FeatureMatrix data, double eps, int minSamples)
    {
        var model = new Analytics.Clustering.Dbscan.Dbscan(new DbscanOptions { Eps = eps, MinSamples = minSamples }).Fit(data);
        var (labels, kinds) = BruteForce(data, eps, minSamples);

        Assert.Equal(labels, model.Labels);
        Assert.Equal(kinds, model.PointKinds);
        Assert.Equal(labels.Max() + 1, model.NumberOfClusters);
    }

    /// <summary>Dense clumps of varied spread plus uniform background noise, rounded so duplicates occur.</summary>
    private static FeatureMatrix Clumped(int seed, int rows, int columns)
    {
        var random = new Random(seed);
        var clumps = Enumerable.Range(0, 5).Select(_ => (Centre: Enumerable.Range(0, columns).Select(_ => (random.NextDouble() * 8) - 4).ToArray(), Spread: 0.05 + random.NextDouble())).ToArray();
        var values = new double[rows * columns];
        for (var i = 0; i < rows; i++)
        {
            var noise = random.NextDouble() < 0.15;
            var (centre, spread) = clumps[random.Next(clumps.Length)];
            for (var j = 0; j < columns; j++)
            {
                var value = noise ? (random.NextDouble() * 10) - 5 : centre[j] + (spread * Gaussian(random));
                values[(i * columns) + j] = Math.Round(value, 2);
            }
        }

        return new FeatureMatrix(values, rows, columns);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>scikit-learn's algorithm verbatim: full neighbourhoods, then depth-first growth in index order.</summary>
    private static (int[] Labels, DbscanPointKind[] Kinds) BruteForce(FeatureMatrix data, double eps, int minSamples)
    {
        var n = data.Rows;
        var neighbours = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            neighbours[i] = [];
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var c = 0; c < data.Columns; c++)
                {
                    var diff = data[i, c] - data[j, c];
                    sum += diff * diff;
                }

                if (sum <= eps * eps)
                {
                    neighbours[i].Add(j);
                }
            }
        }

        var core = neighbours.Select(list => list.Count >= minSamples).ToArray();
        var labels = Enumerable.Repeat(ClusterLabels.Noise, n).ToArray();
        var next = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < n; start++)
        {
            if (labels[start] != ClusterLabels.Noise || !core[start])
            {
                continue;
            }

            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                if (labels[i] != ClusterLabels.Noise)
                {
                    continue;
                }

                labels[i] = next;
                if (core[i])
                {
                    foreach (var v in neighbours[i].Where(v => labels[v] == ClusterLabels.Noise))
                    {
                        stack.Push(v);
                    }
                }
            }

            next++;
        }

        var kinds = labels.Select((l, i) => core[i] ? DbscanPointKind.Core : l >= 0 ? DbscanPointKind.Border : DbscanPointKind.Noise).ToArray();
        return (labels, kinds);
    }
}
