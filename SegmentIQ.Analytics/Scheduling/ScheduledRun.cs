namespace SegmentIQ.Analytics.Scheduling;

/// <summary>How a scheduled run ended.</summary>
public enum ScheduledRunOutcome
{
    /// <summary>The report was written.</summary>
    Succeeded,

    /// <summary>No report; <see cref="ScheduledRun.Reason"/> says why.</summary>
    Failed,
}

/// <summary>One run of a <see cref="ReportSchedule"/>: what it read, what it found and where the report went, or why it failed.</summary>
public sealed record ScheduledRun
{
    /// <summary>When it started (UTC).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The schedule that ran.</summary>
    public string ScheduleId { get; init; } = "";

    /// <summary>The saved analysis's name (its id when it could not be found).</summary>
    public string AnalysisName { get; init; } = "";

    /// <summary>The source read (its name, never a connection string); null for a run on a file.</summary>
    public string? Source { get; init; }

    /// <summary>Full path of the data file used; null when none was found (or the run read a source).</summary>
    public string? File { get; init; }

    /// <summary>Lower-case hex SHA-256 of the data file (for a source: the identity of what it returned); null when it was not read.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Customers segmented; null when the analysis did not run.</summary>
    public int? Customers { get; init; }

    /// <summary>Segments found; null when the analysis did not run.</summary>
    public int? Segments { get; init; }

    /// <summary>How long the run took, in milliseconds.</summary>
    public long DurationMs { get; init; }

    /// <summary>How it ended.</summary>
    public ScheduledRunOutcome Outcome { get; init; }

    /// <summary>Why it failed (null when it succeeded).</summary>
    public string? Reason { get; init; }

    /// <summary>Full path of the Excel report; null when none was written.</summary>
    public string? ReportPath { get; init; }
}
