using System.Net;

namespace SegmentIQ.Tests.Api;

public sealed class ApiAuthenticationTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    [Fact]
    public async Task Request_WithoutKey_Is401ProblemNamingTheHeader()
    {
        using var client = host.ClientWithKey(null);
        using var response = await client.GetAsync("/api/v1/datasets/ds_whatever");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("X-Api-Key", ApiTestHost.FieldOf(problem));
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithWrongKey_Is401Problem()
    {
        using var client = host.ClientWithKey("not-the-key");
        using var response = await client.PostAsync("/api/v1/datasets/ds_whatever/segmentations", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("API key not valid", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Request_WithKey_ReachesTheEndpoint()
    {
        using var client = host.ClientWithKey();
        using var response = await client.GetAsync("/api/v1/datasets/ds_whatever");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("id", ApiTestHost.FieldOf(problem));
    }

    [Fact]
    public async Task UnknownApiRoute_Is404Problem()
    {
        using var client = host.ClientWithKey();
        using var response = await client.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ApiTestHost.ProblemAsync(response);
    }

    [Fact]
    public async Task HealthLive_NeedsNoKey()
    {
        using var client = host.ClientWithKey(null);
        using var response = await client.GetAsync("/api/v1/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_BecomesReadyOnceTheSampleIsLoaded()
    {
        using var client = host.ClientWithKey(null);
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 300 && status != HttpStatusCode.OK; attempt++)
        {
            using var response = await client.GetAsync("/api/v1/health/ready");
            status = response.StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await ApiTestHost.ProblemAsync(response);
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }
}

public sealed class ApiWithoutKeysTests(ApiWithoutKeysTests.NoKeyHost host) : IClassFixture<ApiWithoutKeysTests.NoKeyHost>
{
    [Fact]
    public async Task AnyEndpoint_WithNoKeyConfigured_Is503SayingHowToEnableIt()
    {
        using var client = host.ClientWithKey("anything");
        using var response = await client.GetAsync("/api/v1/datasets/ds_x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Contains("SegmentIQ:Api:Keys", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("SegmentIQ:Api:Keys", ApiTestHost.FieldOf(problem));
    }

    [Fact]
    public async Task Health_WithNoKeyConfigured_StillAnswers()
    {
        using var client = host.ClientWithKey(null);
        using var response = await client.GetAsync("/api/v1/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The app with no API key configured.</summary>
    public sealed class NoKeyHost() : ApiTestHost(new Dictionary<string, string?>());
}

public sealed class ApiRateLimitTests(ApiRateLimitTests.TinyLimitHost host) : IClassFixture<ApiRateLimitTests.TinyLimitHost>
{
    [Fact]
    public async Task RequestsPastThePerKeyLimit_Are429WithRetryAfter()
    {
        using var client = host.ClientWithKey();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/datasets/ds_x");
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using var response = await client.GetAsync("/api/v1/datasets/ds_x");

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Contains("PermitsPerMinute", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Health probes are never limited.
        using var health = await client.GetAsync("/api/v1/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task EachKey_HasItsOwnLimit()
    {
        using var client = host.ClientWithKey(TinyLimitHost.SecondKey);
        using var response = await client.GetAsync("/api/v1/datasets/ds_y");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Three requests a minute per key, two keys.</summary>
    public sealed class TinyLimitHost() : ApiTestHost(new Dictionary<string, string?>
    {
        ["SegmentIQ:Api:Keys:0"] = Key,
        ["SegmentIQ:Api:Keys:1"] = SecondKey,
        ["SegmentIQ:Api:PermitsPerMinute"] = "3",
    })
    {
        /// <summary>The other key.</summary>
        public const string SecondKey = "second-key-abcdef";
    }
}
