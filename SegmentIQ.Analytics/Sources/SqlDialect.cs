namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// What differs between SQL engines for the aggregation SQL: identifier quoting, parameter markers, type names and how
/// text is tried as a number or a timestamp. Everything else in <see cref="CustomerFeatureSql"/> is written once.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The engine's name, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>The type name of a double-precision number.</summary>
    public abstract string DoubleType { get; }

    /// <summary>The type name of variable-length text.</summary>
    public virtual string TextType => "VARCHAR";

    /// <summary>
    /// Quotes an identifier (a table, schema or column name) so that any text, including quotes, semicolons and
    /// comment markers, names an object and can never end the identifier. Names the engine cannot store (empty, or with a
    /// NUL character) are refused.
    /// </summary>
    public string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new SourceException(name.Length == 0 ? "A table or column name is empty." : "A table or column name contains a NUL character, which no SQL engine accepts.");
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The marker of the 1-based <paramref name="ordinal"/>-th positional parameter.</summary>
    public virtual string ParameterMarker(int ordinal) => "$" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A number from a text expression, NULL when the text is not a number (never an error).</summary>
    public abstract string TryNumber(string textExpression, SqlParameters parameters);

    /// <summary>A timestamp from a text expression, NULL when the text is not an ISO date or timestamp (never an error where the engine allows).</summary>
    public abstract string TryTimestamp(string textExpression, SqlParameters parameters);

    /// <summary>The timestamp type name.</summary>
    public virtual string TimestampType => "TIMESTAMP";

    /// <summary>
    /// A 64-bit hash of several expressions, equal for values the engine groups as equal (NULLs included). Used only to
    /// find the candidates for exact repeats: lines with equal hashes are grouped again on their values, so a collision
    /// costs time, never a wrong count.
    /// </summary>
    public abstract string LineHash(IReadOnlyList<string> expressions);
}

/// <summary>DuckDB: <c>TRY_CAST</c> turns unparseable text into NULL.</summary>
public sealed class DuckDbDialect : SqlDialect
{
    /// <summary>The one instance.</summary>
    public static DuckDbDialect Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "DuckDB";

    /// <inheritdoc/>
    public override string DoubleType => "DOUBLE";

    /// <inheritdoc/>
    public override string TryNumber(string textExpression, SqlParameters parameters) => $"TRY_CAST({textExpression} AS DOUBLE)";

    /// <inheritdoc/>
    public override string TryTimestamp(string textExpression, SqlParameters parameters) => $"TRY_CAST({textExpression} AS TIMESTAMP)";

    /// <inheritdoc/>
    /// <remarks>DuckDB's <c>hash</c> of several values; it hashes -0 as 0 and every NaN alike, as its grouping compares them.</remarks>
    public override string LineHash(IReadOnlyList<string> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        return $"hash({string.Join(", ", expressions)})";
    }
}

/// <summary>
/// PostgreSQL 15 has no <c>TRY_CAST</c> (and <c>pg_input_is_valid</c> only from 16), so text is cast only when it
/// matches the shape of a number or an ISO date; the shapes are parameters like every other value.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    /// <summary>A decimal or scientific number, surrounding blanks allowed.</summary>
    internal const string NumberPattern = @"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$";

    /// <summary>An ISO date with an optional time.</summary>
    internal const string TimestampPattern = @"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*$";

    /// <summary>The one instance.</summary>
    public static PostgresDialect Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "PostgreSQL";

    /// <inheritdoc/>
    public override string DoubleType => "DOUBLE PRECISION";

    /// <inheritdoc/>
    public override string TryNumber(string textExpression, SqlParameters parameters) =>
        $"CASE WHEN {textExpression} ~ {parameters.Add(NumberPattern)} THEN CAST({textExpression} AS DOUBLE PRECISION) END";

    /// <inheritdoc/>
    public override string TryTimestamp(string textExpression, SqlParameters parameters) =>
        $"CASE WHEN {textExpression} ~ {parameters.Add(TimestampPattern)} THEN CAST({textExpression} AS TIMESTAMP) END";

    /// <inheritdoc/>
    /// <remarks>
    /// The text of the row (NULL and empty text written differently, text in full, numbers and timestamps in one fixed
    /// form) hashed by <c>hashtextextended</c>: equal rows have equal text, so equal hashes.
    /// </remarks>
    public override string LineHash(IReadOnlyList<string> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        return $"hashtextextended(CAST(ROW({string.Join(", ", expressions)}) AS TEXT), 0)";
    }
}

/// <summary>The values of one SQL statement, in marker order; <see cref="Add"/> returns the marker to write.</summary>
public sealed class SqlParameters
{
    private readonly List<object> _values = [];
    private readonly SqlDialect _dialect;

    /// <summary>Creates an empty list for a dialect's markers.</summary>
    public SqlParameters(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _dialect = dialect;
    }

    /// <summary>The values, the first for marker 1.</summary>
    public IReadOnlyList<object> Values => _values;

    /// <summary>Adds a value and returns its marker.</summary>
    public string Add(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _values.Add(value);
        return _dialect.ParameterMarker(_values.Count);
    }
}

/// <summary>A generated statement: its text (identifiers quoted, no value inside) and its parameter values.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<object> Parameters);
