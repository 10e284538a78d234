using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SegmentIQ.Tests.Api;

/// <summary>
/// The app hosted in memory for API tests, with a temporary library folder and the given <c>SegmentIQ</c> settings
/// (e.g. <c>Api:Keys:0</c>). One per test class (a class fixture), so the app starts once per class.
/// </summary>
public class ApiTestHost : WebApplicationFactory<Program>
{
    /// <summary>The key configured by <see cref="ApiTestHost()"/>.</summary>
    public const string Key = "test-key-0123456789";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <summary>A host with one API key and generous limits.</summary>
    public ApiTestHost()
        : this(new Dictionary<string, string?> { ["SegmentIQ:Api:Keys:0"] = Key })
    {
    }

    /// <summary>A host with exactly <paramref name="settings"/> (full configuration keys).</summary>
    protected ApiTestHost(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        LibraryFolder = Path.Combine(Path.GetTempPath(), $"segmentiq-api-tests-{Guid.NewGuid():N}");
    }

    /// <summary>The library folder the app uses (deleted on dispose).</summary>
    public string LibraryFolder { get; }

    /// <summary>The bundled sample file.</summary>
    public static string SamplePath { get; } = FindSample();

    /// <summary>JSON as the API writes it.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A client sending <paramref name="key"/> (null: no key header).</summary>
    public HttpClient ClientWithKey(string? key = Key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>Uploads a file as multipart/form-data to <paramref name="url"/> with extra form fields.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(HttpClient client, string url, string path, string? fileName = null, IReadOnlyDictionary<string, string>? fields = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName ?? Path.GetFileName(path));
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        return await client.PostAsync(url, form);
    }

    /// <summary>Uploads <paramref name="content"/> as a file named <paramref name="fileName"/>.</summary>
    public static async Task<HttpResponseMessage> PostTextFileAsync(HttpClient client, string url, string content, string fileName, IReadOnlyDictionary<string, string>? fields = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"segmentiq-api-test-{Guid.NewGuid():N}-{fileName}");
        await File.WriteAllTextAsync(path, content);
        try
        {
            return await PostFileAsync(client, url, path, fileName, fields);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Uploads the bundled sample and returns its dataset id.</summary>
    public static async Task<string> UploadSampleAsync(HttpClient client)
    {
        using var response = await PostFileAsync(client, "/api/v1/datasets", SamplePath);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>The problem details of an error response (asserting its media type).</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>The field a problem names (its <c>errors</c> key).</summary>
    public static string? FieldOf(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).FirstOrDefault() : null;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("SegmentIQ:LibraryPath", LibraryFolder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(LibraryFolder))
        {
            Directory.Delete(LibraryFolder, recursive: true);
        }
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "SegmentIQ.Web", "Data", "online-retail-sample.csv.gz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "Data", "online-retail-sample.csv.gz");
    }
}

/// <summary>A host with one key and the bundled sample uploaded once (the id in <see cref="SampleId"/>).</summary>
public class SampleApiHost : ApiTestHost, IAsyncLifetime
{
    /// <summary>The uploaded sample's dataset id.</summary>
    public string SampleId { get; private set; } = "";

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        using var client = ClientWithKey();
        SampleId = await UploadSampleAsync(client);
    }

    /// <inheritdoc />
    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
