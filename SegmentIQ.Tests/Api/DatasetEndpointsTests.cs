using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SegmentIQ.Tests.Api;

public sealed class DatasetEndpointsTests(SampleApiHost host) : IClassFixture<SampleApiHost>
{
    private const string CustomerTable = "CustomerID,Spend,Visits\n1,10,1\n2,20,2\n3,35,3\n";

    [Fact]
    public async Task Upload_Sample_Is201WithLocationIdentityAndCleaningReport()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostFileAsync(client, "/api/v1/datasets", ApiTestHost.SamplePath, fields: new Dictionary<string, string> { ["shape"] = "transactions" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/datasets/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Analytics.Ingestion.HashingFileCopy.Sha256Of(ApiTestHost.SamplePath), body.GetProperty("sha256").GetString());
        Assert.Equal("Transactions", body.GetProperty("shape").GetString());
        Assert.True(body.GetProperty("customers").GetInt32() > 1_000);
        var quality = body.GetProperty("quality");
        Assert.True(quality.GetProperty("rowsRead").GetInt64() > quality.GetProperty("kept").GetInt64());
        Assert.Contains(quality.GetProperty("removed").EnumerateArray(), r => r.GetProperty("rule").GetString() == "Cancellation" && r.GetProperty("count").GetInt64() > 0);
        Assert.True(quality.GetProperty("invoices").GetInt32() > 0);
        Assert.True(quality.GetProperty("dateRange").GetProperty("from").GetDateTime() < quality.GetProperty("dateRange").GetProperty("to").GetDateTime());
    }

    [Fact]
    public async Task Get_UploadedDataset_ReturnsItsDescription()
    {
        using var client = host.ClientWithKey();
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/v1/datasets/{host.SampleId}", ApiTestHost.Json);

        Assert.Equal(host.SampleId, body.GetProperty("id").GetString());
        Assert.Equal(["Recency", "Frequency", "Monetary", "UniqueProducts"], body.GetProperty("defaultFeatures").GetProperty("features").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Delete_Dataset_Is204ThenItIsGone()
    {
        using var client = host.ClientWithKey();
        using var upload = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", CustomerTable, "customers.csv", new Dictionary<string, string> { ["shape"] = "CustomerTable" });
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("id").GetString();

        using var deleted = await client.DeleteAsync($"/api/v1/datasets/{id}");
        using var again = await client.DeleteAsync($"/api/v1/datasets/{id}");
        using var get = await client.GetAsync($"/api/v1/datasets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Contains("never uploaded or has been deleted", (await ApiTestHost.ProblemAsync(get)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_CustomerTable_KeepsItsOwnColumnsAsFeatures()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", CustomerTable, "customers.csv", new Dictionary<string, string> { ["shape"] = "CustomerTable" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
        Assert.Equal("CustomerTable", body.GetProperty("shape").GetString());
        Assert.Equal(3, body.GetProperty("customers").GetInt32());
        Assert.Equal(["Spend", "Visits"], body.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Upload_FileNeedingColumnMapping_Is400NamingMissingRolesAndHeaders()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "Bill,Item,Count,When,Price,Buyer\nA1,X,1,2011-01-01,2.5,7\n", "odd.csv", new Dictionary<string, string> { ["shape"] = "Transactions" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("file", ApiTestHost.FieldOf(problem));
        Assert.Contains("Buyer", problem.GetProperty("headers").EnumerateArray().Select(h => h.GetString()));
        Assert.NotEmpty(problem.GetProperty("missingRoles").EnumerateArray());
    }

    [Fact]
    public async Task Upload_UnreadableFile_Is400WithTheReadersMessage()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "this is not a workbook", "broken.xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("file", ApiTestHost.FieldOf(problem));
        Assert.Contains("broken.xlsx", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_BadShapeField_Is400NamingShape()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", CustomerTable, "customers.csv", new Dictionary<string, string> { ["shape"] = "Triangle" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("shape", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(response)));
    }

    [Fact]
    public async Task Upload_WithoutFilePart_Is400NamingFile()
    {
        using var client = host.ClientWithKey();
        using var form = new MultipartFormDataContent { { new StringContent("Auto"), "shape" } };
        using var response = await client.PostAsync("/api/v1/datasets", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("file", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(response)));
    }

    [Fact]
    public async Task Upload_NotMultipart_Is415()
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsJsonAsync("/api/v1/datasets", new { file = "x" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await ApiTestHost.ProblemAsync(response);
    }
}

public sealed class DatasetLimitTests(DatasetLimitTests.SmallHost host) : IClassFixture<DatasetLimitTests.SmallHost>
{
    [Fact]
    public async Task Upload_LargerThanTheUploadLimit_Is413NamingTheLimit()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostFileAsync(client, "/api/v1/datasets", ApiTestHost.SamplePath);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Contains("1 MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("file", ApiTestHost.FieldOf(problem));
    }

    [Fact]
    public async Task EvictedDataset_Is410SayingTheStoreWasFull()
    {
        using var client = host.ClientWithKey();
        var first = await UploadAsync(client, "a.csv");
        var second = await UploadAsync(client, "b.csv");

        using var evicted = await client.GetAsync($"/api/v1/datasets/{first}");
        using var kept = await client.GetAsync($"/api/v1/datasets/{second}");
        using var never = await client.GetAsync("/api/v1/datasets/ds_never");

        Assert.Equal(HttpStatusCode.Gone, evicted.StatusCode);
        Assert.Contains("evicted because the dataset store is full", (await ApiTestHost.ProblemAsync(evicted)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
    }

    private static async Task<string> UploadAsync(HttpClient client, string name)
    {
        using var response = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "CustomerID,Spend,Visits\n1,10,1\n2,20,2\n3,35,3\n", name, new Dictionary<string, string> { ["shape"] = "CustomerTable" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("id").GetString()!;
    }

    /// <summary>A 1 MB upload limit and room for one dataset.</summary>
    public sealed class SmallHost() : ApiTestHost(new Dictionary<string, string?>
    {
        ["SegmentIQ:Api:Keys:0"] = Key,
        ["SegmentIQ:MaxUploadMegabytes"] = "1",
        ["SegmentIQ:Api:MaxDatasets"] = "1",
    });
}
