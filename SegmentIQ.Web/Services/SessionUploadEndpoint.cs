using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Web.Services;

/// <summary>
/// <c>POST /uploads/{ticket}</c>: the browser streams a dropped file here over plain HTTP (wwwroot/js/upload.js)
/// instead of through the Blazor circuit, which carried about 4 MB/s. The body is the raw file (a <c>.gz</c> as is),
/// its name in <c>X-File-Name</c>. The request must carry the page's antiforgery token (header and cookie) and the
/// page's ticket (<see cref="SessionUploads"/>); the body is written to a temporary file and hashed as it streams,
/// never buffered, and refused with 413 once it passes <see cref="SegmentIqOptions.MaxUploadBytes"/>. A cancelled
/// upload leaves no file behind. Errors are ProblemDetails saying what to do.
/// </summary>
public static class SessionUploadEndpoint
{
    /// <summary>The route, with the ticket as its last segment.</summary>
    public const string Route = "/uploads";

    /// <summary>Header carrying the file's name (URI-encoded).</summary>
    public const string FileNameHeader = "X-File-Name";

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapSessionUploads(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(Route + "/{ticket}", ReceiveAsync).DisableAntiforgery().ExcludeFromDescription();
        return endpoints;
    }

    // Antiforgery is validated here rather than by the middleware: the middleware only checks form posts, and this
    // body is the raw file.
    private static async Task<IResult> ReceiveAsync(
        HttpContext http, string ticket, SessionUploads uploads, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, IOptions<SegmentIqOptions> options)
    {
        var limit = options.Value.MaxUploadBytes;
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem("The upload did not carry this page's antiforgery token. Reload the page and drop the file again.", statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token");
        }

        var headerName = antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken";
        if (!uploads.IsIssuedTo(ticket, http.Request.Headers[headerName].ToString()))
        {
            return Results.Problem("This upload belongs to another page or session, or the page was closed. Reload the page and drop the file again.", statusCode: StatusCodes.Status403Forbidden, title: "Upload refused");
        }

        var fileName = Path.GetFileName(Uri.UnescapeDataString(http.Request.Headers[FileNameHeader].ToString()));
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return Results.Problem($"The upload did not name its file (header {FileNameHeader}).", statusCode: StatusCodes.Status400BadRequest, title: "File name missing");
        }

        if (http.Request.ContentLength > limit)
        {
            return TooLarge(fileName, options.Value);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // Kestrel's own limit (30 MB by default) would cut a legal file; ours is enforced while copying, one byte past it.
            bodyLimit.MaxRequestBodySize = limit + 1;
        }

        var path = UploadedFiles.TemporaryPathFor(fileName);
        try
        {
            var copied = await HashingFileCopy.CopyAsync(http.Request.Body, path, limit, progress: null, http.RequestAborted);
            var upload = new ReceivedUpload(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), fileName, path, copied.Sha256, copied.Bytes);
            return uploads.Deliver(ticket, upload)
                ? Results.Ok(new { receipt = upload.Id, bytes = upload.Bytes })
                : Results.Problem("The page was closed while the file arrived.", statusCode: StatusCodes.Status410Gone, title: "Upload refused");
        }
        catch (FileTooLargeException)
        {
            UploadedFiles.TryDelete(path);
            return TooLarge(fileName, options.Value);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            UploadedFiles.TryDelete(path);
            return TooLarge(fileName, options.Value);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The browser cancelled or the connection dropped: nothing was received, nothing stays behind.
            UploadedFiles.TryDelete(path);
            return Results.Problem($"The upload of {fileName} was interrupted; the previous dataset is still in use.", statusCode: StatusCodes.Status400BadRequest, title: "Upload interrupted");
        }
    }

    private static IResult TooLarge(string fileName, SegmentIqOptions options) =>
        Results.Problem(
            $"{fileName} is larger than the upload limit of {options.MaxUploadMegabytes} MB (setting SegmentIQ:MaxUploadMegabytes in appsettings.json).",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "File too large");
}
