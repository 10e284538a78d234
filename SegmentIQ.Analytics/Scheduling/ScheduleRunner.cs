using System.Globalization;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Analytics.Scheduling;

/// <summary>
/// Runs one <see cref="ReportSchedule"/> once: the newest matching file of its input folder (or its source, aggregated
/// again where the data lives) goes through the saved analysis (<see cref="AnalysisRunner"/> with
/// <see cref="DataPolicy.NewData"/>, the same pipeline the pages use),
/// the Excel report is written to the output folder as <c>{analysis-name}-{yyyyMMdd-HHmmss}.xlsx</c> (the start time
/// on the schedule's clock), one line goes to <see cref="RunLog"/> and the run becomes the schedule's last run in the
/// <see cref="ScheduleStore"/>. Every problem (missing folder, no file, deleted analysis, unreadable data, unwritable
/// output) becomes a <see cref="ScheduledRunOutcome.Failed"/> run with its reason; nothing is thrown, so one broken
/// schedule never stops the others.
/// </summary>
public sealed class ScheduleRunner
{
    private readonly AnalysisLibrary _library;
    private readonly AnalysisPipeline _pipeline;
    private readonly ScheduleStore _store;
    private readonly TimeProvider _time;
    private readonly SourceCatalog? _sources;

    /// <summary>
    /// A runner over the library's analyses and schedules, timing and naming reports by <paramref name="timeProvider"/>;
    /// schedules that name a source resolve it in <paramref name="sources"/> (null: no sources are configured).
    /// </summary>
    public ScheduleRunner(AnalysisLibrary library, AnalysisPipeline pipeline, ScheduleStore store, TimeProvider timeProvider, SourceCatalog? sources = null)
    {
        _sources = sources;
        _library = library ?? throw new ArgumentNullException(nameof(library));
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>
    /// Runs <paramref name="schedule"/> now and returns the run (also logged and stored). Only cancellation of
    /// <paramref name="cancellationToken"/> (the app shutting down) ends it with <see cref="OperationCanceledException"/>;
    /// that run is neither logged nor stored.
    /// </summary>
    public ScheduledRun RunOnce(ReportSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var started = _time.GetUtcNow();
        var timestamp = _time.GetTimestamp();
        var run = new ScheduledRun { Time = started, ScheduleId = schedule.Id, AnalysisName = schedule.AnalysisId };
        try
        {
            run = Execute(schedule, run, started, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Last resort: whatever the engine did not foresee still ends as a failed run, not a stopped scheduler.
            run = Fail(run, $"SegmentIQ hit an unexpected problem: {ex.Message}");
        }

        run = run with { DurationMs = (long)_time.GetElapsedTime(timestamp).TotalMilliseconds };
        Log(schedule, ref run);
        try
        {
            _store.RecordRun(run);
        }
        catch (ScheduleStoreException)
        {
            // The run log still has it; the page shows the store's problem when it next reads it.
        }

        return run;
    }

    private ScheduledRun Execute(ReportSchedule schedule, ScheduledRun run, DateTimeOffset started, CancellationToken cancellationToken)
    {
        try
        {
            schedule.Validate();
            _store.CheckAllowed(schedule);
        }
        catch (InvalidScheduleException ex)
        {
            return Fail(run, ex.Message);
        }

        LibraryEntry? entry;
        try
        {
            entry = _library.Find(schedule.AnalysisId);
        }
        catch (Exception ex) when (ex is AnalysisDefinitionException or IOException or UnauthorizedAccessException)
        {
            return Fail(run, $"The saved analysis '{schedule.AnalysisId}' cannot be read: {ex.Message}");
        }

        if (entry is null)
        {
            return Fail(run, $"The saved analysis '{schedule.AnalysisId}' is no longer in the library (it was deleted); choose another analysis for this schedule.");
        }

        var analysisName = entry.Name.Length == 0 ? entry.Id : entry.Name;
        run = run with { AnalysisName = analysisName };
        if (schedule.Source is { } reference)
        {
            return ExecuteOnSource(schedule, entry, reference, run, started, cancellationToken);
        }

        if (!Directory.Exists(schedule.InputFolder))
        {
            return Fail(run, $"The input folder {schedule.InputFolder} does not exist (or this server may not open it).");
        }

        string? file;
        try
        {
            file = NewestFile(schedule.InputFolder, schedule.FilePattern);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(run, $"The input folder {schedule.InputFolder} cannot be listed: {ex.Message}");
        }

        if (file is null)
        {
            return Fail(run, $"No file in {schedule.InputFolder} matches '{schedule.FilePattern}'.");
        }

        run = run with { File = file };
        var fileName = Path.GetFileName(file);
        string sha256;
        try
        {
            sha256 = HashingFileCopy.Sha256Of(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(run, $"{fileName} cannot be read: {ex.Message}");
        }

        run = run with { Sha256 = sha256 };
        if (EnsureFolder(schedule.OutputFolder) is { } folderProblem)
        {
            return Fail(run, folderProblem);
        }

        AnalysisRunOutcome outcome;
        try
        {
            outcome = AnalysisRunner.Run(_pipeline, entry.Definition, file, fileName, sha256, DataPolicy.NewData, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(run, $"{fileName} cannot be read: {ex.Message}");
        }

        if (outcome.Run is not { } analysis)
        {
            return Fail(run, outcome.Error ?? $"{fileName} could not be analysed.");
        }

        return WriteReport(schedule, analysis, analysisName, run, started, cancellationToken);
    }

    /// <summary>
    /// The run of a schedule that names a source: the source is resolved in the configured catalog and aggregated
    /// again now, with the schedule's column mapping (or the saved analysis's when the schedule gives none) and the
    /// analysis's cleaning. An unconfigured connection, a file gone or an unreachable server fails the run with a
    /// message naming the source.
    /// </summary>
    private ScheduledRun ExecuteOnSource(ReportSchedule schedule, LibraryEntry entry, SourceReference reference, ScheduledRun run, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var analysisName = run.AnalysisName;
        run = run with { Source = reference.DisplayName };
        if (_sources is null)
        {
            return Fail(run, $"{reference.DisplayName}: this server has no sources configured (SegmentIQ:Sources and ConnectionStrings), so the schedule cannot read it.");
        }

        ITransactionSource source;
        try
        {
            source = _sources.Open(reference);
        }
        catch (SourceException ex)
        {
            return Fail(run, ex.Message);
        }

        if (EnsureFolder(schedule.OutputFolder) is { } folderProblem)
        {
            return Fail(run, folderProblem);
        }

        var saved = entry.Definition;
        var definition = saved with { Source = reference with { Mapping = reference.Mapping ?? saved.Source?.Mapping } };
        var outcome = AnalysisRunner.RunSourceAsync(_pipeline, definition, source, null, cancellationToken).GetAwaiter().GetResult();
        if (outcome.Run is not { } analysis)
        {
            return Fail(run, outcome.Error ?? $"{reference.DisplayName} could not be analysed.");
        }

        run = run with { Sha256 = analysis.Dataset.Sha256 };
        return WriteReport(schedule, analysis, analysisName, run, started, cancellationToken);
    }

    private static ScheduledRun WriteReport(ReportSchedule schedule, AnalysisRun analysis, string analysisName, ScheduledRun run, DateTimeOffset started, CancellationToken cancellationToken)
    {
        run = run with { Customers = analysis.Dataset.Features.Count, Segments = analysis.Segmentation.NumberOfClusters };
        var workbook = ReportBuilder.BuildWorkbook(analysis.Report, null, cancellationToken);
        var local = TimeZoneInfo.ConvertTime(started, schedule.Times().Zone);
        try
        {
            var path = ReportPath(schedule.OutputFolder, analysisName, local);
            AnalysisLibrary.WriteAtomically(path, workbook.Content);
            return run with { Outcome = ScheduledRunOutcome.Succeeded, ReportPath = path };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(run, $"The report could not be written to {schedule.OutputFolder}: {ex.Message}");
        }
    }

    /// <summary>Appends the run to the output folder's log when it is writable; a run that cannot be logged says so in its reason.</summary>
    private static void Log(ReportSchedule schedule, ref ScheduledRun run)
    {
        if (string.IsNullOrWhiteSpace(schedule.OutputFolder) || !Path.IsPathFullyQualified(schedule.OutputFolder) || EnsureFolder(schedule.OutputFolder) is not null)
        {
            return;
        }

        try
        {
            RunLog.Append(schedule.OutputFolder, run);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var problem = $"the run log {RunLog.PathIn(schedule.OutputFolder)} could not be appended: {ex.Message}";
            run = run.Outcome == ScheduledRunOutcome.Failed
                ? run with { Reason = $"{run.Reason} Also, {problem}" }
                : run with { Reason = "The report was written, but " + problem };
        }
    }

    /// <summary>The newest file (by last write time, then name) matching <paramref name="pattern"/>; temporary <c>.part</c> files are skipped.</summary>
    internal static string? NewestFile(string folder, string pattern) =>
        new DirectoryInfo(folder)
            .EnumerateFiles(pattern, new EnumerationOptions { MatchCasing = MatchCasing.PlatformDefault, IgnoreInaccessible = true, RecurseSubdirectories = false })
            .Where(f => !f.Name.EndsWith(".part", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .FirstOrDefault()?.FullName;

    /// <summary><c>{analysis-name}-{yyyyMMdd-HHmmss}.xlsx</c> in <paramref name="folder"/>, with -2, -3… when that name is taken.</summary>
    internal static string ReportPath(string folder, string analysisName, DateTimeOffset localTime)
    {
        var stem = ReportBuilder.FileName(analysisName, localTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture), "xlsx")[..^".xlsx".Length];
        var path = Path.Combine(folder, stem + ".xlsx");
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.xlsx"));
        }

        return path;
    }

    private static string? EnsureFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"The output folder {folder} cannot be created or written: {ex.Message}";
        }
    }

    private static ScheduledRun Fail(ScheduledRun run, string reason) => run with { Outcome = ScheduledRunOutcome.Failed, Reason = reason };
}
