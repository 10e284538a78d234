using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Scheduling;

/// <summary>
/// A scheduled report: at each time of <see cref="Cron"/> (read in <see cref="TimeZone"/>) the saved analysis
/// <see cref="AnalysisId"/> re-runs on the newest file in <see cref="InputFolder"/> matching <see cref="FilePattern"/>,
/// or, when it names a <see cref="Source"/>, on that source aggregated again at run time; the Excel report goes to
/// <see cref="OutputFolder"/> beside a log of every run.
/// </summary>
public sealed record ReportSchedule
{
    /// <summary>The file pattern when none is given: every file.</summary>
    public const string DefaultFilePattern = "*";

    /// <summary>The time zone when none is given.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>Longest name accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Its id (lower-case letters, digits and dashes); the store assigns one to a new schedule.</summary>
    public string Id { get; init; } = "";

    /// <summary>A name the user gave it.</summary>
    public string Name { get; init; } = "";

    /// <summary>The id of the saved analysis it runs (see <see cref="AnalysisLibrary"/>).</summary>
    public string AnalysisId { get; init; } = "";

    /// <summary>
    /// The source it reads instead of an input folder (DuckDB files under the sources folder, a configured connection's
    /// table), aggregated again at each run so the report reflects the current data; null to read files.
    /// </summary>
    public SourceReference? Source { get; init; }

    /// <summary>The folder (full path) where new data files arrive (not used when <see cref="Source"/> is set).</summary>
    public string InputFolder { get; init; } = "";

    /// <summary>Which files of the input folder count (<c>*</c> and <c>?</c> wildcards, e.g. <c>*.csv.gz</c>); the newest one is used.</summary>
    public string FilePattern { get; init; } = DefaultFilePattern;

    /// <summary>When it runs: a five-field cron expression (minute, hour, day of month, month, day of week).</summary>
    public string Cron { get; init; } = "";

    /// <summary>The time zone <see cref="Cron"/> is read in (IANA id such as <c>Europe/Berlin</c>); UTC by default.</summary>
    public string TimeZone { get; init; } = DefaultTimeZone;

    /// <summary>The folder (full path) the reports and the run log are written to; created when missing.</summary>
    public string OutputFolder { get; init; } = "";

    /// <summary>False pauses it; "Run now" still works.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Throws <see cref="InvalidScheduleException"/> naming the first field that is wrong and what is allowed.</summary>
    public void Validate()
    {
        if (!AnalysisLibrary.IsValidId(Id))
        {
            throw new InvalidScheduleException(nameof(Id), $"Id '{Id}' must be lower-case letters, digits and dashes (at most 80).");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > MaxNameLength)
        {
            throw new InvalidScheduleException(nameof(Name), $"Name must be between 1 and {MaxNameLength} characters.");
        }

        if (!AnalysisLibrary.IsValidId(AnalysisId))
        {
            throw new InvalidScheduleException(nameof(AnalysisId), "Choose the saved analysis to run.");
        }

        if (Source is { } source)
        {
            try
            {
                source.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new InvalidScheduleException(nameof(Source), $"Source '{source.DisplayName}': {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal)}");
            }
        }
        else
        {
            CheckFolder(nameof(InputFolder), "Input folder", InputFolder);
            CheckPattern();
        }

        _ = Times();
        CheckFolder(nameof(OutputFolder), "Output folder", OutputFolder);
    }

    /// <summary>Its run times (throws <see cref="InvalidScheduleException"/> for a bad cron expression or time zone).</summary>
    public CronTimes Times() => CronTimes.Parse(Cron, TimeZone);

    private static void CheckFolder(string field, string label, string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new InvalidScheduleException(field, $"{label} is empty; give the folder's full path, e.g. /srv/exports.");
        }

        if (folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || !Path.IsPathFullyQualified(folder))
        {
            throw new InvalidScheduleException(field, $"{label} '{folder}' must be a full path on the server, e.g. /srv/exports.");
        }
    }

    private void CheckPattern()
    {
        var pattern = FilePattern ?? "";
        if (pattern.Trim().Length == 0)
        {
            throw new InvalidScheduleException(nameof(FilePattern), $"File pattern is empty; use {DefaultFilePattern} for every file or e.g. *.csv.gz.");
        }

        var withoutWildcards = pattern.Replace("*", "", StringComparison.Ordinal).Replace("?", "", StringComparison.Ordinal);
        if (pattern.Contains('/', StringComparison.Ordinal) || pattern.Contains('\\', StringComparison.Ordinal) || pattern.Contains("..", StringComparison.Ordinal)
            || withoutWildcards.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new InvalidScheduleException(nameof(FilePattern), $"File pattern '{pattern}' must be a file name with * or ? wildcards (e.g. *.csv.gz), not a path.");
        }
    }
}
