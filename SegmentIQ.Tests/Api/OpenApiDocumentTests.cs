using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SegmentIQ.Tests.Api;

public sealed class OpenApiDocumentTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "/api/v1/datasets", "post", "UploadDataset" },
        { "/api/v1/datasets/{id}", "get", "GetDataset" },
        { "/api/v1/datasets/{id}", "delete", "DeleteDataset" },
        { "/api/v1/datasets/{id}/segmentations", "post", "SegmentDataset" },
        { "/api/v1/datasets/{id}/migrations", "post", "MigrateSegments" },
        { "/api/v1/datasets/{id}/recommendations", "post", "RecommendProducts" },
        { "/api/v1/models", "post", "TrainModel" },
        { "/api/v1/models/{id}", "get", "GetModel" },
        { "/api/v1/models/{id}", "delete", "DeleteModel" },
        { "/api/v1/models/{id}/predict", "post", "PredictSegments" },
        { "/api/v1/analyses/{id}/run", "post", "RunSavedAnalysis" },
        { "/api/v1/health/live", "get", "Live" },
        { "/api/v1/health/ready", "get", "Ready" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Document_ListsTheEndpointWithNameSummaryAndResponses(string path, string method, string name)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(name, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        Assert.Contains(operation.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('2'));
    }

    [Fact]
    public async Task Document_ListsOnlyTheApiAndDeclaresTheKeyedErrors()
    {
        var document = await DocumentAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        var operations = document.GetProperty("paths").EnumerateObject().Sum(p => p.Value.EnumerateObject().Count());
        Assert.Equal(Endpoints.Count, operations);
        var upload = document.GetProperty("paths").GetProperty("/api/v1/datasets").GetProperty("post");
        foreach (var status in new[] { "400", "401", "413", "429", "503" })
        {
            Assert.True(upload.GetProperty("responses").TryGetProperty(status, out _), $"no {status} response");
        }

        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.True(upload.TryGetProperty("security", out _));
        Assert.False(document.GetProperty("paths").GetProperty("/api/v1/health/live").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task ScalarReference_IsServed()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = host.CreateClient();
        return await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }
}
