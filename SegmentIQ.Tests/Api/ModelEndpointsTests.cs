using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Tests.Api;

public sealed class ModelEndpointsTests(ModelEndpointsTests.TrainedHost host) : IClassFixture<ModelEndpointsTests.TrainedHost>
{
    private static readonly string[] Features = ["Recency", "Frequency", "Monetary", "UniqueProducts"];

    [Fact]
    public async Task TrainedModel_IsReadyWithCrossValidationBySegmentName()
    {
        using var client = host.ClientWithKey();
        var model = await client.GetFromJsonAsync<JsonElement>(host.ModelLocation, ApiTestHost.Json);

        Assert.Equal("ready", model.GetProperty("status").GetString());
        Assert.Equal(Features, model.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        var segments = model.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], segments.Select(s => s.GetProperty("number").GetInt32()));
        var cv = model.GetProperty("crossValidation");
        Assert.Equal(5, cv.GetProperty("folds").GetInt32());
        Assert.InRange(cv.GetProperty("accuracy").GetDouble(), 0.8, 1.0);
        Assert.InRange(cv.GetProperty("macroF1").GetDouble(), 0.7, 1.0);
        var rows = cv.GetProperty("confusionMatrix").EnumerateArray().ToList();
        Assert.Equal(segments.Select(s => s.GetProperty("name").GetString()), rows.Select(r => r.GetProperty("actual").GetString()));
        Assert.Equal(
            model.GetProperty("trainingCustomers").GetInt32(),
            rows.Sum(r => r.GetProperty("predicted").EnumerateObject().Sum(p => p.Value.GetInt32())));
        Assert.Equal(new DateTime(2011, 12, 10), model.GetProperty("recencyReferenceDate").GetDateTime());
    }

    [Fact]
    public async Task Predict_TrainingCustomers_AgreesWithTheirSegmentsAtLeastAsOftenAsCrossValidated()
    {
        using var client = host.ClientWithKey();
        var model = await client.GetFromJsonAsync<JsonElement>(host.ModelLocation, ApiTestHost.Json);
        var accuracy = model.GetProperty("crossValidation").GetProperty("accuracy").GetDouble();
        var (table, labels) = DirectSegmentation();
        var customers = Enumerable.Range(0, table.Count).Select(i => new
        {
            customerId = table.CustomerIds[i],
            features = Features.ToDictionary(f => f, f => table[f][i]),
        }).ToList();

        using var response = await client.PostAsJsonAsync($"{host.ModelLocation}/predict", new { customers });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(table.Count, predictions.Count);
        var agree = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            Assert.Equal(table.CustomerIds[i], p.GetProperty("customerId").GetString());
            var segment = p.GetProperty("segment").GetInt32();
            agree += segment == labels[i] + 1 ? 1 : 0;
            var probabilities = p.GetProperty("probabilities").EnumerateObject().ToList();
            Assert.Equal(4, probabilities.Count);
            Assert.Equal(1.0, probabilities.Sum(x => x.Value.GetDouble()), 4);
            Assert.Equal(p.GetProperty("segmentName").GetString(), probabilities.MaxBy(x => x.Value.GetDouble()).Name);
            Assert.StartsWith($"Segment {segment} · {p.GetProperty("persona").GetString()}", p.GetProperty("segmentName").GetString(), StringComparison.Ordinal);
        }

        Assert.True((double)agree / predictions.Count >= accuracy, $"agreement {(double)agree / predictions.Count:P2} < cross-validated accuracy {accuracy:P2}");
    }

    [Fact]
    public async Task Predict_FromTransactions_ComputesFeaturesToTheTrainingReferenceDate()
    {
        using var client = host.ClientWithKey();
        var read = DataFileReader.Read(ApiTestHost.SamplePath, "sample", null, null, CancellationToken.None);
        var t = read.Transactions!;
        var pools = t.Pools;
        var (table, _) = DirectSegmentation();
        var wanted = new[] { 0, 100, 500, 900, table.Count - 1 }.Select(row => table.CustomerIds[row]).ToHashSet();
        var lines = Enumerable.Range(0, t.Count)
            .Where(i => t.Customer[i] >= 0 && wanted.Contains(pools.Customers[t.Customer[i]]))
            .Select(i => new
            {
                invoice = pools.Invoices[t.Invoice[i]],
                stockCode = pools.Products[t.Product[i]],
                quantity = t.Quantity[i],
                invoiceDate = t.Date[i],
                unitPrice = t.Price[i],
                customerId = long.Parse(pools.Customers[t.Customer[i]], System.Globalization.CultureInfo.InvariantCulture),
            })
            .ToList();
        Assert.NotEmpty(lines);

        using var response = await client.PostAsJsonAsync($"{host.ModelLocation}/predict", new { transactions = lines });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json);
        Assert.Equal(new DateTime(2011, 12, 10), body.GetProperty("recencyReferenceDate").GetDateTime());
        Assert.Contains(body.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("2011-12-10", StringComparison.Ordinal));
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(wanted.Order(StringComparer.Ordinal), predictions.Select(p => p.GetProperty("customerId").GetString()!).Order(StringComparer.Ordinal));

        // The customers' full histories give exactly their training features, so the model sees what it saw in training.
        var customers = predictions.Select(p => table.CustomerIds.ToList().IndexOf(p.GetProperty("customerId").GetString()!)).Select(row => new
        {
            customerId = table.CustomerIds[row],
            features = Features.ToDictionary(f => f, f => table[f][row]),
        });
        using var byFeatures = await client.PostAsJsonAsync($"{host.ModelLocation}/predict", new { customers });
        var expected = (await byFeatures.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("segment").GetInt32());
        Assert.Equal(expected, predictions.Select(p => p.GetProperty("segment").GetInt32()));
    }

    [Theory]
    [InlineData("""{"customers":[{"features":{"Recency":3,"Frequency":2,"Monetary":100}}]}""", "customers[0].features.UniqueProducts")]
    [InlineData("""{"customers":[{"features":{"Recency":3,"Frequency":2,"Monetary":100,"UniqueProducts":4,"Loyalty":1}}]}""", "customers[0].features.Loyalty")]
    [InlineData("""{"customers":[{"features":{"Recency":3,"Frequency":-5,"Monetary":100,"UniqueProducts":4}}]}""", "customers")]
    [InlineData("""{"customers":[],"transactions":[]}""", "customers")]
    [InlineData("""{"transactions":[{"invoice":"1","stockCode":"A","quantity":1,"invoiceDate":"2011-01-01","customerId":"9"}]}""", "transactions[0].unitPrice")]
    [InlineData("""{"customers":[{"features":{"Recency":"soon"}}]}""", "customers[0].features.Recency")]
    public async Task Predict_BadInput_Is400NamingTheField(string json, string field)
    {
        using var client = host.ClientWithKey();
        using var response = await client.PostAsync($"{host.ModelLocation}/predict", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(response)));
    }

    [Fact]
    public async Task UnknownModel_Is404()
    {
        using var client = host.ClientWithKey();
        using var get = await client.GetAsync("/api/v1/models/mdl_nope");
        using var predict = await client.PostAsJsonAsync("/api/v1/models/mdl_nope/predict", new { customers = new[] { new { features = new { Recency = 1 } } } });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, predict.StatusCode);
        await ApiTestHost.ProblemAsync(predict);
    }

    [Fact]
    public async Task Train_BadRequest_Is400Or404NamingTheField()
    {
        using var client = host.ClientWithKey();
        using var noDataset = await client.PostAsJsonAsync("/api/v1/models", new { segmentation = new { numberOfClusters = 3 } });
        using var unknownDataset = await client.PostAsJsonAsync("/api/v1/models", new { datasetId = "ds_nope" });
        using var badK = await client.PostAsJsonAsync("/api/v1/models", new { datasetId = host.SampleId, segmentation = new { numberOfClusters = 1 } });

        Assert.Equal(HttpStatusCode.BadRequest, noDataset.StatusCode);
        Assert.Equal("datasetId", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(noDataset)));
        Assert.Equal(HttpStatusCode.NotFound, unknownDataset.StatusCode);
        Assert.Equal("datasetId", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(unknownDataset)));
        Assert.Equal(HttpStatusCode.BadRequest, badK.StatusCode);
        Assert.Equal("segmentation.numberOfClusters", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(badK)));
    }

    [Fact]
    public async Task ModelThatCannotTrain_IsFailedAndPredictIs409()
    {
        using var client = host.ClientWithKey();
        var location = await TrainTinyAsync(client);
        var model = await WaitUntilDoneAsync(client, location);

        Assert.Equal("failed", model.GetProperty("status").GetString());
        Assert.Contains("cross-validation", model.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var predict = await client.PostAsJsonAsync($"{location}/predict", new { customers = new[] { new { features = new { Spend = 1, Visits = 1 } } } });
        Assert.Equal(HttpStatusCode.Conflict, predict.StatusCode);
        Assert.Equal("failed", (await ApiTestHost.ProblemAsync(predict)).GetProperty("status").GetString());
    }

    /// <summary>Trains a model on a 3-customer table (too small for 5-fold cross-validation) and returns its URL.</summary>
    internal static async Task<string> TrainTinyAsync(HttpClient client)
    {
        using var upload = await ApiTestHost.PostTextFileAsync(client, "/api/v1/datasets", "CustomerID,Spend,Visits\n1,10,1\n2,20,2\n3,35,3\n", "tiny.csv", new Dictionary<string, string> { ["shape"] = "CustomerTable" });
        var datasetId = (await upload.Content.ReadFromJsonAsync<JsonElement>(ApiTestHost.Json)).GetProperty("id").GetString();
        using var response = await client.PostAsJsonAsync("/api/v1/models", new { datasetId, segmentation = new { numberOfClusters = 2 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    /// <summary>Polls a model until it is ready or failed.</summary>
    internal static async Task<JsonElement> WaitUntilDoneAsync(HttpClient client, string location)
    {
        for (var attempt = 0; attempt < 1_200; attempt++)
        {
            var model = await client.GetFromJsonAsync<JsonElement>(location, ApiTestHost.Json);
            if (model.GetProperty("status").GetString() is "ready" or "failed")
            {
                return model;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{location} did not finish training within 2 minutes.");
    }

    private static (Analytics.Features.CustomerFeatureTable Table, IReadOnlyList<int> Labels) DirectSegmentation()
    {
        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "sample", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        return (space.Table, pipeline.Segment(space, new SegmentationSettings(), null, CancellationToken.None).Labels);
    }

    /// <summary>The sample uploaded and a default model (K-Means, k = 4) trained on it.</summary>
    public sealed class TrainedHost : SampleApiHost
    {
        /// <summary>The trained model's URL.</summary>
        public string ModelLocation { get; private set; } = "";

        /// <inheritdoc />
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            using var client = ClientWithKey();
            using var response = await client.PostAsJsonAsync("/api/v1/models", new { datasetId = SampleId });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ModelLocation = response.Headers.Location!.OriginalString;
            var model = await WaitUntilDoneAsync(client, ModelLocation);
            Assert.Equal("ready", model.GetProperty("status").GetString());
        }
    }
}

public sealed class ModelLimitTests(ModelLimitTests.OneModelHost host) : IClassFixture<ModelLimitTests.OneModelHost>
{
    [Fact]
    public async Task ModelsPastTheStoreAndTrainingLimits_AreEvictedAndThen429()
    {
        using var client = host.ClientWithKey();
        var first = await ModelEndpointsTests.TrainTinyAsync(client);
        var second = await ModelEndpointsTests.TrainTinyAsync(client);

        using var evicted = await client.GetAsync(first);
        Assert.Equal(HttpStatusCode.Gone, evicted.StatusCode);
        Assert.Contains("evicted because the model store is full", (await ApiTestHost.ProblemAsync(evicted)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var kept = await client.GetAsync(second);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);

        using var third = await client.PostAsJsonAsync("/api/v1/models", new { datasetId = "ds_any" });
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        await ApiTestHost.ProblemAsync(third);

        using var delete = await client.DeleteAsync(second);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var deleted = await client.GetAsync(second);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    /// <summary>Room for one model and two trainings a minute.</summary>
    public sealed class OneModelHost() : ApiTestHost(new Dictionary<string, string?>
    {
        ["SegmentIQ:Api:Keys:0"] = Key,
        ["SegmentIQ:Api:MaxModels"] = "1",
        ["SegmentIQ:Api:TrainingPermitsPerMinute"] = "2",
    });
}
