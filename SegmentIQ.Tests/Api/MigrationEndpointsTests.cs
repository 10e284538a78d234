using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Tests.Api;

public sealed class MigrationEndpointsTests(SampleApiHost host) : IClassFixture<SampleApiHost>
{
    [Fact]
    public async Task Migration_Defaults_EqualThePipelinesLastTwoQuartersWithNamedSegments()
    {
        using var client = host.ClientWithKey();
        var body = await PostAsync(client, "{}", includeMovers: true);

        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "sample", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var analysis = pipeline.Temporal(dataset, null, new SegmentationSettings(), TemporalOptions.Default, null, CancellationToken.None);
        var matrix = analysis.Segments.Migration(3, 4);

        Assert.Equal(analysis.Snapshots.Select(s => s.Label), body.GetProperty("snapshots").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("2011-Q3", body.GetProperty("from").GetString());
        Assert.Equal("2011-Q4", body.GetProperty("to").GetString());
        Assert.Equal(matrix.Total, body.GetProperty("customers").GetInt32());
        Assert.Equal(matrix.StayedShare!.Value, body.GetProperty("stayedShare").GetDouble(), 12);
        var flows = body.GetProperty("flows").EnumerateArray().ToList();
        var expected = matrix.Flows(byRevenue: false);
        Assert.Equal(expected.Count, flows.Count);
        for (var i = 0; i < flows.Count; i++)
        {
            Assert.Equal(matrix.Names[expected[i].From], flows[i].GetProperty("from").GetString());
            Assert.Equal(matrix.Names[expected[i].To], flows[i].GetProperty("to").GetString());
            Assert.Equal(expected[i].Customers, flows[i].GetProperty("customers").GetInt32());
        }

        Assert.Contains(flows, f => f.GetProperty("from").GetString()!.StartsWith("Segment 1 · ", StringComparison.Ordinal));
        Assert.Contains(flows, f => f.GetProperty("to").GetString() == "Lapsed");

        // Every customer is in one state before and one after.
        var states = body.GetProperty("states").EnumerateArray().ToList();
        Assert.Equal(matrix.Total, states.Sum(s => s.GetProperty("before").GetInt32()));
        Assert.Equal(matrix.Total, states.Sum(s => s.GetProperty("after").GetInt32()));
        Assert.Equal(analysis.Segments.Movers(3, 4, null, null).Count, body.GetProperty("movers").GetArrayLength());
    }

    [Fact]
    public async Task Migration_MonthlyBetweenChosenSnapshots_FollowsTheRequest()
    {
        using var client = host.ClientWithKey();
        var body = await PostAsync(client, """{"period":"Month","from":"2011-06","to":"2011-09","rfm":true}""", includeMovers: false);

        Assert.Equal(13, body.GetProperty("snapshots").GetArrayLength());
        Assert.Equal("2011-06", body.GetProperty("from").GetString());
        Assert.Equal("2011-09", body.GetProperty("to").GetString());
        Assert.Equal("RFM map", body.GetProperty("scheme").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("movers").ValueKind);
    }

    [Theory]
    [InlineData("""{"period":"Week"}""", "period")]
    [InlineData("""{"windowMonths":1,"period":"Quarter"}""", "windowMonths")]
    [InlineData("""{"from":"1999-Q1"}""", "from")]
    [InlineData("""{"referenceSnapshot":"2030-Q1"}""", "referenceSnapshot")]
    [InlineData("""{"segmentation":{"numberOfClusters":99}}""", "segmentation.numberOfClusters")]
    public async Task Migration_BadSetting_Is400NamingTheField(string request, string field)
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/migrations", new StringContent(request, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal(field, ApiTestHost.FieldOf(problem));
        Assert.DoesNotContain("Exception", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_OfACustomerTable_Is422SayingWhy()
    {
        using var client = host.ClientWithKey();
        using var upload = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "CustomerID,Spend,Visits\n1,10,1\n2,20,2\n3,35,3\n4,5,1\n5,50,4\n", "tiny.csv", new Dictionary<string, string> { ["shape"] = "CustomerTable" });
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("id").GetString();

        using var response = await client.PostAsJsonAsync($"/api/v1/datasets/{id}/migrations", new { segmentation = new { numberOfClusters = 2 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Contains("dated purchase", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> PostAsync(HttpClient client, string json, bool includeMovers)
    {
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/migrations?includeMovers={(includeMovers ? "true" : "false")}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
    }
}
