namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// A forward-only sequence of rows of text fields (CSV records or worksheet rows) behind a header. <see cref="Next"/>
/// enforces the row, column and cell limits and checks the cancellation token every 1,024 rows for every source.
/// </summary>
internal abstract class RowSource : IDisposable
{
    private long _rows;
    private long _cells;

    /// <summary>Creates a source reading <paramref name="displayName"/> under <paramref name="limits"/>.</summary>
    protected RowSource(string displayName, ReaderLimits limits, CancellationToken cancellationToken)
    {
        DisplayName = displayName;
        Limits = limits;
        CancellationToken = cancellationToken;
    }

    /// <summary>The file named in messages.</summary>
    public string DisplayName { get; }

    /// <summary>The limits in force.</summary>
    public ReaderLimits Limits { get; }

    /// <summary>The reader's cancellation token.</summary>
    protected CancellationToken CancellationToken { get; }

    /// <summary>Header names (first sheet's, in a workbook).</summary>
    public abstract IReadOnlyList<string> Headers { get; }

    /// <summary>Fields in the current row.</summary>
    public abstract int FieldCount { get; }

    /// <summary>1-based line (CSV) or row number (worksheet) of the current row.</summary>
    public abstract long Line { get; }

    /// <summary>Worksheet name of the current row; null for CSV.</summary>
    public virtual string? Sheet => null;

    /// <summary>Fraction of the input consumed (0..1).</summary>
    public abstract double BytesFraction { get; }

    /// <summary>Whether dates may be Excel serial numbers and the date system starts in 1904.</summary>
    public virtual (bool Workbook, bool Date1904) DateSystem => (false, false);

    /// <summary>Format details for the result.</summary>
    public abstract DetectedFormat Format(char decimalSeparator, DateLayout dateLayout);

    /// <summary>Non-fatal remarks gathered while reading.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Advances to the next row; false at the end. Throws <see cref="ReadLimitException"/> past a limit.</summary>
    public bool Next()
    {
        if (!MoveNext())
        {
            return false;
        }

        _rows++;
        if ((_rows & 1023) == 0)
        {
            CancellationToken.ThrowIfCancellationRequested();
        }

        if (_rows > Limits.MaxRows)
        {
            throw new ReadLimitException(DisplayName, nameof(ReaderLimits.MaxRows), Limits.MaxRows, "the number of data rows", Line);
        }

        var fields = FieldCount;
        if (fields > Limits.MaxColumns)
        {
            throw new ReadLimitException(DisplayName, nameof(ReaderLimits.MaxColumns), Limits.MaxColumns, $"the number of fields ({fields:N0})", Line);
        }

        _cells += fields;
        if (_cells > Limits.MaxCells)
        {
            throw new ReadLimitException(DisplayName, nameof(ReaderLimits.MaxCells), Limits.MaxCells, "the number of cells (rows × columns)", Line);
        }

        return true;
    }

    /// <summary>Advances the underlying reader to the next row; false at the end.</summary>
    protected abstract bool MoveNext();

    /// <summary>Throws <see cref="ReadLimitException"/> when a field is longer than <see cref="ReaderLimits.MaxFieldLength"/>.</summary>
    protected void CheckFieldLength(int length, int index)
    {
        if (length > Limits.MaxFieldLength)
        {
            var column = index < Headers.Count ? Headers[index] : $"#{index + 1}";
            throw new ReadLimitException(DisplayName, nameof(ReaderLimits.MaxFieldLength), Limits.MaxFieldLength, $"the length of a field ({length:N0} characters)", Line, column);
        }
    }

    /// <summary>
    /// Rejects a header row wider than <see cref="ReaderLimits.MaxColumns"/> or naming a column twice (compared
    /// trimmed and case-insensitively, as column matching does; blank names are allowed to repeat).
    /// </summary>
    protected static void CheckHeaders(string displayName, IReadOnlyList<string> headers, ReaderLimits limits)
    {
        if (headers.Count > limits.MaxColumns)
        {
            throw new ReadLimitException(displayName, nameof(ReaderLimits.MaxColumns), limits.MaxColumns, $"the number of header columns ({headers.Count:N0})", 1);
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers[i].Trim();
            if (name.Length > 0 && !seen.TryAdd(name, i))
            {
                throw new DuplicateHeaderException(displayName, name, seen[name] + 1, i + 1);
            }
        }
    }

    /// <summary>Field <paramref name="index"/> of the current row (empty past the end); valid until <see cref="Next"/>.</summary>
    public abstract ReadOnlySpan<char> Field(int index);

    /// <summary>The current row as text, for messages.</summary>
    public virtual string RawRow()
    {
        var fields = new string[FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = Field(i).ToString();
        }

        return string.Join(",", fields);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the underlying streams.</summary>
    protected abstract void Dispose(bool disposing);
}
