using System.Net;
using System.Text.Json;
using SegmentIQ.Analytics.Lifetime;

namespace SegmentIQ.Tests.Api;

public sealed class SegmentationLifetimeTests(SampleApiHost host) : IClassFixture<SampleApiHost>
{
    [Fact]
    public async Task Segmentation_WithIncludeLifetime_CarriesTheEngineValuesPerCustomerAndSegment()
    {
        using var client = host.ClientWithKey();

        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/segmentations?includeLifetime=true", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = document.RootElement;
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "sample", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var fit = LifetimeFit.Fit(PurchaseLog.FromTransactions(dataset.Purchases!), LifetimeOptions.Default);
        var values = fit.Values(ClvOptions.Default);

        var lifetime = body.GetProperty("lifetime");
        Assert.Equal(JsonValueKind.Null, lifetime.GetProperty("unavailable").ValueKind);
        Assert.Equal(fit.Purchases.R, lifetime.GetProperty("parameters").GetProperty("r").GetDouble(), 12);
        var segments = lifetime.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(fit.Summary.Count, segments.Sum(s => s.GetProperty("customers").GetInt32()));
        Assert.StartsWith("Segment 1", segments[0].GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(values.Clv.Sum(), segments.Sum(s => s.GetProperty("clvTotal").GetDouble()), 6);

        foreach (var customer in body.GetProperty("customers").EnumerateArray())
        {
            var row = fit.Summary.IndexOf(customer.GetProperty("customerId").GetString()!);
            Assert.Equal(values.ProbabilityAlive[row], customer.GetProperty("probabilityAlive").GetDouble(), 12);
            Assert.Equal(values.Clv[row], customer.GetProperty("clv").GetDouble(), 9);
        }
    }

    [Fact]
    public async Task Segmentation_ByDefault_LeavesLifetimeOut()
    {
        using var client = host.ClientWithKey();

        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/segmentations?includeCustomers=false", null);

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("lifetime").ValueKind);
    }
}
