using System.Diagnostics;

namespace SegmentIQ.Web.Services;

/// <summary>
/// Temporary files that uploads are streamed to, and their clean-up. They live in a private folder (mode 0700 on
/// Unix) with one sub-folder per process, so a customer file is never world-readable in the shared temp folder, and
/// instances on one machine never delete each other's files: <see cref="Sweep"/> at start-up removes only the folders
/// of processes that no longer run (left behind by a crash or a kill).
/// </summary>
public static class UploadedFiles
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static string _root = Path.Combine(Path.GetTempPath(), "segmentiq-uploads");

    /// <summary>The private root folder (setting <c>SegmentIQ:UploadFolder</c>; default <c>$TMPDIR/segmentiq-uploads</c>).</summary>
    public static string Root => _root;

    /// <summary>This process's folder under <see cref="Root"/>, created private on first use.</summary>
    public static string Folder
    {
        get
        {
            var folder = Path.Combine(_root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            CreatePrivate(_root);
            CreatePrivate(folder);
            return folder;
        }
    }

    /// <summary>A new temporary path for an upload named <paramref name="fileName"/>, keeping its (safe) extension so readers can tell gzip and Excel apart.</summary>
    public static string TemporaryPathFor(string fileName) =>
        Path.Combine(Folder, $"segmentiq-{Guid.NewGuid():N}{SafeExtension(fileName)}");

    /// <summary>
    /// Sets the root folder (null or empty keeps the default) and deletes what dead processes left there. Returns the
    /// number of files deleted. Called once at start-up.
    /// </summary>
    public static int Sweep(string? root)
    {
        if (!string.IsNullOrWhiteSpace(root))
        {
            _root = Path.GetFullPath(root);
        }

        CreatePrivate(_root);
        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && (pid == Environment.ProcessId || IsRunning(pid)))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                deleted += TryDelete(file) ? 1 : 0;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return deleted;
    }

    /// <summary>Deletes <paramref name="path"/>, never failing the user's action over it; true when it is gone.</summary>
    public static bool TryDelete(string? path)
    {
        if (path is null)
        {
            return false;
        }

        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            // Still open elsewhere: the start-up sweep removes it after a restart.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void CreatePrivate(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, Private);

        // An existing folder keeps its mode on CreateDirectory: tighten it (throws if another user owns it).
        if (File.GetUnixFileMode(folder) != Private)
        {
            File.SetUnixFileMode(folder, Private);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
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
