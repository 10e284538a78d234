using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Bench;
using SegmentIQ.Tests.Web;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Pipeline;

/// <summary>
/// The app (the browser session), the benchmark and a direct pipeline run are three callers of one engine: for the
/// same file and settings they give the same segments, numbered the same way.
/// </summary>
public class OneEngineTests : SegmentIqBunitContext
{
    private static string BundledSample => Path.Combine(WebProject.Directory, "Data", "online-retail-sample.csv.gz");

    [Theory]
    [InlineData(SegmentationAlgorithm.KMeans, 4)]
    [InlineData(SegmentationAlgorithm.GaussianMixture, 3)]
    [InlineData(SegmentationAlgorithm.Hierarchical, 5)]
    public async Task AppBenchAndPipeline_SameFileAndSettings_GiveTheSameSegments(SegmentationAlgorithm algorithm, int k)
    {
        var settings = new SegmentationSettings { Algorithm = algorithm, NumberOfClusters = k };
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        await session.UpdateSettingsAsync(settings);
        var app = session.Segmentation!;

        var bench = new AnalysisPipeline().Segment(BenchData.LoadDefaultSpace(BundledSample), settings, null, CancellationToken.None);
        var pipeline = new AnalysisPipeline();
        var dataset = AnalysisPipeline.Load(BundledSample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var direct = pipeline.Segment(pipeline.Space(dataset, null, CancellationToken.None), settings, null, CancellationToken.None);

        Assert.Equal(settings, app.Settings);
        Assert.Equal(direct.Labels, app.Labels);
        Assert.Equal(direct.Labels, bench.Labels);
        Assert.Equal(direct.Quality.Silhouette.Mean, app.Quality.Silhouette.Mean);
    }

    [Fact]
    public async Task AppAndBench_CustomerTableWithoutMonetary_NumberSegmentsTheSameWay()
    {
        var path = Path.Combine(Path.GetTempPath(), $"siq-table-{Guid.NewGuid():N}.csv");
        var random = new Random(5);
        var lines = new List<string> { "CustomerID,Age,Annual Income,Spending Score" };
        for (var i = 0; i < 120; i++)
        {
            var group = i % 3;
            lines.Add(FormattableString.Invariant($"C{i},{20 + (group * 15) + random.Next(5)},{30 + (group * 40) + random.Next(10)},{80 - (group * 30) + random.Next(8)}"));
        }

        await File.WriteAllLinesAsync(path, lines);
        try
        {
            var session = Services.GetRequiredService<AnalysisSession>();
            await session.EnsureInitializedAsync();
            var outcome = await session.LoadFileAsync(path, "customers.csv", null, null, null, null, CancellationToken.None);
            Assert.Null(outcome.Error);
            await session.UpdateSettingsAsync(new SegmentationSettings { NumberOfClusters = 3 });

            var space = BenchData.LoadDefaultSpace(path);
            var bench = new AnalysisPipeline().Segment(space, new SegmentationSettings { NumberOfClusters = 3 }, null, CancellationToken.None);

            Assert.False(space.Table.Contains(FeatureNames.Monetary));
            Assert.Equal(bench.Labels, session.Segmentation!.Labels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Pipeline_SameStepTwice_ReturnsTheCachedResult()
    {
        var pipeline = new AnalysisPipeline();
        var dataset = AnalysisPipeline.Load(BundledSample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);

        var first = pipeline.Segment(space, new SegmentationSettings(), null, CancellationToken.None);
        var again = pipeline.Segment(pipeline.Space(dataset, FeatureSpaceOptions.DefaultFor(dataset.Features), CancellationToken.None), new SegmentationSettings(), null, CancellationToken.None);
        var other = pipeline.Segment(space, new SegmentationSettings { NumberOfClusters = 5 }, null, CancellationToken.None);

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(5, other.NumberOfClusters);
        await Task.CompletedTask;
    }
}
