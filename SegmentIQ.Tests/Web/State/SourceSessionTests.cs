using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Tests.Ingestion;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.State;

/// <summary>A source's aggregation replaces the session's dataset like an upload; a failing source leaves it untouched.</summary>
public sealed class SourceSessionTests : SegmentIqBunitContext
{
    [Fact]
    public async Task LoadSource_CorruptParquet_KeepsTheCurrentDatasetAndSegments()
    {
        var session = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        var before = session.Dataset;
        using var files = new TempFiles();
        files.WriteBytes("broken.parquet", [.. "PAR1 not parquet"u8]);
        var settings = new DuckDbSettings { AllowedRoot = Path.GetDirectoryName(files.PathOf("x"))!, SpillDirectory = files.PathOf("spill") };

        var outcome = await session.LoadSourceAsync(new DuckDbFileSource("broken.parquet", settings), null, null, null, CancellationToken.None);

        Assert.Equal("broken.parquet: it is not a readable Parquet file (corrupt, truncated, or another format). The previous dataset is still in use.", outcome.Error);
        Assert.Same(before, session.Dataset);
    }

    [Fact]
    public async Task LoadSource_CsvThroughDuckDb_BecomesTheDatasetWithTheInProcessFeatures()
    {
        var session = Services.CreateScope().ServiceProvider.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        using var files = new TempFiles();
        var path = files.Write("shop.csv", TestCsv.ThirtyCustomers());
        var expected = DatasetLoader.Load(path, "shop.csv", null, null, false, null, CancellationToken.None).Dataset!;
        var settings = new DuckDbSettings { AllowedRoot = Path.GetDirectoryName(path)!, SpillDirectory = files.PathOf("spill") };

        var outcome = await session.LoadSourceAsync(new DuckDbFileSource("shop.csv", settings), null, null, null, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Same(outcome.Dataset, session.Dataset);
        Assert.Null(session.Dataset!.Purchases);
        Assert.Equal(expected.Features.CustomerIds, session.Dataset.Features.CustomerIds);
        Assert.Equal(expected.Features["Monetary"], session.Dataset.Features["Monetary"]);
        Assert.Equal(expected.Cleaning!.RowsKept, session.Dataset.Cleaning!.RowsKept);
        await session.UpdateSettingsAsync(session.Settings with { NumberOfClusters = 3 });
        Assert.Equal(30, session.Segmentation!.Labels.Count);
    }
}
