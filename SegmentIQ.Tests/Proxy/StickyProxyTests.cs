using System.Net;
using Microsoft.AspNetCore.Builder;
using SegmentIQ.Proxy;
using SegmentIQ.Tests.Api;
using SegmentIQ.Tests.Infrastructure;
using SegmentIQ.Web.Services;
using StackExchange.Redis;

namespace SegmentIQ.Tests.Proxy;

/// <summary>
/// Two real app processes sharing Redis behind the sticky proxy: a user stays on one instance; when it is killed the
/// user is sent to the other, where the analysis saved before is still in the library and runs.
/// </summary>
public sealed class StickyProxyTests : IAsyncLifetime
{
    private const string Key = "proxy-test-key-0123456789";
    private static readonly string[] InstanceNames = ["a", "b"];
    private static readonly string[] UserPaths = ["/", "/api/v1/health/live", "/segments", "/api/v1/health/live", "/", "/api/v1/health/live"];
    private readonly string _prefix = $"segmentiq-test-{Guid.NewGuid():N}:";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"segmentiq-proxy-tests-{Guid.NewGuid():N}");
    private readonly List<AppProcess> _instances = [];
    private WebApplication? _proxy;
    private string _proxyUrl = "";
    private ConnectionMultiplexer? _redis;

    public async Task InitializeAsync()
    {
        if (TestServices.Redis is not { } redis)
        {
            return;
        }

        _redis = await ConnectionMultiplexer.ConnectAsync(redis);
        var starts = InstanceNames.Select(name => AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["SegmentIQ__InstanceName"] = name,
            ["SegmentIQ__Redis__Configuration"] = redis,
            ["SegmentIQ__Redis__KeyPrefix"] = _prefix,
            ["SegmentIQ__LibraryPath"] = Path.Combine(_root, name),
            ["SegmentIQ__Api__Keys__0"] = Key,
        }));
        _instances.AddRange(await Task.WhenAll(starts));
        _proxyUrl = $"http://127.0.0.1:{AppProcess.FreePort()}";
        _proxy = StickyProxy.Build(_proxyUrl, [.. _instances.Select(i => i.BaseUrl)], healthInterval: TimeSpan.FromSeconds(1));
        await _proxy.StartAsync();
    }

    [RedisFact]
    public async Task KillingTheUsersInstance_SendsThemToTheOther_WhereTheirSavedAnalysisStillRuns()
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var user = new HttpClient(handler) { BaseAddress = new Uri(_proxyUrl) };
        user.DefaultRequestHeaders.Add("X-Api-Key", Key);

        // Sticky: every request of this browser lands on the same instance.
        var served = new HashSet<string>();
        foreach (var path in UserPaths)
        {
            using var response = await user.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served.Add(InstanceOf(response));
        }

        var home = Assert.Single(served);

        // The user saves an analysis: the library is Redis (the instance's own folder is not shared).
        var id = SaveToSharedLibrary();

        // Its instance dies; within a few health checks the proxy sends the user to the other one.
        _instances[home == "a" ? 0 : 1].Kill();
        var other = home == "a" ? "b" : "a";
        string? now = null;
        for (var attempt = 0; attempt < 60 && now != other; attempt++)
        {
            try
            {
                using var response = await user.GetAsync("/api/v1/health/live");
                now = response.IsSuccessStatusCode ? InstanceOf(response) : null;
            }
            catch (HttpRequestException)
            {
            }

            if (now != other)
            {
                await Task.Delay(500);
            }
        }

        Assert.Equal(other, now);
        using var run = await ApiTestHost.PostFileAsync(user, $"/api/v1/analyses/{id}/run", ApiTestHost.SamplePath, "next-month.csv.gz");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(other, InstanceOf(run));

        // Both instances protect cookies and antiforgery tokens with the one key ring in Redis.
        Assert.True(await _redis!.GetDatabase().KeyExistsAsync(_prefix + "dataprotection-keys"));
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.StopAsync();
            await _proxy.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        if (_redis is not null)
        {
            var server = _redis.GetServers()[0];
            var db = _redis.GetDatabase();
            foreach (var key in server.Keys(pattern: _prefix + "*"))
            {
                await db.KeyDeleteAsync(key);
            }

            await _redis.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string InstanceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(SharedState.InstanceHeader, out var values) ? values.Single() : "(none)";

    private string SaveToSharedLibrary()
    {
        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "online-retail-sample.csv.gz", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var definition = AnalysisRunner.Capture(dataset, space, new SegmentationSettings { NumberOfClusters = 3 }, null, "Monthly segments", null, DateTimeOffset.UtcNow);
        var folder = Path.Combine(_root, "saving-instance");
        return new AnalysisLibrary(folder, new RedisLibraryStorage(_redis!, _prefix, Path.Combine(folder, "cache"))).Save(definition, ApiTestHost.SamplePath).Id;
    }
}
