using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Clustering.Agglomerative;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Ingestion;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SegmentIQ.Web.Api;

/// <summary>
/// Reads JSON request bodies for the API: the app's JSON settings (camelCase, enums by name) made strict, so a
/// misspelt field is an error naming it rather than a silently ignored default. Bodies are read here rather than by
/// parameter binding so every malformed body becomes a 400 ProblemDetails naming the JSON path at fault.
/// </summary>
public sealed class ApiJson(IOptions<HttpJsonOptions> http)
{
    private static readonly Type[] KnownEnums = [typeof(SegmentationAlgorithm), typeof(Linkage), typeof(CovarianceType), typeof(HierarchicalCutMode), typeof(FileShape)];

    private readonly Lazy<JsonSerializerOptions> _strict = new(() => new JsonSerializerOptions(http.Value.SerializerOptions)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    });

    /// <summary>
    /// True when the request carries a body (a Content-Length above 0 or a chunked body); false for a bare POST, which
    /// endpoints with an optional body treat as "all defaults".
    /// </summary>
    public static bool HasBody(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0);
    }

    /// <summary>The strict reading options.</summary>
    public JsonSerializerOptions Strict => _strict.Value;

    /// <summary>
    /// The stored dataset <paramref name="id"/> and the optional request body about it (see <see cref="ReadOptionalAsync{T}"/>),
    /// or the problem to answer (404/410 for the dataset first, then the body's).
    /// </summary>
    public async Task<(ApiDataset? Stored, T? Body, ProblemHttpResult? Problem)> ReadForDatasetAsync<T>(
        DatasetStore store, string id, HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(store);
        var (stored, missing) = store.Find(id);
        if (missing is not null)
        {
            return (null, null, missing);
        }

        var (body, problem) = await ReadOptionalAsync<T>(request, maxBytes, cancellationToken);
        return (stored, body, problem);
    }

    /// <summary>
    /// Like <see cref="ReadAsync{T}"/>, but a request without a body means "all defaults": a new <typeparamref name="T"/>.
    /// </summary>
    public async Task<(T? Value, ProblemHttpResult? Problem)> ReadOptionalAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class, new() =>
        HasBody(request) ? await ReadAsync<T>(request, maxBytes, cancellationToken) : (new T(), null);

    /// <summary>
    /// Reads the body as <typeparamref name="T"/>, or returns the problem to answer: 415 when it is not JSON, 413 when it
    /// is larger than <paramref name="maxBytes"/>, 400 naming the JSON path when it is malformed, empty or mistyped.
    /// </summary>
    public async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as JSON (Content-Type: application/json).", "Content-Type"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.TooLarge(maxBytes, "body"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, cancellationToken);
            return value is null
                ? (null, ApiProblems.BadField("body", "The request body is empty (null); send a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var (field, detail) = Describe(ex);
            return (null, ApiProblems.BadField(field, detail));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.TooLarge(maxBytes, "body"));
        }
    }

    /// <summary>The field and a caller-facing sentence for a JSON error (no exception text).</summary>
    internal static (string Field, string Detail) Describe(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "" : ex.Path.TrimStart('$').TrimStart('.');
        var message = ex.Message;
        var where = ex.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})")
            : "";
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var member = Quoted(message);
            var field = member is null ? (path.Length == 0 ? "body" : path)
                : path.Length == 0 || path == member || path.EndsWith("." + member, StringComparison.Ordinal) ? (path.Length == 0 ? member : path)
                : $"{path}.{member}";
            return (field, $"'{field}' is not a field of this request{where}; check its spelling (fields are camelCase).");
        }

        if (ex is FeatureValueException feature)
        {
            var field = path.Length == 0 ? feature.Feature : $"{path}.{feature.Feature}";
            return (field, $"'{field}' must be a number{where}.");
        }

        if (path.Length == 0)
        {
            return ("body", $"The request body is not valid JSON{where}.");
        }

        var known = KnownEnums.FirstOrDefault(t => message.Contains(t.FullName!, StringComparison.Ordinal));
        return known is null
            ? (path, $"'{path}' has a value of the wrong type{where}.")
            : (path, $"'{path}' must be one of {string.Join(", ", Enum.GetNames(known))}{where}.");
    }

    private static string? Quoted(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return start >= 0 && end > start ? message[(start + 1)..end] : null;
    }
}

/// <summary>Reads a JSON string or number as text (customer ids and invoice numbers often arrive as numbers).</summary>
public sealed class StringOrNumberConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected a string or a number."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
