using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Api;

/// <summary>The REST API reads order-line files (one row per order, no products) as their own shape.</summary>
public sealed class OrderLineUploadApiTests(SampleApiHost host) : IClassFixture<SampleApiHost>
{
    [SharedDataFact]
    public async Task Upload_CdnowSample_IsOrderLinesWhoseSegmentationCarriesLifetimeValues()
    {
        using var client = host.ClientWithKey();

        using var response = await ApiTestHost.PostFileAsync(client, "/api/v1/datasets", SharedData.DataFile("cdnow_sample.txt"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
        Assert.Equal("OrderLines", body.GetProperty("shape").GetString());
        Assert.Equal(2357, body.GetProperty("customers").GetInt32());
        Assert.Equal(["Recency", "Frequency", "Monetary"], body.GetProperty("defaultFeatures").GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains(body.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("Market Basket", StringComparison.Ordinal));

        var id = body.GetProperty("id").GetString();
        using var segmented = await client.PostAsync($"/api/v1/datasets/{id}/segmentations?includeLifetime=true", null);
        Assert.Equal(HttpStatusCode.OK, segmented.StatusCode);
        using var result = JsonDocument.Parse(await segmented.Content.ReadAsStringAsync());
        var lifetime = result.RootElement.GetProperty("lifetime");
        Assert.Equal(JsonValueKind.Null, lifetime.GetProperty("unavailable").ValueKind);
        Assert.True(lifetime.GetProperty("parameters").GetProperty("r").GetDouble() > 0);
        var segments = lifetime.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(2357, segments.Sum(s => s.GetProperty("customers").GetInt32()));
        Assert.StartsWith("Segment 1", segments[0].GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OrderLinesWhoseColumnsCannotBeToldApart_Is400NamingTheColumns()
    {
        using var client = host.ClientWithKey();

        using var response = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "A 10.5 20240101\nB 4 20240102\n", "odd.txt");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ApiTestHost.ProblemAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains("order lines", detail, StringComparison.Ordinal);
        Assert.Contains("Column 3 (20240101)", detail, StringComparison.Ordinal);
    }
}
