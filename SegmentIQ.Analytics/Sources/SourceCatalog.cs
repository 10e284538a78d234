namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// The sources this installation may read, from its configuration: PostgreSQL connections by name and DuckDB files
/// under <see cref="DuckDbSettings.AllowedRoot"/>. It turns a <see cref="SourceReference"/> (what a saved analysis or a
/// schedule stores) into an <see cref="ITransactionSource"/>; connection strings stay inside it.
/// </summary>
public sealed class SourceCatalog
{
    private readonly Dictionary<string, string> _connections;

    /// <summary>A catalog of <paramref name="connections"/> (name → connection string) and DuckDB files per <paramref name="duckDb"/>.</summary>
    public SourceCatalog(IReadOnlyDictionary<string, string> connections, DuckDbSettings duckDb, int commandTimeoutSeconds = 300)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(duckDb);
        ArgumentOutOfRangeException.ThrowIfNegative(commandTimeoutSeconds);
        duckDb.Validate();
        _connections = connections.Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
        DuckDb = duckDb;
        CommandTimeoutSeconds = commandTimeoutSeconds;
    }

    /// <summary>The names of the configured connections, sorted.</summary>
    public IReadOnlyList<string> ConnectionNames => [.. _connections.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>DuckDB's settings.</summary>
    public DuckDbSettings DuckDb { get; }

    /// <summary>Seconds a database statement may run.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>True when a connection named <paramref name="name"/> is configured.</summary>
    public bool HasConnection(string? name) => name is not null && _connections.ContainsKey(name);

    /// <summary>
    /// The source <paramref name="reference"/> names. Throws <see cref="SourceException"/> naming the source when it is
    /// malformed, its connection is not configured (any more), or its path leaves the sources folder.
    /// </summary>
    public ITransactionSource Open(SourceReference reference)
    {
        Check(reference);
        return reference.Kind == SourceReferenceKind.DuckDbFile
            ? new DuckDbFileSource(reference.Path!, DuckDb)
            : new PostgresTableSource(reference.Connection!, _connections[reference.Connection!], reference.Schema, reference.Table!, CommandTimeoutSeconds);
    }

    /// <summary>Throws <see cref="SourceException"/> when <paramref name="reference"/> cannot be opened here (see <see cref="Open"/>); reads nothing.</summary>
    public void Check(SourceReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        try
        {
            reference.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new SourceException($"{reference.DisplayName}: {ex.Message}");
        }

        if (reference.Kind == SourceReferenceKind.Postgres && !HasConnection(reference.Connection))
        {
            throw new SourceException($"{reference.DisplayName}: no connection named '{reference.Connection}' is configured (ConnectionStrings in appsettings.json); it may have been renamed or removed.");
        }

        if (reference.Kind == SourceReferenceKind.DuckDbFile)
        {
            // The constructor resolves the path inside the allowed root and refuses one that leaves it.
            _ = new DuckDbFileSource(reference.Path!, DuckDb);
        }
    }
}
