using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>
/// The API's RFC 7807 errors. Every problem says what went wrong in <c>detail</c> and, where one field is at fault,
/// names it in <c>errors</c> (field → messages, the shape of ASP.NET Core's validation problems) and <c>field</c>.
/// Details are written for the caller; exception text never reaches a response.
/// </summary>
public static class ApiProblems
{
    /// <summary>
    /// The metadata every "POST a JSON request about a stored dataset" endpoint shares: its body type, the body size
    /// limit, and the problems it answers with (400 bad field, 404 unknown dataset, 410 expired, 422 the data cannot
    /// support the request).
    /// </summary>
    public static RouteHandlerBuilder AcceptsDatasetRequest<TRequest>(this RouteHandlerBuilder builder, long maxBodyBytes)
        where TRequest : notnull
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .Accepts<TRequest>("application/json")
            .WithRequestSizeLimit(maxBodyBytes)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>A problem with <paramref name="status"/>, naming <paramref name="field"/> when given.</summary>
    public static ProblemHttpResult Problem(int status, string title, string detail, string? field = null, IReadOnlyDictionary<string, object?>? more = null)
    {
        var extensions = Extensions(field, detail);
        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            (extensions ??= [])[key] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>400: <paramref name="field"/> of the request is not valid.</summary>
    public static ProblemHttpResult BadField(string field, string detail) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    /// <summary>413: the request or its file is larger than <paramref name="maxBytes"/>.</summary>
    public static ProblemHttpResult TooLarge(long maxBytes, string field) =>
        Problem(
            StatusCodes.Status413PayloadTooLarge,
            "Request too large",
            string.Create(CultureInfo.InvariantCulture, $"The request is larger than the upload limit of {maxBytes / (1024.0 * 1024.0):0.#} MB ({maxBytes:N0} bytes, SegmentIQ:MaxUploadMegabytes)."),
            field);

    /// <summary>Writes a problem straight to the response (for middleware and authentication, outside endpoints).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return Problem(status, title, detail, field).ExecuteAsync(context);
    }

    private static Dictionary<string, object?>? Extensions(string? field, string detail) =>
        field is null
            ? null
            : new Dictionary<string, object?>
            {
                ["field"] = field,
                ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
            };
}

/// <summary>
/// Wraps the /api requests: a request body past the size limit or cut short becomes a ProblemDetails with its status,
/// an unexpected exception a 500 ProblemDetails that names only the trace id (the exception goes to the log), and an
/// error status without a body (unknown route, wrong method) gets a ProblemDetails body.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger, IOptions<SegmentIqOptions> options)
{
    /// <summary>Runs the rest of the pipeline and turns its failures into problems.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            if (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await ApiProblems.TooLarge(options.Value.MaxUploadBytes, "body").ExecuteAsync(context);
                return;
            }

            await ApiProblems.Write(context, ex.StatusCode, "Bad request", "The request could not be read (the body was malformed or cut short).");
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody is left to answer
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "Unhandled error in {Method} {Path} (trace {TraceId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            await ApiProblems.Write(
                context,
                StatusCodes.Status500InternalServerError,
                "Unexpected error",
                $"The server could not complete the request; the error is in the server log under trace id {context.TraceIdentifier}.");
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null && context.Response.ContentType is null)
        {
            var status = context.Response.StatusCode;
            var (title, detail) = status switch
            {
                StatusCodes.Status404NotFound => ("Not found", $"There is no API endpoint at {context.Request.Path}; see /openapi/v1.json or /scalar for the list."),
                StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{context.Request.Method} is not allowed on {context.Request.Path}."),
                StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "The request's Content-Type is not one this endpoint reads."),
                _ => ("Request failed", $"The request failed with status {status}."),
            };
            await ApiProblems.Write(context, status, title, detail);
        }
    }
}
