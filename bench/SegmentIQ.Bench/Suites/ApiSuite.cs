using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SegmentIQ.Web;
using SegmentIQ.Web.Api;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// The REST API over real HTTP: the web app's own composition root (<see cref="SegmentIqServiceCollectionExtensions.AddSegmentIq"/>
/// and <see cref="SegmentIqApiExtensions.MapSegmentIqApi"/>) on Kestrel at 127.0.0.1 (a free port), with a generated
/// key, driven by HttpClient. Uploads the data file, trains the default model (K-Means k = 4) and measures
/// single-customer predictions (p50/p95 of 500 requests after warm-up), batch predictions (10,000 customers a request)
/// and the K-Means k = 4 segmentation request, both computed (a new seed each time, so no cached step) and repeated
/// (the pipeline's cache). Targets on the 2-core machine: p95 &lt; 5 ms, batch ≥ 200,000 customers/s, segmentation &lt; 50 ms.
/// </summary>
public sealed class ApiSuite : IBenchSuite
{
    private const int SingleRequests = 500;

    private const int BatchCustomers = 10_000;

    public string Name => "api";

    public string Description => "REST API on loopback: single predict p50/p95 (--requests 500), batch predict 10,000 customers/request, segmentation k=4";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        RunAsync(args, output).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(BenchArgs args, BenchOutput output)
    {
        var path = args.DataOrDefault();
        var requests = int.Parse(args.Option("requests", SingleRequests.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var app = await StartAsync(key);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.Header, key);

        var watch = Stopwatch.StartNew();
        var datasetId = await UploadAsync(client, path);
        var uploadMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var modelUrl = await TrainAsync(client, datasetId);
        var trainMs = watch.Elapsed.TotalMilliseconds;
        var table = BenchData.LoadFeatureTable(path);
        var features = new[] { "Recency", "Frequency", "Monetary", "UniqueProducts" };

        var single = Enumerable.Range(0, 64).Select(i => Body(table, features, i * 37, 1)).ToArray();
        for (var i = 0; i < 200; i++)
        {
            await PostAsync(client, $"{modelUrl}/predict", single[i % single.Length]);
        }

        var latencies = output.Measure(
            "predict_single",
            () => Latencies(client, $"{modelUrl}/predict", single, requests),
            l => new Dictionary<string, object?>
            {
                ["requests"] = l.Length,
                ["predict_p50_ms"] = Math.Round(Percentile(l, 0.50), 3),
                ["predict_p95_ms"] = Math.Round(Percentile(l, 0.95), 3),
                ["predict_p99_ms"] = Math.Round(Percentile(l, 0.99), 3),
            });

        var batch = Body(table, features, 0, BatchCustomers);
        var batchMs = new List<double>();
        output.Measure(
            "predict_batch",
            () =>
            {
                var sw = Stopwatch.StartNew();
                PostAsync(client, $"{modelUrl}/predict", batch).GetAwaiter().GetResult();
                batchMs.Add(sw.Elapsed.TotalMilliseconds);
                return sw.Elapsed.TotalMilliseconds;
            },
            _ => new Dictionary<string, object?>
            {
                ["customers_per_request"] = BatchCustomers,
                ["request_bytes"] = batch.Length,
                ["batch_customers_per_s"] = Math.Round(BatchCustomers / (Median(batchMs.Skip(1)) / 1000.0)),
            });

        var seed = 1_000;
        var segmentationMs = new List<double>();
        output.Measure(
            "segmentation",
            () =>
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new { numberOfClusters = 4, seed = seed++ });
                var sw = Stopwatch.StartNew();
                PostAsync(client, $"/api/v1/datasets/{datasetId}/segmentations", body).GetAwaiter().GetResult();
                segmentationMs.Add(sw.Elapsed.TotalMilliseconds);
                return sw.Elapsed.TotalMilliseconds;
            },
            _ => new Dictionary<string, object?> { ["segmentation_ms"] = Math.Round(Median(segmentationMs.Skip(1)), 3), ["cached"] = false });

