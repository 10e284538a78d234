namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// A data source that cannot be used: unreachable, missing, unreadable, or without the columns the analysis needs.
/// The message is written for the user (it names the source by its display name, the table and the column) and never
/// carries a connection string or a driver's exception text.
/// </summary>
public sealed class SourceException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public SourceException()
    {
    }

    /// <summary>Creates an exception with a message for the user.</summary>
    public SourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message for the user and the driver's exception as its cause (never shown).</summary>
    public SourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
