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
/// The server's library of saved analyses: one JSON document per analysis and one copy per distinct data file
/// (<c>{sha256}{extension}</c>, shared by the analyses saved from it), kept in an <see cref="ILibraryStorage"/> (by
/// default the folder <see cref="Root"/>: <c>analyses/{id}.json</c>, <c>data/</c>). Schedules are stored in the folder
/// beside them. Thread-safe for one process; ids are checked so no request can reach outside the store.
/// </summary>
public sealed partial class AnalysisLibrary
{
    private readonly Lock _gate = new();
    private readonly ILibraryStorage _storage;

    /// <summary>
    /// A library in <paramref name="root"/> (created when missing), its analyses and data copies in
    /// <paramref name="storage"/> (null: the folder itself).
    /// </summary>
    public AnalysisLibrary(string root, ILibraryStorage? storage = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _storage = storage ?? new FolderLibraryStorage(Root);
    }

    /// <summary>The library folder (schedules; analyses too unless another storage was given).</summary>
    public string Root { get; }

    /// <summary>Where the saved analyses are kept, for messages.</summary>
    public string StorageDescription => _storage.Description;

    /// <summary>Every readable saved analysis, newest first; unreadable ones are listed in <paramref name="problems"/>.</summary>
    public IReadOnlyList<LibraryEntry> List(out IReadOnlyList<string> problems)
    {
        var found = new List<LibraryEntry>();
        var bad = new List<string>();
        foreach (var document in _storage.ReadAll())
        {
            if (!IsValidId(document.Id))
            {
                continue;
            }

            if (document.Json is null)
            {
                bad.Add(document.Problem ?? $"{document.Id}.json could not be read.");
                continue;
            }

            try
            {
                var definition = AnalysisDefinition.FromJson(document.Json, document.Id + ".json");
                found.Add(new LibraryEntry(document.Id, definition, _storage.HasData(DataName(definition))));
            }
            catch (AnalysisDefinitionException ex)
            {
                bad.Add(ex.Message);
            }
        }

        problems = bad;
        return [.. found.OrderByDescending(e => e.Definition.SavedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The most recently saved analysis whose data the library keeps or that reads a source, or null (what a lost tab
    /// can re-open at once).
    /// </summary>
    public LibraryEntry? LatestReopenable() =>
        List(out _).Where(e => e.HasDataCopy || e.Definition.Source is not null).MaxBy(e => e.Definition.SavedAt);

    /// <summary>The saved analysis <paramref name="id"/>, or null when there is none.</summary>
    /// <exception cref="AnalysisDefinitionException">The stored document is unreadable.</exception>
    public LibraryEntry? Find(string id)
    {
        if (!IsValidId(id) || _storage.Read(id) is not { } json)
        {
            return null;
        }

        var definition = AnalysisDefinition.FromJson(json, id + ".json");
        return new LibraryEntry(id, definition, _storage.HasData(DataName(definition)));
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
            var id = NewId(definition.Name);
            if (dataPath is not null && File.Exists(dataPath))
            {
                _storage.WriteData(DataName(definition), dataPath);
            }

            _storage.Write(id, definition.ToJson());
            return new LibraryEntry(id, definition, _storage.HasData(DataName(definition)));
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
            _storage.Write(id, renamed.ToJson());
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

            _storage.Delete(id);
            var stillUsed = List(out _).Any(e => e.Definition.Data.Sha256 == entry.Definition.Data.Sha256);
            if (!stillUsed)
            {
                _storage.DeleteData(DataName(entry.Definition));
            }

            return true;
        }
    }

    /// <summary>The stored copy of <paramref name="entry"/>'s data file, or null when the library has none.</summary>
    public string? DataCopyOf(LibraryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _storage.DataPath(DataName(entry.Definition));
    }

    /// <summary>
    /// The stored copy of the data file with SHA-256 <paramref name="sha256"/>, whatever analysis it was saved with, or
    /// null when the library has none (a saved analysis uploaded from elsewhere may still find its data here).
    /// </summary>
    public string? FindDataCopy(string sha256)
    {
        if (sha256 is not { Length: 64 } || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var names = _storage.DataNames(sha256 + ".");
        return names.Count > 0 ? _storage.DataPath(names[0]) : null;
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

    private static string DataName(AnalysisDefinition definition) => definition.Data.Sha256 + DataExtension(definition.Data.FileName);

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
            if (!_storage.Exists(id) || attempt > 10)
            {
                return id;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
