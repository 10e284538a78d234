using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SegmentIQ.Analytics.Pipeline;

/// <summary>One saved analysis in the library.</summary>
/// <param name="Id">Its id (letters, digits and dashes).</param>
/// <param name="Definition">The analysis.</param>
/// <param name="HasDataCopy">True when the library keeps a copy of its data file, so it can be reopened without the file.</param>
public sealed record LibraryEntry(string Id, AnalysisDefinition Definition, bool HasDataCopy)
{
    /// <summary>The name shown in lists.</summary>
    public string Name => Definition.Name;
}

/// <summary>
/// The server's library of saved analyses: a folder with one JSON document per analysis (<c>analyses/{id}.json</c>)
/// and one copy per distinct data file (<c>data/{sha256}{extension}</c>, shared by the analyses saved from it).
/// Schedules are stored beside them. Thread-safe for one process; ids are checked so no request can reach outside
/// the folder.
/// </summary>
public sealed partial class AnalysisLibrary
{
    private readonly Lock _gate = new();

    /// <summary>A library in <paramref name="root"/> (created when missing).</summary>
    public AnalysisLibrary(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The library folder.</summary>
    public string Root { get; }

    private string AnalysesFolder => Path.Combine(Root, "analyses");

    private string DataFolder => Path.Combine(Root, "data");

    /// <summary>Every readable saved analysis, newest first; unreadable files are listed in <paramref name="problems"/>.</summary>
    public IReadOnlyList<LibraryEntry> List(out IReadOnlyList<string> problems)
    {
        var found = new List<LibraryEntry>();
        var bad = new List<string>();
        if (Directory.Exists(AnalysesFolder))
        {
            foreach (var file in Directory.EnumerateFiles(AnalysesFolder, "*.json"))
            {
                var id = Path.GetFileNameWithoutExtension(file);
                if (!IsValidId(id))
                {
                    continue;
                }

                try
                {
                    var definition = AnalysisDefinition.FromJson(File.ReadAllBytes(file), Path.GetFileName(file));
                    found.Add(new LibraryEntry(id, definition, File.Exists(DataCopyPath(definition))));
                }
                catch (AnalysisDefinitionException ex)
                {
                    bad.Add(ex.Message);
                }
                catch (IOException ex)
                {
                    bad.Add($"{Path.GetFileName(file)} could not be read: {ex.Message}");
                }
            }
        }

        problems = bad;
        return [.. found.OrderByDescending(e => e.Definition.SavedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>The saved analysis <paramref name="id"/>, or null when there is none.</summary>
    /// <exception cref="AnalysisDefinitionException">The stored file is unreadable.</exception>
    public LibraryEntry? Find(string id)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        var path = Path.Combine(AnalysesFolder, id + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        var definition = AnalysisDefinition.FromJson(File.ReadAllBytes(path), Path.GetFileName(path));
        return new LibraryEntry(id, definition, File.Exists(DataCopyPath(definition)));
    }

    /// <summary>
    /// Saves <paramref name="definition"/> under a new id and, when <paramref name="dataPath"/> is given, keeps a copy of
    /// its data file (once per distinct file). Returns the entry.
    /// </summary>
    public LibraryEntry Save(AnalysisDefinition definition, string? dataPath)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate(definition.Name);
        lock (_gate)
        {
            Directory.CreateDirectory(AnalysesFolder);
            var id = NewId(definition.Name);
            if (dataPath is not null && File.Exists(dataPath))
            {
                Directory.CreateDirectory(DataFolder);
                var copy = DataCopyPath(definition);
                if (!File.Exists(copy))
                {
                    var temporary = copy + ".part";
                    File.Copy(dataPath, temporary, overwrite: true);
                    File.Move(temporary, copy, overwrite: true);
                }
            }

            WriteAtomically(Path.Combine(AnalysesFolder, id + ".json"), definition.ToJson());
            return new LibraryEntry(id, definition, File.Exists(DataCopyPath(definition)));
        }
    }

    /// <summary>Renames <paramref name="id"/>; returns the updated entry, or null when there is none.</summary>
    public LibraryEntry? Rename(string id, string newName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        lock (_gate)
        {
            var entry = Find(id);
            if (entry is null)
            {
                return null;
            }

            var renamed = entry.Definition with { Name = newName.Trim() };
            WriteAtomically(Path.Combine(AnalysesFolder, id + ".json"), renamed.ToJson());
            return entry with { Definition = renamed };
        }
    }

    /// <summary>Deletes <paramref name="id"/> and its data copy when no other analysis uses it; false when there is none.</summary>
    public bool Delete(string id)
    {
        lock (_gate)
        {
            var entry = Find(id);
            if (entry is null)
            {
                return false;
            }

            File.Delete(Path.Combine(AnalysesFolder, id + ".json"));
            var stillUsed = List(out _).Any(e => e.Definition.Data.Sha256 == entry.Definition.Data.Sha256);
            var copy = DataCopyPath(entry.Definition);
            if (!stillUsed && File.Exists(copy))
            {
                File.Delete(copy);
            }

            return true;
        }
    }

    /// <summary>The stored copy of <paramref name="entry"/>'s data file, or null when the library has none.</summary>
    public string? DataCopyOf(LibraryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = DataCopyPath(entry.Definition);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// The stored copy of the data file with SHA-256 <paramref name="sha256"/>, whatever analysis it was saved with, or
    /// null when the library has none (a saved analysis uploaded from elsewhere may still find its data here).
    /// </summary>
    public string? FindDataCopy(string sha256)
    {
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower) || !Directory.Exists(DataFolder))
        {
            return null;
        }

        return Directory.EnumerateFiles(DataFolder, sha256 + ".*")
            .Where(f => !f.EndsWith(".part", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>A file of the library's own (schedules), by name inside the library folder.</summary>
    public string FilePath(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal) || fileName.StartsWith('.'))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        }

        Directory.CreateDirectory(Root);
        return Path.Combine(Root, fileName);
    }

    /// <summary>True for ids the library could have made (lower-case letters, digits and dashes, at most 80).</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= 80 } && IdPattern().IsMatch(id);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> through a temporary file, so a crash never leaves half a file.</summary>
    public static void WriteAtomically(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var temporary = path + ".part";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private string DataCopyPath(AnalysisDefinition definition)
    {
        var extension = DataExtension(definition.Data.FileName);
        return Path.Combine(DataFolder, definition.Data.Sha256 + extension);
    }

    private static string DataExtension(string fileName)
    {
        var lower = fileName.ToLowerInvariant();
        foreach (var known in new[] { ".csv.gz", ".txt.gz", ".tsv.gz", ".gz", ".csv", ".xlsx", ".txt", ".tsv" })
        {
            if (lower.EndsWith(known, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return ".dat";
    }

    private string NewId(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 40)
            {
                break;
            }
        }

        var stem = slug.ToString().Trim('-');
        stem = stem.Length == 0 ? "analysis" : stem;
        for (var attempt = 0; ; attempt++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{stem}-{Guid.NewGuid().ToString("N")[..8]}");
            if (!File.Exists(Path.Combine(AnalysesFolder, id + ".json")) || attempt > 10)
            {
                return id;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
