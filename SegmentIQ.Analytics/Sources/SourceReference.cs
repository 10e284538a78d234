using System.Text.Json.Serialization;
using SegmentIQ.Analytics.Ingestion;

namespace SegmentIQ.Analytics.Sources;

/// <summary>The kinds of source a saved analysis or a schedule can name.</summary>
public enum SourceReferenceKind
{
    /// <summary>Parquet or CSV files (one path or a glob) inside the folder configured for DuckDB sources.</summary>
    DuckDbFile,

    /// <summary>A PostgreSQL table or view of a connection configured by name.</summary>
    Postgres,
}

/// <summary>
/// Where a saved analysis or a schedule reads its data when it names a source instead of a file: files relative to the
/// configured sources folder, or a configured connection's name with a table, plus the column used for each role. It
/// never holds a connection string or a password; a <see cref="SourceCatalog"/> resolves the name at run time.
/// </summary>
public sealed record SourceReference
{
    /// <summary>Longest path, connection, schema or table name accepted.</summary>
    public const int MaxNameLength = 400;

    /// <summary>The kind of source.</summary>
    public SourceReferenceKind Kind { get; init; }

    /// <summary>For <see cref="SourceReferenceKind.DuckDbFile"/>: the path or glob, relative to the sources folder.</summary>
    public string? Path { get; init; }

    /// <summary>For <see cref="SourceReferenceKind.Postgres"/>: the connection's name in the configuration.</summary>
    public string? Connection { get; init; }

    /// <summary>For <see cref="SourceReferenceKind.Postgres"/>: the schema, or null for the search path.</summary>
    public string? Schema { get; init; }

    /// <summary>For <see cref="SourceReferenceKind.Postgres"/>: the table or view.</summary>
    public string? Table { get; init; }

    /// <summary>The column used for each role (roles left out are matched by name).</summary>
    public IReadOnlyDictionary<ColumnRole, string>? Mapping { get; init; }

    /// <summary>How the source is named to the user ("exports/2024-*.parquet", "warehouse: sales.lines").</summary>
    [JsonIgnore]
    public string DisplayName => Kind == SourceReferenceKind.DuckDbFile
        ? (Path ?? "").Trim()
        : $"{Connection}: {(string.IsNullOrWhiteSpace(Schema) ? "" : Schema + ".")}{Table}";

    /// <summary>Files read by DuckDB at <paramref name="path"/> (relative to the sources folder).</summary>
    public static SourceReference ForFiles(string path) => new() { Kind = SourceReferenceKind.DuckDbFile, Path = path.Trim() };

    /// <summary>The table <paramref name="schema"/>.<paramref name="table"/> of the connection named <paramref name="connection"/>.</summary>
    public static SourceReference ForTable(string connection, string? schema, string table) => new()
    {
        Kind = SourceReferenceKind.Postgres,
        Connection = connection.Trim(),
        Schema = string.IsNullOrWhiteSpace(schema) ? null : schema.Trim(),
        Table = table.Trim(),
    };

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the field when the reference is malformed: a file path that is
    /// absolute or climbs out of the sources folder (<c>..</c>), fields of the other kind, an empty table or name.
    /// Whether the connection is configured is checked by <see cref="SourceCatalog.Check"/>.
    /// </summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentException("Kind must be DuckDbFile or Postgres.", nameof(Kind));
        }

        if (Kind == SourceReferenceKind.DuckDbFile)
        {
            CheckRelativePath();
            Absent(Connection, nameof(Connection));
            Absent(Schema, nameof(Schema));
            Absent(Table, nameof(Table));
        }
        else
        {
            Absent(Path, nameof(Path));
            CheckName(Connection, nameof(Connection), "must name a connection configured under ConnectionStrings");
            if (Schema is not null)
            {
                CheckName(Schema, nameof(Schema), "must be a schema name, or left out for the search path");
            }

            CheckName(Table, nameof(Table), "must name the table or view that holds the transaction lines");
        }

        foreach (var (role, column) in Mapping ?? new Dictionary<ColumnRole, string>())
        {
            if (!Enum.IsDefined(role) || string.IsNullOrWhiteSpace(column) || column.Length > MaxNameLength)
            {
                throw new ArgumentException($"Mapping of {role} must name a column (1 to {MaxNameLength} characters).", nameof(Mapping));
            }
        }
    }

    private void CheckRelativePath()
    {
        var path = Path;
        if (string.IsNullOrWhiteSpace(path) || path.Length > MaxNameLength)
        {
            throw new ArgumentException($"Path must be a file or glob inside the sources folder (1 to {MaxNameLength} characters).", nameof(Path));
        }

        var parts = path.Trim().Split('/', '\\');
        if (System.IO.Path.IsPathRooted(path.Trim()) || path.Contains(':', StringComparison.Ordinal) || parts.Any(p => p == ".."))
        {
            throw new ArgumentException($"Path '{path}' must be relative to the sources folder and stay inside it (no absolute path, drive or '..').", nameof(Path));
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Path may not contain a NUL character.", nameof(Path));
        }
    }

    private static void CheckName(string? value, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength || value.Any(char.IsControl))
        {
            throw new ArgumentException($"{field} {what} (1 to {MaxNameLength} characters).", field);
        }
    }

    private void Absent(string? value, string field)
    {
        if (value is not null)
        {
            throw new ArgumentException($"{field} does not belong to a {Kind} source.", field);
        }
    }
}
