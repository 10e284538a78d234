namespace SegmentIQ.Analytics.Temporal;

/// <summary>The data cannot support a segments-over-time analysis (no dates, reference snapshot out of range…); the message says why.</summary>
public sealed class TemporalDataException(string message) : Exception(message);
