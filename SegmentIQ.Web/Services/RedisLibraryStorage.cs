using StackExchange.Redis;

namespace SegmentIQ.Web.Services;

/// <summary>
/// The saved-analysis library in Redis, so every app instance behind the proxy sees the same analyses and a killed
/// instance loses none: the documents in one hash (<c>{prefix}library:analyses</c>, field = id), each data copy in its
/// own key (<c>{prefix}library:data:{name}</c>) listed in a set. A data copy is written to a local file the first time
/// this instance needs it (<see cref="DataPath"/>), because the readers work on files.
/// </summary>
public sealed class RedisLibraryStorage : ILibraryStorage
{
    private readonly IDatabase _db;
    private readonly string _prefix;
    private readonly string _localCache;

    /// <summary>Storage in <paramref name="redis"/> under <paramref name="keyPrefix"/>, data copies cached in <paramref name="localCacheFolder"/>.</summary>
    public RedisLibraryStorage(IConnectionMultiplexer redis, string keyPrefix, string localCacheFolder)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(localCacheFolder);
        _db = redis.GetDatabase();
        _prefix = keyPrefix ?? "";
        _localCache = localCacheFolder;
    }

    private RedisKey Analyses => _prefix + "library:analyses";

    private RedisKey DataSet => _prefix + "library:datanames";

    /// <inheritdoc />
    public string Description => $"Redis ({_prefix}library:*)";

    /// <inheritdoc />
    public IEnumerable<StoredDocument> ReadAll() =>
        _db.HashGetAll(Analyses).Select(e => new StoredDocument(e.Name!, (byte[]?)e.Value, null));

    /// <inheritdoc />
    public byte[]? Read(string id) => (byte[]?)_db.HashGet(Analyses, id);

    /// <inheritdoc />
    public bool Exists(string id) => _db.HashExists(Analyses, id);

    /// <inheritdoc />
    public void Write(string id, byte[] json) => _db.HashSet(Analyses, id, json);

    /// <inheritdoc />
    public bool Delete(string id) => _db.HashDelete(Analyses, id);

    /// <inheritdoc />
    public bool HasData(string name) => _db.SetContains(DataSet, name);

    /// <inheritdoc />
    public void WriteData(string name, string sourcePath)
    {
        if (HasData(name))
        {
            return;
        }

        // The value goes first, the name after it: a listed name always has its bytes.
        _db.StringSet(DataKey(name), File.ReadAllBytes(sourcePath));
        _db.SetAdd(DataSet, name);
    }

    /// <inheritdoc />
    public void DeleteData(string name)
    {
        _db.SetRemove(DataSet, name);
        _db.KeyDelete(DataKey(name));
        var local = Path.Combine(_localCache, name);
        if (File.Exists(local))
        {
            File.Delete(local);
        }
    }

    /// <inheritdoc />
    public string? DataPath(string name)
    {
        var local = Path.Combine(_localCache, name);
        if (File.Exists(local))
        {
            return local;
        }

        var bytes = (byte[]?)_db.StringGet(DataKey(name));
        if (bytes is null)
        {
            return null;
        }

        Directory.CreateDirectory(_localCache);
        AnalysisLibrary.WriteAtomically(local, bytes);
        return local;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> DataNames(string prefix) =>
        [.. _db.SetMembers(DataSet).Select(v => (string)v!).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private RedisKey DataKey(string name) => _prefix + "library:data:" + name;
}
