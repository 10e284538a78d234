using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Web.Services;

/// <summary>
/// The sources the Connect tab may use, from configuration only: named PostgreSQL connections (the
/// <c>ConnectionStrings</c> section) and DuckDB files under the allowed root (<c>SegmentIQ:Sources:DuckDb</c>). A page
/// names a connection; its string (and password) never leaves this class, never reaches a page, a message or a log.
/// </summary>
public sealed class DataSources
{
    /// <summary>Reads the sections; relative folders are taken from <paramref name="contentRoot"/>.</summary>
    public DataSources(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connections = configuration.GetSection("ConnectionStrings").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        var section = configuration.GetSection("SegmentIQ:Sources");
        var duck = section.GetSection("DuckDb").Get<DuckDbSettings>() ?? new DuckDbSettings();
        DuckDb = duck with
        {
            AllowedRoot = Path.Combine(contentRoot, duck.AllowedRoot),
            SpillDirectory = Path.Combine(contentRoot, duck.SpillDirectory),
        };
        DuckDb.Validate();
        CommandTimeoutSeconds = section.GetValue("CommandTimeoutSeconds", 300);
        Catalog = new SourceCatalog(connections, DuckDb, CommandTimeoutSeconds);
    }

    /// <summary>The configured sources, which resolve what saved analyses and schedules name.</summary>
    public SourceCatalog Catalog { get; }

    /// <summary>The names of the configured connections, sorted.</summary>
    public IReadOnlyList<string> ConnectionNames => Catalog.ConnectionNames;

    /// <summary>DuckDB's settings, folders made absolute.</summary>
    public DuckDbSettings DuckDb { get; }

    /// <summary>Seconds a database statement may run.</summary>
    public int CommandTimeoutSeconds { get; }

    /// <summary>A table or view of a named connection.</summary>
    /// <exception cref="SourceException">No connection has that name, or no table is given.</exception>
    public ITransactionSource Table(string connectionName, string? schema, string table)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        ArgumentNullException.ThrowIfNull(table);
        return Catalog.HasConnection(connectionName)
            ? Catalog.Open(SourceReference.ForTable(connectionName, schema, table))
            : throw new SourceException($"No connection named '{connectionName}' is configured (ConnectionStrings in appsettings.json).");
    }

    /// <summary>Files (a path or glob inside the allowed root) read by DuckDB.</summary>
    /// <exception cref="SourceException">The path leaves the allowed root or has an unknown extension.</exception>
    public ITransactionSource Files(string path) => new DuckDbFileSource(path, DuckDb);
}
