using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Tests.Api;

public sealed class SegmentationEndpointsTests(SampleApiHost host) : IClassFixture<SampleApiHost>
{
    public static TheoryData<string, SegmentationSettings> SameAsPipelineCases => new()
    {
        { "{}", new SegmentationSettings() },
        { """{"algorithm":"GaussianMixture","numberOfClusters":5,"covarianceType":"Diagonal","seed":7}""", new SegmentationSettings { Algorithm = SegmentationAlgorithm.GaussianMixture, NumberOfClusters = 5, CovarianceType = CovarianceType.Diagonal, Seed = 7 } },
        { """{"algorithm":"Hierarchical","numberOfClusters":3}""", new SegmentationSettings { Algorithm = SegmentationAlgorithm.Hierarchical, NumberOfClusters = 3 } },
    };

    [Theory]
    [MemberData(nameof(SameAsPipelineCases))]
    public async Task Segmentation_EqualsADirectPipelineRun(string request, SegmentationSettings settings)
    {
        using var client = host.ClientWithKey();
        var body = await PostAsync(client, request);

        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "sample", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var direct = pipeline.Segment(space, settings, null, CancellationToken.None);
        var personas = pipeline.Describe(space, direct, CancellationToken.None).Personas;

        var customers = body.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(space.Table.Count, customers.Count);
        for (var i = 0; i < customers.Count; i++)
        {
            Assert.Equal(space.Table.CustomerIds[i], customers[i].GetProperty("customerId").GetString());
            Assert.Equal(SegmentNames.Number(direct.Labels[i]), customers[i].GetProperty("segment").GetInt32());
            Assert.Equal(SegmentNames.Display(direct.Labels[i], personas), customers[i].GetProperty("segmentName").GetString());
        }

        Assert.Equal(direct.Quality.Silhouette.Mean, body.GetProperty("metrics").GetProperty("silhouette").GetDouble(), 12);
    }

    [Fact]
    public async Task Segmentation_NumbersSegmentsFromOneWithPersonaNamesAndFeatureMeans()
    {
        using var client = host.ClientWithKey();
        var body = await PostAsync(client, """{"numberOfClusters":4}""");

        var segments = body.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], segments.Select(s => s.GetProperty("number").GetInt32()));
        Assert.All(segments, s =>
        {
            var name = s.GetProperty("name").GetString()!;
            Assert.StartsWith($"Segment {s.GetProperty("number").GetInt32()} · ", name, StringComparison.Ordinal);
            Assert.EndsWith(s.GetProperty("persona").GetString()!, name, StringComparison.Ordinal);
            Assert.True(s.GetProperty("means").GetProperty("Monetary").GetDouble() > 0);
        });
        Assert.Equal(1.0, segments.Sum(s => s.GetProperty("share").GetDouble()), 9);
        Assert.Equal("K-Means, k = 4", body.GetProperty("settings").GetProperty("description").GetString());
        Assert.True(body.GetProperty("metrics").GetProperty("daviesBouldin").GetDouble() > 0);
        Assert.Equal(0, body.GetProperty("noise").GetProperty("customers").GetInt32());
    }

    [Fact]
    public async Task Segmentation_WithoutBody_UsesTheDefaultsAndCanLeaveCustomersOut()
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/segmentations?includeCustomers=false", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
        Assert.Equal("KMeans", body.GetProperty("settings").GetProperty("algorithm").GetString());
        Assert.Equal(4, body.GetProperty("settings").GetProperty("numberOfClusters").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("customers").ValueKind);
    }

    [Fact]
    public async Task Dbscan_ReportsNoiseWithoutASegmentNumber()
    {
        using var client = host.ClientWithKey();
        var body = await PostAsync(client, """{"algorithm":"Dbscan","eps":0.3,"minSamples":10}""");

        var noise = body.GetProperty("noise").GetProperty("customers").GetInt32();
        Assert.True(noise > 0);
        var noiseCustomers = body.GetProperty("customers").EnumerateArray().Where(c => c.GetProperty("segment").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(noise, noiseCustomers.Count);
        Assert.All(noiseCustomers, c => Assert.Equal("Noise", c.GetProperty("segmentName").GetString()));
    }

    [Theory]
    [InlineData("""{"numberOfClusters":99}""", "numberOfClusters")]
    [InlineData("""{"eps":-1,"algorithm":"Dbscan"}""", "eps")]
    [InlineData("""{"algorithm":"Spectral"}""", "algorithm")]
    [InlineData("""{"numberOfClusters":"four"}""", "numberOfClusters")]
    [InlineData("""{"numberOfCluster":4}""", "numberOfCluster")]
    [InlineData("""{"features":["Recency","Loyalty"]}""", "features")]
    [InlineData("""{"features":["Recency"],"log1p":["Monetary"]}""", "log1p")]
    [InlineData("""{ not json""", "body")]
    public async Task Segmentation_BadSetting_Is400NamingTheField(string request, string field)
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/segmentations", new StringContent(request, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal(field, ApiTestHost.FieldOf(problem));
        Assert.DoesNotContain("Exception", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segmentation_MoreSegmentsThanCustomers_Is422WithTheEnginesMessage()
    {
        using var client = host.ClientWithKey();
        using var upload = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "CustomerID,Spend,Visits\n1,10,1\n2,20,2\n3,35,3\n", "tiny.csv", new Dictionary<string, string> { ["shape"] = "CustomerTable" });
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("id").GetString();

        using var response = await client.PostAsJsonAsync($"/api/v1/datasets/{id}/segmentations", new { numberOfClusters = 5 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("numberOfClusters", ApiTestHost.FieldOf(problem));
        Assert.Contains("Asked for 5 segments", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segmentation_OfUnknownDataset_Is404()
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsJsonAsync("/api/v1/datasets/ds_nope/segmentations", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ApiTestHost.ProblemAsync(response);
    }

    private async Task<JsonElement> PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/segmentations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
    }
}