        var cachedBody = JsonSerializer.SerializeToUtf8Bytes(new { numberOfClusters = 4 });
        var cachedMs = new List<double>();
        output.Measure(
            "segmentation_cached",
            () =>
            {
                var sw = Stopwatch.StartNew();
                PostAsync(client, $"/api/v1/datasets/{datasetId}/segmentations", cachedBody).GetAwaiter().GetResult();
                cachedMs.Add(sw.Elapsed.TotalMilliseconds);
                return sw.Elapsed.TotalMilliseconds;
            },
            _ => new Dictionary<string, object?> { ["segmentation_cached_ms"] = Math.Round(Median(cachedMs.Skip(1)), 3), ["cached"] = true });

        output.Measure(
            "summary",
            () => 0,
            _ => new Dictionary<string, object?>
            {
                ["customers"] = table.Count,
                ["upload_ms"] = Math.Round(uploadMs, 1),
                ["train_ms"] = Math.Round(trainMs, 1),
                ["predict_p50_ms"] = Math.Round(Percentile(latencies, 0.50), 3),
                ["predict_p95_ms"] = Math.Round(Percentile(latencies, 0.95), 3),
                ["batch_customers_per_s"] = Math.Round(BatchCustomers / (Median(batchMs.Skip(1)) / 1000.0)),
                ["segmentation_ms"] = Math.Round(Median(segmentationMs.Skip(1)), 3),
                ["segmentation_cached_ms"] = Math.Round(Median(cachedMs.Skip(1)), 3),
            });
    }

    /// <summary>The app's composition root on Kestrel at 127.0.0.1, a free port; only the API is mapped.</summary>
    private static async Task<WebApplication> StartAsync(string key)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SegmentIQ:Api:Keys:0"] = key,
            ["SegmentIQ:Api:PermitsPerMinute"] = "10000000",
            ["SegmentIQ:LibraryPath"] = Path.Combine(Path.GetTempPath(), "segmentiq-bench-library"),
        });
        builder.Services.AddSegmentIq(builder.Configuration);
        var app = builder.Build();
        app.MapSegmentIqApi();
        await app.StartAsync();
        return app;
    }

    private static async Task<string> UploadAsync(HttpClient client, string path)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", Path.GetFileName(path));
        using var response = await client.PostAsync("/api/v1/datasets", form);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(body)!["id"]!.GetValue<string>()
            : throw new InvalidOperationException($"Upload failed ({(int)response.StatusCode}): {body}");
    }

    private static async Task<string> TrainAsync(HttpClient client, string datasetId)
    {
        using var response = await client.PostAsync("/api/v1/models", Json(JsonSerializer.SerializeToUtf8Bytes(new { datasetId })));
        var url = response.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"Training was not accepted ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        for (var attempt = 0; attempt < 6_000; attempt++)
        {
            var model = JsonNode.Parse(await client.GetStringAsync(url))!;
            switch (model["status"]!.GetValue<string>())
            {
                case "ready":
                    return url;
                case "failed":
                    throw new InvalidOperationException($"Training failed: {model["error"]}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Training did not finish in 5 minutes.");
    }

    /// <summary>A predict body of <paramref name="count"/> customers starting at row <paramref name="first"/> (cycling).</summary>
    private static byte[] Body(Analytics.Features.CustomerFeatureTable table, string[] features, int first, int count)
    {
        var customers = Enumerable.Range(0, count).Select(i =>
        {
            var row = (first + i) % table.Count;
            return new { customerId = table.CustomerIds[row], features = features.ToDictionary(f => f, f => table[f][row]) };
        });
        return JsonSerializer.SerializeToUtf8Bytes(new { customers });
    }

    private static double[] Latencies(HttpClient client, string url, byte[][] bodies, int requests)
    {
        var latencies = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            PostAsync(client, url, bodies[i % bodies.Length]).GetAwaiter().GetResult();
            latencies[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(latencies);
        return latencies;
    }

    private static async Task PostAsync(HttpClient client, string url, byte[] body)
    {
        using var response = await client.PostAsync(url, Json(body));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        }
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
