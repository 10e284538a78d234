using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Recommendations;

namespace SegmentIQ.Tests.Api;

public sealed class RecommendationEndpointsTests(SampleApiHost host) : IClassFixture<SampleApiHost>
{
    private static readonly string[] UnknownCustomer = ["no-such-customer"];

    [Fact]
    public async Task Recommendations_Defaults_EqualThePipelinesRecommenderWithNamedSegments()
    {
        using var client = host.ClientWithKey();
        var body = await PostAsync(client, "{}");

        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "sample", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var segmentation = pipeline.Segment(space, new SegmentationSettings(), null, CancellationToken.None);
        var personas = pipeline.Describe(space, segmentation, CancellationToken.None).Personas;
        var model = pipeline.Recommender(dataset, space, segmentation, null, CancellationToken.None);
        var pool = dataset.Purchases!.Pools.Customers;

        Assert.Equal(5, body.GetProperty("top").GetInt32());
        var segments = body.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(segmentation.NumberOfClusters, segments.Count);
        Assert.Equal(SegmentNames.Display(0, personas), segments[0].GetProperty("name").GetString());
        Assert.StartsWith("Segment 1 · ", segments[0].GetProperty("name").GetString(), StringComparison.Ordinal);

        var customers = body.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, model.CustomerCount).Count(c => model.SegmentOf(c) >= 0), customers.Count);
        var ruleProducts = 0;
        foreach (var customer in customers)
        {
            var code = pool.Find(customer.GetProperty("customerId").GetString()!);
            var label = model.SegmentOf(code);
            Assert.Equal(label + 1, customer.GetProperty("segment").GetInt32());
            Assert.Equal(SegmentNames.Display(label, personas), customer.GetProperty("segmentName").GetString());
            var expected = model.Recommend(code, 5, personas);
            var products = customer.GetProperty("products").EnumerateArray().ToList();
            Assert.Equal(expected.Select(r => r.Product), products.Select(p => p.GetProperty("product").GetString()));
            for (var i = 0; i < products.Count; i++)
            {
                var product = products[i];
                Assert.Equal(i + 1, product.GetProperty("rank").GetInt32());
                Assert.Equal(expected[i].Reason, product.GetProperty("reason").GetString());
                Assert.True(model.Bought(code).BinarySearch(expected[i].Item) < 0, "an already-bought product was recommended");
                Assert.Contains(SegmentNames.Display(label, personas), expected[i].Reason, StringComparison.Ordinal);
                if (expected[i].Source == RecommendationSource.SegmentRule)
                {
                    // The reason's figures are the rule's, as sent beside it.
                    ruleProducts++;
                    var confidence = product.GetProperty("confidence").GetDouble();
                    var lift = product.GetProperty("lift").GetDouble();
                    Assert.Equal(expected[i].Confidence, confidence, 12);
                    Assert.Equal(expected[i].Lift * expected[i].Confidence, product.GetProperty("score").GetDouble(), 9);
                    Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"by {confidence * 100:0.#} % of "), expected[i].Reason, StringComparison.Ordinal);
                    Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"lift {lift:0.0#}"), expected[i].Reason, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(JsonValueKind.Null, product.GetProperty("confidence").ValueKind);
                }
            }
        }

        Assert.True(ruleProducts > 0, "no customer got a rule-based product");
    }

    [Fact]
    public async Task Recommendations_ChosenCustomersAndTop_GivesOnlyThoseWithAtMostNProducts()
    {
        using var client = host.ClientWithKey();
        var all = (await PostAsync(client, """{"segmentation":{"numberOfClusters":3}}""")).GetProperty("customers").EnumerateArray().ToList();
        var ids = new[] { all[^1].GetProperty("customerId").GetString()!, all[0].GetProperty("customerId").GetString()! };

        var body = await PostAsync(client, JsonSerializer.Serialize(new { segmentation = new { numberOfClusters = 3 }, top = 2, customerIds = ids }));

        Assert.Equal(3, body.GetProperty("settings").GetProperty("numberOfClusters").GetInt32());
        var customers = body.GetProperty("customers").EnumerateArray().ToList();
        Assert.Equal(ids, customers.Select(c => c.GetProperty("customerId").GetString()));
        Assert.All(customers, c => Assert.InRange(c.GetProperty("products").GetArrayLength(), 0, 2));

        // The first two of the top 5 are the top 2.
        var fromAll = all[^1].GetProperty("products").EnumerateArray().Take(2).Select(p => p.GetProperty("product").GetString());
        Assert.Equal(fromAll, customers[0].GetProperty("products").EnumerateArray().Select(p => p.GetProperty("product").GetString()));
    }

    [Theory]
    [InlineData("""{"top":0}""", "top")]
    [InlineData("""{"top":51}""", "top")]
    [InlineData("""{"segmentation":{"numberOfClusters":99}}""", "segmentation.numberOfClusters")]
    [InlineData("""{"segmentation":{"features":["Shoe size"]}}""", "segmentation.features")]
    public async Task Recommendations_BadSetting_Is400NamingTheField(string request, string field)
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/recommendations", new StringContent(request, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal(field, ApiTestHost.FieldOf(problem));
        Assert.DoesNotContain("Exception", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommendations_UnknownCustomer_Is404NamingThem()
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsJsonAsync($"/api/v1/datasets/{host.SampleId}/recommendations", new { customerIds = UnknownCustomer });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("customerIds", ApiTestHost.FieldOf(problem));
        Assert.Contains("'no-such-customer'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommendations_OfACustomerTable_Is422SayingTheyNeedProducts()
    {
        using var client = host.ClientWithKey();
        using var upload = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "CustomerID,Spend,Visits\n1,10,1\n2,20,2\n3,35,3\n4,5,1\n5,50,4\n", "tiny.csv", new Dictionary<string, string> { ["shape"] = "CustomerTable" });
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("id").GetString();

        using var response = await client.PostAsJsonAsync($"/api/v1/datasets/{id}/recommendations", new { segmentation = new { numberOfClusters = 2 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal(RecommendationDataException.NeedsProducts("tiny.csv"), problem.GetProperty("detail").GetString());
    }

    private async Task<JsonElement> PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync($"/api/v1/datasets/{host.SampleId}/recommendations", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
    }
}
