namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// A file that cannot be read at all (empty, no header, not a workbook…). Recoverable problems of single lines are
/// reported as <see cref="ParseIssue"/>s instead. The derived types name the kind of problem
/// (<see cref="ReadLimitException"/>, <see cref="CompressedDataException"/>, <see cref="WorkbookFormatException"/>,
/// <see cref="DuplicateHeaderException"/>, <see cref="NoDataException"/>); every one carries file, line, column and value
/// where they are known, and its message is fit to show to the user.
/// </summary>
public class DataFileException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public DataFileException()
    {
        FileName = string.Empty;
    }

    /// <summary>Creates an exception with a message.</summary>
    public DataFileException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public DataFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
    }

    /// <summary>Creates an exception whose message names the file and, when known, line, column and value.</summary>
    public DataFileException(string fileName, string problem, long? line = null, string? column = null, string? value = null, Exception? innerException = null)
        : base(Compose(fileName, problem, line, column, value), innerException)
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Value = value;
    }

    /// <summary>The file that could not be read.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line (or sheet row), when relevant.</summary>
    public long? Line { get; }

    /// <summary>The column, when relevant.</summary>
    public string? Column { get; }

    /// <summary>The offending value, when relevant (shortened to 60 characters).</summary>
    public string? Value { get; }

    private static string Compose(string fileName, string problem, long? line, string? column, string? value)
    {
        value = value is { Length: > 60 } ? value[..57] + "…" : value;
        var where = line is null ? string.Empty : $" line {line}";
        where += column is null ? string.Empty : $", column '{column}'";
        where += value is null ? string.Empty : $", value '{value}'";
        return where.Length == 0 ? $"{fileName}: {problem}" : $"{fileName} ({where.TrimStart(' ', ',')}): {problem}";
    }
}

/// <summary>A file passed one of the <see cref="ReaderLimits"/>; <see cref="Limit"/> names the setting.</summary>
public sealed class ReadLimitException(string fileName, string limit, long allowed, string what, long? line = null, string? column = null)
    : DataFileException(fileName, $"{what} is above the limit of {allowed:N0} (setting SegmentIQ:ReaderLimits:{limit}); reading stopped there.", line, column)
{
    /// <summary>The name of the <see cref="ReaderLimits"/> property that was passed.</summary>
    public string Limit { get; } = limit;

    /// <summary>The configured limit.</summary>
    public long Allowed { get; } = allowed;
}

/// <summary>A gzip stream that is damaged, truncated or not gzip at all.</summary>
public sealed class CompressedDataException(string fileName, string problem, long? line, Exception? innerException)
    : DataFileException(fileName, problem, line, innerException: innerException);

/// <summary>An <c>.xlsx</c> file whose zip container or XML parts cannot be read.</summary>
public sealed class WorkbookFormatException(string fileName, string problem, long? line = null, string? column = null, string? value = null, Exception? innerException = null)
    : DataFileException(fileName, problem, line, column, value, innerException);

/// <summary>Two columns share a header name, so a column cannot be told apart by its name.</summary>
public sealed class DuplicateHeaderException(string fileName, string header, int firstColumn, int secondColumn)
    : DataFileException(fileName, $"the header names '{header}' twice (columns {firstColumn} and {secondColumn}); rename one of them.", 1, header, header)
{
    /// <summary>The repeated name.</summary>
    public string Header { get; } = header;
}

/// <summary>A file with nothing to read: empty, only a byte-order mark, only separators or only blank lines.</summary>
public sealed class NoDataException(string fileName, string problem)
    : DataFileException(fileName, problem, 1);
