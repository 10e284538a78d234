using SegmentIQ.Tests.Infrastructure;
using SegmentIQ.Tests.Ingestion;
using SegmentIQ.Web.Services;
using StackExchange.Redis;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>The library in Redis behaves as the folder library: what one instance saves, another lists, opens and deletes.</summary>
public sealed class RedisLibraryStorageTests : IAsyncLifetime, IDisposable
{
    private readonly string _prefix = $"segmentiq-test-{Guid.NewGuid():N}:";
    private readonly TempFiles _files = new();
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync()
    {
        if (TestServices.Redis is { } redis)
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(redis);
        }
    }

    [RedisFact]
    public void SavedOnOneInstance_IsListedOpenedWithItsDataAndDeletedOnAnother()
    {
        var data = _files.Write("shop.csv", Browser.TestCsv.ThirtyCustomers());
        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(data, "shop.csv", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var definition = AnalysisRunner.Capture(dataset, pipeline.Space(dataset, null, CancellationToken.None), new SegmentationSettings { NumberOfClusters = 3 }, null, "Shop", null, DateTimeOffset.UtcNow);
        var first = Library("first");
        var second = Library("second");

        var saved = first.Save(definition, data);
        var listed = Assert.Single(second.List(out var problems));
        Assert.Empty(problems);

        Assert.Equal(saved.Id, listed.Id);
        Assert.True(listed.HasDataCopy);
        Assert.Equal(File.ReadAllBytes(data), File.ReadAllBytes(second.DataCopyOf(listed)!));
        Assert.Equal(second.DataCopyOf(listed), second.FindDataCopy(definition.Data.Sha256));
        Assert.Equal("Renamed", second.Rename(saved.Id, "Renamed")!.Name);
        Assert.Equal("Renamed", first.Find(saved.Id)!.Name);
        Assert.True(second.Delete(saved.Id));
        Assert.Null(first.Find(saved.Id));
        Assert.Null(first.FindDataCopy(definition.Data.Sha256));
    }

    [RedisFact]
    public void UnreadableDocument_IsListedAsAProblem_NotAnException()
    {
        _redis!.GetDatabase().HashSet(_prefix + "library:analyses", "broken-1", "{not json");

        Assert.Empty(Library("any").List(out var problems));

        Assert.Contains("broken-1.json", Assert.Single(problems), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            var db = _redis.GetDatabase();
            foreach (var key in _redis.GetServers()[0].Keys(pattern: _prefix + "*"))
            {
                await db.KeyDeleteAsync(key);
            }

            await _redis.DisposeAsync();
        }
    }

    public void Dispose() => _files.Dispose();

    private AnalysisLibrary Library(string instance)
    {
        var folder = _files.PathOf(instance);
        return new AnalysisLibrary(folder, new RedisLibraryStorage(_redis!, _prefix, Path.Combine(folder, "cache")));
    }
}
