using System.Security.Cryptography;

namespace SegmentIQ.Analytics.Ingestion;

/// <summary>The bytes written and the SHA-256 (lower-case hex) of a copied file.</summary>
public sealed record CopiedFile(string Path, long Bytes, string Sha256);

/// <summary>
/// Copies an incoming stream (a browser upload, an API multipart part) to a file and hashes it on the way, so a dataset
/// gets its identity without a second read of the file. Stops with <see cref="FileTooLargeException"/> as soon as the
/// stream passes the limit, and leaves no partial file behind.
/// </summary>
public static class HashingFileCopy
{
    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="path"/>, at most <paramref name="maxBytes"/> bytes, reporting
    /// the bytes copied so far to <paramref name="progress"/>.
    /// </summary>
    public static async Task<CopiedFile> CopyAsync(Stream source, string path, long maxBytes, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long total = 0;
        try
        {
            await using var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new FileTooLargeException(maxBytes);
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                progress?.Report(total);
            }
        }
        catch
        {
            TryDelete(path);
            throw;
        }

        return new CopiedFile(path, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The SHA-256 of a file already on disk (bench, schedules and files not uploaded through a stream).</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void TryDelete(string path)
    {
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

/// <summary>An upload passed the size limit; the message says the limit in megabytes.</summary>
public sealed class FileTooLargeException(long maxBytes)
    : Exception($"The file is larger than the upload limit of {maxBytes / (1024.0 * 1024.0):0.#} MB.")
{
    /// <summary>The limit that was passed, in bytes.</summary>
    public long MaxBytes { get; } = maxBytes;
}
