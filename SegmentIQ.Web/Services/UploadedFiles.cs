namespace SegmentIQ.Web.Services;

/// <summary>Temporary files that uploads are streamed to, and their clean-up.</summary>
public static class UploadedFiles
{
    /// <summary>A new temporary path for an upload named <paramref name="fileName"/>, keeping its (safe) extension so readers can tell gzip and Excel apart.</summary>
    public static string TemporaryPathFor(string fileName) =>
        Path.Combine(Path.GetTempPath(), $"segmentiq-{Guid.NewGuid():N}{SafeExtension(fileName)}");

    /// <summary>Deletes <paramref name="path"/>, never failing the user's action over it.</summary>
    public static void TryDelete(string? path)
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
            // A temp file left behind is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string SafeExtension(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.EndsWith(".csv.gz", StringComparison.Ordinal) ? ".csv.gz"
            : lower.EndsWith(".gz", StringComparison.Ordinal) ? ".gz"
            : Path.GetExtension(lower) is { Length: > 0 and < 8 } ext && ext.All(c => char.IsLetterOrDigit(c) || c == '.') ? ext : ".dat";
    }
}
