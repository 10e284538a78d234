using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Numerics;
using KMeansClusterer = SegmentIQ.Analytics.Clustering.KMeans.KMeans;

namespace SegmentIQ.Tests.Clustering.KMeans;

public class KMeansTests
{
    private static KMeansModel Fit(FeatureMatrix data, int k, int seed = 0, int nInit = 10, KMeansAlgorithm algorithm = KMeansAlgorithm.Lloyd, int threads = 2) =>
        new KMeansClusterer(new KMeansOptions { NumberOfClusters = k, Seed = seed, NInit = nInit, Algorithm = algorithm, MaxDegreeOfParallelism = threads })
            .Fit(data);

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd)]
    [InlineData(KMeansAlgorithm.Elkan)]
    public void Fit_TwoObviousGroups_FindsExactCentroidsAndInertia(KMeansAlgorithm algorithm)
    {
        // Groups {0,1,2} and {10,11,12}: centroids 1 and 11, inertia (1 + 0 + 1) × 2 = 4.
        var model = Fit(TestMatrices.Column(0, 1, 2, 10, 11, 12), 2, algorithm: algorithm);

        var centroids = new[] { model.Centroids[0, 0], model.Centroids[1, 0] }.Order().ToArray();
        Assert.Equal(1.0, centroids[0], 12);
        Assert.Equal(11.0, centroids[1], 12);
        Assert.Equal(4.0, model.Inertia, 12);
        Assert.Equal(model.Labels[0], model.Labels[1]);
        Assert.Equal(model.Labels[0], model.Labels[2]);
        Assert.Equal(model.Labels[3], model.Labels[5]);
        Assert.NotEqual(model.Labels[0], model.Labels[3]);
        Assert.True(model.Converged);
        Assert.Empty(model.Warnings);
        Assert.Equal([3, 3], model.Sizes);
    }

    [Fact]
    public void Fit_OneCluster_CentroidIsTheMeanAndInertiaTheTotalSumOfSquares()
    {
        // Mean of 1, 2, 6 is 3; squared deviations 4 + 1 + 9 = 14.
        var model = Fit(TestMatrices.Column(1, 2, 6), 1);

        Assert.Equal(3.0, model.Centroids[0, 0], 12);
        Assert.Equal(14.0, model.Inertia, 12);
        Assert.All(model.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public void Fit_AsManyClustersAsRows_PutsEveryRowAlone()
    {
        var model = Fit(TestMatrices.Column(5, -1, 3, 8), 4);

        Assert.Equal(0.0, model.Inertia, 12);
        Assert.Equal(4, model.Labels.Distinct().Count());
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(new[] { 5.0, -1, 3, 8 }[i], model.Centroids[model.Labels[i], 0], 12);
        }
    }

    [Fact]
    public void Fit_DuplicateRows_UsesDistinctPointsAsSegments()
    {
        // Three distinct customers, each repeated: k = 3 is allowed and fits exactly.
        var model = Fit(TestMatrices.Column(1, 1, 1, 4, 4, 9, 9, 9, 9), 3);

        Assert.Equal(0.0, model.Inertia, 12);
        Assert.Equal([2, 3, 4], model.Sizes.Order().ToArray());
    }

    [Fact]
    public void Fit_MoreClustersThanDistinctCustomers_ThrowsClearMessage()
    {
        var data = TestMatrices.Column(1, 1, 4, 4, 9, 9);

        var ex = Assert.Throws<ClusteringDataException>(() => Fit(data, 5));

        Assert.Contains("asked for 5 segments but the data has only 3 distinct customers", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fit_MoreClustersThanRows_ThrowsClearMessage()
    {
        var ex = Assert.Throws<ClusteringDataException>(() => Fit(TestMatrices.Column(1, 2, 3), 5));

        Assert.Contains("asked for 5 segments but the data has only 3 distinct customers", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fit_NonFiniteValue_ThrowsNamingRowAndFeature()
    {
        var data = new FeatureMatrix([1, 2, 3, double.NaN], 2, 2, ["Recency", "Monetary"]);

        var ex = Assert.Throws<ClusteringDataException>(() => Fit(data, 1));

        Assert.Contains("Row 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Monetary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WithSeed_IsDeterministic()
    {
        var data = TestMatrices.Uniform(500, 3, seed: 7);

        var a = Fit(data, 5, seed: 42);
        var b = Fit(data, 5, seed: 42);
        var sequential = Fit(data, 5, seed: 42, threads: 1);

        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Centroids.Data.ToArray(), b.Centroids.Data.ToArray());
        Assert.Equal(a.Inertia, b.Inertia);
        Assert.Equal(a.RestartInertias, sequential.RestartInertias);
        Assert.Equal(a.Labels, sequential.Labels);
    }

    [Fact]
    public void Fit_DifferentSeeds_DrawDifferentStarts()
    {
        var data = TestMatrices.Uniform(500, 3, seed: 7);

        var a = Fit(data, 6, seed: 1);
        var b = Fit(data, 6, seed: 2);

        Assert.NotEqual(a.RestartInertias, b.RestartInertias);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Fit_ManyRestarts_NeverWorseThanTheSingleStartOfTheSameSeedStream(int seed)
    {
        var data = TestMatrices.Uniform(400, 2, seed: 11);

        var single = Fit(data, 7, seed: seed, nInit: 1);
        var many = Fit(data, 7, seed: seed, nInit: 10);

        // Restart 0 of the ten is the single start, so the kept result can only be as good or better.
        Assert.Equal(single.Inertia, many.RestartInertias[0], 9);
        Assert.True(many.Inertia <= single.Inertia + 1e-9, $"{many.Inertia} > {single.Inertia}");
        Assert.Equal(many.RestartInertias.Min(), many.Inertia, 12);
        Assert.Equal(many.RestartInertias[many.BestRestart], many.Inertia, 12);
    }

    [Fact]
    public void Fit_ElkanAndLloyd_GiveTheSameResult()
    {
        var data = TestMatrices.Uniform(800, 4, seed: 3);

        var lloyd = Fit(data, 6, seed: 5, algorithm: KMeansAlgorithm.Lloyd);
        var elkan = Fit(data, 6, seed: 5, algorithm: KMeansAlgorithm.Elkan);

        Assert.Equal(lloyd.Labels, elkan.Labels);
        Assert.Equal(lloyd.Inertia, elkan.Inertia, 9);
        Assert.Equal(lloyd.Iterations, elkan.Iterations);
    }

    [Fact]
    public void Fit_InertiaAndLabels_AgreeWithCentroids()
    {
        var data = TestMatrices.Uniform(300, 3, seed: 9);

        var model = Fit(data, 4);

        var inertia = 0.0;
        for (var i = 0; i < data.Rows; i++)
        {
            var centroid = model.Centroids.Row(model.Labels[i]);
            for (var f = 0; f < data.Columns; f++)
            {
                inertia += Math.Pow(data[i, f] - centroid[f], 2);
            }
        }

        Assert.Equal(inertia, model.Inertia, 9);
        Assert.Equal(model.Labels, model.Predict(data));
    }

    [Fact]
    public void Fit_MaxIterationsReached_WarnsThatItDidNotConverge()
    {
        var data = TestMatrices.Uniform(2000, 2, seed: 4);

        var model = new KMeansClusterer(new KMeansOptions { NumberOfClusters = 12, MaxIterations = 1, Tolerance = 0, NInit = 1 }).Fit(data);

        Assert.False(model.Converged);
        Assert.Contains(model.Warnings, w => w.Contains("did not converge", StringComparison.Ordinal));
    }

    [Fact]
    public void Fit_WithProgress_ReportsEveryRestartUpToOne()
    {
        var reports = new List<double>();
        var clusterer = new KMeansClusterer(new KMeansOptions { NumberOfClusters = 3, NInit = 5 });

        clusterer.Fit(TestMatrices.ThreeBlobs(), new SegmentIQ.Tests.Evaluation.SynchronousProgress(v => { lock (reports) { reports.Add(v); } }));

        Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0], reports.Order().Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new KMeansClusterer(new KMeansOptions { NumberOfClusters = 3 }).Fit(TestMatrices.Uniform(100, 2, 1), cts.Token));
    }

    [Fact]
    public void Restart_EmptyCluster_MovesToTheFarthestRow()
    {
        // Start with a centre at -100 that no row is nearest to. After the first assignment rows 0–2 belong to the
        // centre 1 and rows 3–5 to 11; every row is at distance 0 or 1 from its centre and the first farthest (row 0,
        // value 0) moves to the empty cluster: centres become 0, (1 + 2) / 2 = 1.5 and 11.
        // Final inertia 0 + 0.25 + 0.25 + 1 + 0 + 1 = 2.5.
        double[] data = [0, 1, 2, 10, 11, 12];
        var restart = new KMeansRestart(data, data, 6, 1, [-100, 1, 11], 3);

        var result = restart.Run(KMeansAlgorithm.Lloyd, 300, 0, CancellationToken.None);

        Assert.Equal([0, 1, 1, 2, 2, 2], result.Labels);
        Assert.Equal([0, 1.5, 11], result.Centres);
        Assert.Equal(2.5, result.Inertia, 12);
        Assert.True(result.Converged);
    }

    [Fact]
    public void Restart_EmptyClusterWithElkan_MovesToTheFarthestRow()
    {
        double[] data = [0, 1, 2, 10, 11, 12];
        var restart = new KMeansRestart(data, data, 6, 1, [-100, 1, 11], 3);

        var result = restart.Run(KMeansAlgorithm.Elkan, 300, 0, CancellationToken.None);

        Assert.Equal([0, 1, 1, 2, 2, 2], result.Labels);
        Assert.Equal(2.5, result.Inertia, 12);
    }

    [Fact]
    public void Canonicalize_ByKey_RenumbersSegmentsAndReordersCentroids()
    {
        // Ordering key = the value itself: the high group must become segment 0.
        var data = TestMatrices.Column(0, 1, 2, 10, 11, 12, 20, 21, 22);
        var model = Fit(data, 3);

        var canonical = model.Canonicalize(data.Data);

        Assert.Equal([2, 2, 2, 1, 1, 1, 0, 0, 0], canonical.Labels);
        Assert.Equal(21.0, canonical.Centroids[0, 0], 12);
        Assert.Equal(11.0, canonical.Centroids[1, 0], 12);
        Assert.Equal(1.0, canonical.Centroids[2, 0], 12);
        Assert.Equal(model.Inertia, canonical.Inertia);
        Assert.Equal(canonical.Labels, canonical.Predict(data));
        Assert.Equal([3, 3, 3], canonical.Sizes);
    }

    [Fact]
    public void Canonicalize_DifferentSeeds_GiveTheSameNumbering()
    {
        var data = TestMatrices.ThreeBlobs();
        var key = Enumerable.Range(0, data.Rows).Select(i => data[i, 0] + (2 * data[i, 1])).ToArray();

        var a = Fit(data, 3, seed: 1, nInit: 1).Canonicalize(key);
        var b = Fit(data, 3, seed: 99, nInit: 1).Canonicalize(key);

        Assert.Equal(a.Labels, b.Labels);
    }

    [Fact]
    public void Canonicalize_WrongKeyLength_Throws() =>
        Assert.Throws<ArgumentException>(() => Fit(TestMatrices.Column(0, 1, 5, 6), 2).Canonicalize(new double[3]));

    [Fact]
    public void Predict_WrongFeatureCount_Throws() =>
        Assert.Throws<ArgumentException>(() => Fit(TestMatrices.Column(0, 1, 5, 6), 2).Predict(new double[] { 1, 2 }));

    [Fact]
    public void Fit_ShuffledRows_FindsTheSamePartitionOfClearGroups()
    {
        var data = TestMatrices.ThreeBlobs();
        var permutation = Enumerable.Range(0, data.Rows).OrderBy(i => (i * 37) % data.Rows).ToArray();

        var original = Fit(data, 3);
        var shuffled = Fit(data.SelectRows(permutation), 3);

        var originalOnShuffledOrder = permutation.Select(i => original.Labels[i]).ToArray();
        Assert.Equal(1.0, SegmentIQ.Analytics.Evaluation.AdjustedRandIndex.Compute(originalOnShuffledOrder, shuffled.Labels), 12);
        Assert.Equal(original.Inertia, shuffled.Inertia, 9);
    }

    [Fact]
    public void Fit_ThroughTheClustererInterface_ReturnsTheModel()
    {
        IClusterer clusterer = new KMeansClusterer(new KMeansOptions { NumberOfClusters = 2 });

        var model = clusterer.Fit(TestMatrices.Column(0, 1, 5, 6));

        Assert.IsType<KMeansModel>(model);
        Assert.Equal(2, model.NumberOfClusters);
    }
}
