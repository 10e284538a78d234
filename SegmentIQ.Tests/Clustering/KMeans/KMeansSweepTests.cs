using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Evaluation;
using SegmentIQ.Tests.Evaluation;
using KMeansClusterer = SegmentIQ.Analytics.Clustering.KMeans.KMeans;

namespace SegmentIQ.Tests.Clustering.KMeans;

public class KMeansSweepTests
{
    [Fact]
    public void Run_ThreeBlobs_SuggestsThreeAndGivesOnePointPerK()
    {
        var data = TestMatrices.ThreeBlobs();

        var result = KMeansSweep.Run(data, new KMeansSweepOptions { MinClusters = 2, MaxClusters = 6 });

        Assert.Equal([2, 3, 4, 5, 6], result.Points.Select(p => p.NumberOfClusters));
        Assert.Equal(3, result.SuggestedNumberOfClusters);
        Assert.False(result.SilhouetteSampled);
        Assert.All(result.Points, p => Assert.Equal(data.Rows, p.SilhouetteRows));
        for (var i = 1; i < result.Points.Count; i++)
        {
            Assert.True(result.Points[i].Inertia < result.Points[i - 1].Inertia);
        }
    }

    [Fact]
    public void Run_EachPoint_EqualsAFitAndSilhouetteWithTheSameOptions()
    {
        var data = TestMatrices.Uniform(200, 3, seed: 8);
        var options = new KMeansSweepOptions { MinClusters = 2, MaxClusters = 5, KMeans = new KMeansOptions { Seed = 3, NInit = 4 } };

        var result = KMeansSweep.Run(data, options);

        foreach (var point in result.Points)
        {
            var model = new KMeansClusterer(options.KMeans with { NumberOfClusters = point.NumberOfClusters }).Fit(data);
            Assert.Equal(model.Inertia, point.Inertia);
            Assert.Equal(Silhouette.Compute(data, model.Labels).Mean, point.Silhouette, 12);
            Assert.Equal(model.Sizes, point.Sizes);
            Assert.Equal(model.Labels, point.Model.Labels);
        }

        Assert.Equal(ExpectedSuggestion(result.Points), result.SuggestedNumberOfClusters);
        Assert.NotNull(result.SuggestionReason);
    }

    [Fact]
    public void Suggest_BestSilhouetteAtTwo_PrefersTheBestActionableKAndSaysWhy()
    {
        var points = new[] { Point(2, 0.41, 420, 580), Point(3, 0.35, 300, 300, 400), Point(4, 0.37, 250, 250, 250, 250), Point(5, 0.39, 10, 240, 250, 250, 250) };

        var (k, reason) = KMeansSweep.Suggest(points, 2, 5);

        // k = 5 has a 1 % segment and k = 2 is a split, so k = 4 (0.37) beats k = 3 (0.35).
        Assert.Equal(4, k);
        Assert.Contains("k = 2 scores higher (0.41) but only splits customers into 2 groups (42 % to 58 %)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_ChoiceAtTheTopOfTheRange_SaysItIsTheLargestTried()
    {
        var points = new[] { Point(3, 0.30, 300, 300, 400), Point(4, 0.33, 250, 250, 250, 250) };

        var (k, reason) = KMeansSweep.Suggest(points, 3, 4);

        Assert.Equal(4, k);
        Assert.Contains("largest k tried (4)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_NoActionableK_FallsBackToTheBestSilhouetteAndSaysSo()
    {
        var points = new[] { Point(2, 0.5, 900, 100), Point(3, 0.4, 980, 10, 10) };

        var (k, reason) = KMeansSweep.Suggest(points, 2, 3);

        Assert.Equal(2, k);
        Assert.Contains("No k from 2 to 3 gives at least 3 segments", reason, StringComparison.Ordinal);
    }

    /// <summary>The best silhouette among the k with at least 3 segments holding 3–50 % each, else the best overall.</summary>
    internal static int ExpectedSuggestion(IReadOnlyList<KMeansSweepPoint> points)
    {
        bool Actionable(KMeansSweepPoint p) => p.NumberOfClusters >= 3 && p.Sizes.All(s => s >= 0.03 * p.Sizes.Sum() && s <= 0.5 * p.Sizes.Sum());
        var pool = points.Any(Actionable) ? points.Where(Actionable) : points;
        return pool.OrderByDescending(p => p.Silhouette).ThenBy(p => p.NumberOfClusters).First().NumberOfClusters;
    }

    private static KMeansSweepPoint Point(int k, double silhouette, params int[] sizes) =>
        new(k, Inertia: 100.0 / k, silhouette, SilhouetteSampled: false, SilhouetteRows: sizes.Sum(), Iterations: 5, Converged: true, sizes, Model: null!);

    [Fact]
    public void Run_FewDistinctCustomers_StopsAtTheirNumberAndSaysSo()
    {
        var data = TestMatrices.Column(1, 1, 2, 2, 8, 8, 9, 9);

        var result = KMeansSweep.Run(data, new KMeansSweepOptions { MaxClusters = 12 });

        Assert.Equal(4, result.Points[^1].NumberOfClusters);
        Assert.Contains(result.Caveats, c => c.Contains("only 4 distinct customers", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_FewerDistinctCustomersThanMinClusters_Throws() =>
        Assert.Throws<ClusteringDataException>(() => KMeansSweep.Run(TestMatrices.Column(1, 1, 1), new KMeansSweepOptions()));

    [Fact]
    public void Run_AboveTheExactLimit_FlagsSampledSilhouettes()
    {
        var data = TestMatrices.Uniform(300, 2, seed: 1);
        var options = new KMeansSweepOptions { MaxClusters = 4, Silhouette = new SilhouetteOptions { MaxExactRows = 100, SampleSize = 100 } };

        var result = KMeansSweep.Run(data, options);

        Assert.True(result.SilhouetteSampled);
        Assert.All(result.Points, p => Assert.True(p.SilhouetteSampled));
        Assert.All(result.Points, p => Assert.Equal(100, p.SilhouetteRows));
        Assert.Contains(result.Caveats, c => c.Contains("sample of 100", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ReportsIncreasingProgressUpToOne()
    {
        var reports = new List<double>();

        KMeansSweep.Run(TestMatrices.ThreeBlobs(), new KMeansSweepOptions { MaxClusters = 4 }, new SynchronousProgress(reports.Add));

        Assert.Equal(1.0, reports[^1], 12);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => KMeansSweep.Run(TestMatrices.ThreeBlobs(), cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(1, 12, "MinClusters")]
    [InlineData(5, 4, "MaxClusters")]
    public void Options_OutOfRange_NameTheField(int min, int max, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(new KMeansSweepOptions { MinClusters = min, MaxClusters = max }.Validate);

        Assert.Equal(field, ex.ParamName);
    }
}
