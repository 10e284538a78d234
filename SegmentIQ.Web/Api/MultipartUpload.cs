using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>
/// A multipart/form-data upload read section by section: the <c>file</c> part streams straight to a temporary file
/// through <see cref="HashingFileCopy"/> (hashed on the way, never held in memory, stopped at the upload limit) and
/// the small text fields are collected. Disposing deletes the temporary file.
/// </summary>
public sealed class MultipartUpload : IDisposable
{
    /// <summary>The form field that carries the file.</summary>
    public const string FileField = "file";

    private const int MaxFieldLength = 4_096;

    private MultipartUpload(string? path, string? fileName, string? sha256, long bytes, IReadOnlyDictionary<string, string> fields)
    {
        FilePath = path;
        FileName = fileName;
        Sha256 = sha256;
        Bytes = bytes;
        Fields = fields;
    }

    /// <summary>The temporary copy of the file.</summary>
    public string? FilePath { get; }

    /// <summary>The file's name as the client sent it (only the name, no folders).</summary>
    public string? FileName { get; }

    /// <summary>Lower-case hex SHA-256 of the file.</summary>
    public string? Sha256 { get; }

    /// <summary>Bytes of the file.</summary>
    public long Bytes { get; }

    /// <summary>The text fields by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>
    /// Reads the multipart body of <paramref name="request"/>, accepting the file and the text fields named in
    /// <paramref name="textFields"/>. Returns the upload (with a file) or the problem to answer: 415 when the body is not
    /// multipart, 413 past <paramref name="maxBytes"/>, 400 naming a missing file, an unknown field or an empty file.
    /// </summary>
    public static async Task<(MultipartUpload? Upload, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request,
        IReadOnlyCollection<string> textFields,
        long maxBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(textFields);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, ApiProblems.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"Send the file as multipart/form-data with the file in the '{FileField}' field.",
                "Content-Type"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.TooLarge(maxBytes, FileField));
        }

        string? path = null;
        string? fileName = null;
        CopiedFile? copied = null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return Fail(path, ApiProblems.BadField("body", "Every part of the form needs a Content-Disposition: form-data header with a name."));
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name.Equals(FileField, StringComparison.OrdinalIgnoreCase))
                {
                    if (path is not null)
                    {
                        return Fail(path, ApiProblems.BadField(FileField, "Send one file per request."));
                    }

                    fileName = SafeName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    path = Path.Combine(UploadedFiles.Folder, $"segmentiq-api-{Guid.NewGuid():N}{SafeExtension(fileName)}");
                    copied = await HashingFileCopy.CopyAsync(section.Body, path, maxBytes, null, cancellationToken);
                }
                else if (textFields.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[MaxFieldLength + 1];
                    var length = await text.ReadBlockAsync(buffer, cancellationToken);
                    if (length > MaxFieldLength)
                    {
                        return Fail(path, ApiProblems.BadField(name, $"The '{name}' field is longer than {MaxFieldLength:N0} characters."));
                    }

                    fields[name] = new string(buffer, 0, length).Trim();
                }
                else
                {
                    return Fail(path, ApiProblems.BadField(
                        name.Length == 0 ? "body" : name,
                        $"'{name}' is not a field of this form; send '{FileField}'{string.Concat(textFields.Select(f => $", '{f}'"))}."));
                }
            }
        }
        catch (FileTooLargeException)
        {
            return Fail(path, ApiProblems.TooLarge(maxBytes, FileField));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(path, ApiProblems.TooLarge(maxBytes, FileField));
        }
        catch (InvalidDataException)
        {
            return Fail(path, ApiProblems.BadField("body", "The multipart body is malformed (a boundary or part header could not be read)."));
        }
        catch
        {
            TryDelete(path);
            throw;
        }

        if (path is null || copied is null)
        {
            return (null, ApiProblems.BadField(FileField, $"The form has no '{FileField}' field with a file."));
        }

        if (copied.Bytes == 0)
        {
            return Fail(path, ApiProblems.BadField(FileField, $"{fileName} is empty."));
        }

        return (new MultipartUpload(path, fileName, copied.Sha256, copied.Bytes, fields), null);
    }

    /// <inheritdoc />
    public void Dispose() => TryDelete(FilePath);

    private static (MultipartUpload?, ProblemHttpResult?) Fail(string? path, ProblemHttpResult problem)
    {
        TryDelete(path);
        return (null, problem);
    }

    private static string SafeName(string? name)
    {
        var leaf = Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]).Trim();
        return leaf.Length == 0 ? "upload.csv" : leaf.Length > 200 ? leaf[^200..] : leaf;
    }

    /// <summary>The known data-file extension of <paramref name="fileName"/> (the reader tells workbooks by it), else none.</summary>
    private static string SafeExtension(string fileName)
    {
        var lower = fileName.ToLowerInvariant();
        foreach (var known in new[] { ".csv.gz", ".txt.gz", ".tsv.gz", ".gz", ".csv", ".xlsx", ".xls", ".txt", ".tsv", ".dat" })
        {
            if (lower.EndsWith(known, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return "";
    }

    private static void TryDelete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
