namespace SegmentIQ.Analytics.Pipeline;

/// <summary>
/// Where an <see cref="AnalysisLibrary"/> keeps its saved analyses (JSON documents by id) and the copies of their data
/// files (by name: SHA-256 plus extension). The library checks ids and names before they get here. The default is a
/// folder (<see cref="FolderLibraryStorage"/>); several app instances share one store (the web app's Redis storage).
/// </summary>
public interface ILibraryStorage
{
    /// <summary>Where the documents live, for messages (never a secret).</summary>
    string Description { get; }

    /// <summary>Every stored document with its id; an unreadable one comes back with a null body and the reason.</summary>
    IEnumerable<StoredDocument> ReadAll();

    /// <summary>The document <paramref name="id"/>, or null when there is none.</summary>
    byte[]? Read(string id);

    /// <summary>True when a document <paramref name="id"/> exists.</summary>
    bool Exists(string id);

    /// <summary>Stores <paramref name="json"/> as <paramref name="id"/> whole or not at all.</summary>
    void Write(string id, byte[] json);

    /// <summary>Deletes <paramref name="id"/>; false when there was none.</summary>
    bool Delete(string id);

    /// <summary>True when a data copy <paramref name="name"/> is stored.</summary>
    bool HasData(string name);

    /// <summary>Stores a copy of the file at <paramref name="sourcePath"/> as <paramref name="name"/> unless one is stored.</summary>
    void WriteData(string name, string sourcePath);

    /// <summary>Deletes the data copy <paramref name="name"/> if stored.</summary>
    void DeleteData(string name);

    /// <summary>A local file holding the data copy <paramref name="name"/>, or null when none is stored.</summary>
    string? DataPath(string name);

    /// <summary>The names of the stored data copies that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IReadOnlyList<string> DataNames(string prefix);
}

/// <summary>A stored document: its id and bytes, or why it could not be read.</summary>
public sealed record StoredDocument(string Id, byte[]? Json, string? Problem);

/// <summary>
/// The library in one folder: <c>analyses/{id}.json</c> and <c>data/{name}</c>, each written through a temporary file
/// so a crash never leaves half a file.
/// </summary>
public sealed class FolderLibraryStorage(string root) : ILibraryStorage
{
    private string AnalysesFolder => Path.Combine(root, "analyses");

    private string DataFolder => Path.Combine(root, "data");

    /// <inheritdoc />
    public string Description => root;

    /// <inheritdoc />
    public IEnumerable<StoredDocument> ReadAll()
    {
        if (!Directory.Exists(AnalysesFolder))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(AnalysesFolder, "*.json"))
        {
            byte[]? bytes = null;
            string? problem = null;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (IOException ex)
            {
                problem = $"{Path.GetFileName(file)} could not be read: {ex.Message}";
            }

            yield return new StoredDocument(Path.GetFileNameWithoutExtension(file), bytes, problem);
        }
    }

    /// <inheritdoc />
    public byte[]? Read(string id)
    {
        var path = DocumentPath(id);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <inheritdoc />
    public bool Exists(string id) => File.Exists(DocumentPath(id));

    /// <inheritdoc />
    public void Write(string id, byte[] json)
    {
        Directory.CreateDirectory(AnalysesFolder);
        AnalysisLibrary.WriteAtomically(DocumentPath(id), json);
    }

    /// <inheritdoc />
    public bool Delete(string id)
    {
        var path = DocumentPath(id);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <inheritdoc />
    public bool HasData(string name) => File.Exists(Path.Combine(DataFolder, name));

    /// <inheritdoc />
    public void WriteData(string name, string sourcePath)
    {
        Directory.CreateDirectory(DataFolder);
        var copy = Path.Combine(DataFolder, name);
        if (!File.Exists(copy))
        {
            var temporary = copy + ".part";
            File.Copy(sourcePath, temporary, overwrite: true);
            File.Move(temporary, copy, overwrite: true);
        }
    }

    /// <inheritdoc />
    public void DeleteData(string name)
    {
        var copy = Path.Combine(DataFolder, name);
        if (File.Exists(copy))
        {
            File.Delete(copy);
        }
    }

    /// <inheritdoc />
    public string? DataPath(string name)
    {
        var copy = Path.Combine(DataFolder, name);
        return File.Exists(copy) ? copy : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> DataNames(string prefix) =>
        Directory.Exists(DataFolder)
            ? [.. Directory.EnumerateFiles(DataFolder, prefix + "*")
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(f => !f.EndsWith(".part", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)]
            : [];

    private string DocumentPath(string id) => Path.Combine(AnalysesFolder, id + ".json");
}
