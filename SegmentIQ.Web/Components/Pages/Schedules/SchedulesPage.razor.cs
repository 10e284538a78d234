using System.Globalization;
using Microsoft.AspNetCore.Components;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Components.Pages.Schedules;

/// <summary>
/// The Schedules page: a form that creates a scheduled report (saved analysis, input folder and pattern, cron with a
/// preview of its next runs, time zone, output folder) and a table of schedules with their next and last runs, "Run
/// now", on/off and delete. The page only edits the <see cref="ScheduleStore"/>; <see cref="ScheduleService"/> runs them.
/// </summary>
public partial class SchedulesPage : IDisposable
{
    private const int PreviewCount = 3;

    private IReadOnlyList<LibraryEntry> _analyses = [];
    private IReadOnlyList<string> _libraryProblems = [];
    private IReadOnlyList<Row> _rows = [];
    private IReadOnlyList<string> _preview = [];
    private ScheduleForm _form = new();
    private string? _storeProblem;
    private string? _cronError;
    private string? _formError;
    private string? _formErrorField;
    private string? _created;
    private string? _confirmDelete;

    [Inject] private ScheduleStore Store { get; set; } = null!;

    [Inject] private ScheduleService Service { get; set; } = null!;

    [Inject] private AnalysisLibrary Library { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    private string SelectedAnalysisName => _analyses.FirstOrDefault(a => a.Id == _form.AnalysisId)?.Name ?? "";

    /// <summary>The source the chosen analysis names, which a schedule may read instead of an input folder.</summary>
    private Analytics.Sources.SourceReference? SelectedSource => _analyses.FirstOrDefault(a => a.Id == _form.AnalysisId)?.Definition.Source;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        Store.Changed += OnChanged;
        Service.RunningChanged += OnChanged;
        LoadAnalyses();
        _form.AnalysisId = _analyses.Count > 0 ? _analyses[0].Id : "";
        Reload();
        UpdatePreview();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Changed -= OnChanged;
        Service.RunningChanged -= OnChanged;
        GC.SuppressFinalize(this);
    }

    /// <summary>A time as people read it here: "Mon 3 Mar 2025 09:05", on the zone's clock.</summary>
    internal static string FormatTime(DateTimeOffset time) => time.ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"in 4 min", "in 3 h", "in 2 days".</summary>
    internal static string Until(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "in under a minute",
        { TotalMinutes: < 90 } => string.Create(CultureInfo.InvariantCulture, $"in {Math.Ceiling(span.TotalMinutes):0} min"),
        { TotalHours: < 36 } => string.Create(CultureInfo.InvariantCulture, $"in {Math.Round(span.TotalHours):0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"in {Math.Round(span.TotalDays):0} days"),
    };

    private static string RunSummary(ScheduledRun run) => string.Create(
        CultureInfo.InvariantCulture,
        $"{run.Source ?? Path.GetFileName(run.File)}: {Shared.Format.Count(run.Customers ?? 0)} customers, {run.Segments} segments → {Path.GetFileName(run.ReportPath)}");

    private void OnChanged() => _ = InvokeAsync(() =>
    {
        Reload();
        StateHasChanged();
    });

    private void LoadAnalyses()
    {
        _analyses = Library.List(out var problems);
        _libraryProblems = problems;
    }

    private void Reload()
    {
        IReadOnlyList<ScheduleEntry> entries;
        try
        {
            entries = Store.List();
            _storeProblem = null;
        }
        catch (ScheduleStoreException ex)
        {
            _storeProblem = ex.Message;
            entries = [];
        }

        var names = _analyses.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        var now = Time.GetUtcNow();
        _rows = [.. entries.Select(e => new Row(e, names.GetValueOrDefault(e.Schedule.AnalysisId), NextText(e.Schedule, now), LastText(e)))];
    }

    private static string NextText(ReportSchedule schedule, DateTimeOffset now)
    {
        if (!schedule.Enabled)
        {
            return "off";
        }

        try
        {
            return schedule.Times().Next(now) is { } next ? $"{FormatTime(next)} ({Until(next - now)})" : "never";
        }
        catch (InvalidScheduleException ex)
        {
            return ex.Message;
        }
    }

    private static string LastText(ScheduleEntry entry)
    {
        if (entry.LastRun is not { } run)
        {
            return "–";
        }

        try
        {
            return FormatTime(TimeZoneInfo.ConvertTime(run.Time, entry.Schedule.Times().Zone));
        }
        catch (InvalidScheduleException)
        {
            return FormatTime(run.Time) + " UTC";
        }
    }

    private void OnAnalysisChanged(string analysisId)
    {
        _form.AnalysisId = analysisId;
        ClearFieldError(nameof(ReportSchedule.AnalysisId));
    }

    private void OnCronChanged(string? cron)
    {
        _form.Cron = cron ?? "";
        UpdatePreview();
    }

    private void OnTimeZoneChanged(string? timeZone)
    {
        _form.TimeZone = string.IsNullOrWhiteSpace(timeZone) ? ReportSchedule.DefaultTimeZone : timeZone;
        ClearFieldError(nameof(ReportSchedule.TimeZone));
        UpdatePreview();
    }

    /// <summary>The next runs of the cron being typed, or why it cannot run.</summary>
    private void UpdatePreview()
    {
        ClearFieldError(nameof(ReportSchedule.Cron));
        try
        {
            var times = CronTimes.Parse(_form.Cron, _form.TimeZone);
            _preview = [.. times.Next(Time.GetUtcNow(), PreviewCount).Select(FormatTime)];
            if (_preview.Count > 0)
            {
                _preview = [.. _preview.Take(_preview.Count - 1), $"{_preview[^1]} ({times.Zone.Id})"];
            }

            _cronError = null;
        }
        catch (InvalidScheduleException ex)
        {
            _preview = [];
            _cronError = ex.ParamName == nameof(ReportSchedule.Cron) ? ex.Message : null;
        }
    }

    private Task<IEnumerable<string>> SearchTimeZones(string? text, CancellationToken cancellationToken)
    {
        var zones = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Prepend(ReportSchedule.DefaultTimeZone).Distinct(StringComparer.Ordinal);
        var matches = string.IsNullOrWhiteSpace(text) || text == _form.TimeZone
            ? zones
            : zones.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(matches);
    }

    private void Create()
    {
        _created = null;
        _formError = null;
        _formErrorField = null;
        var schedule = _form.ToSchedule(SelectedAnalysisName, SelectedSource);
        try
        {
            var added = Store.Add(schedule);
            var next = added.Times().Next(Time.GetUtcNow());
            _created = $"Schedule '{added.Name}' created."
                + (added.Enabled && next is { } n ? $" Its first run is {FormatTime(n)} ({added.Times().Zone.Id})." : " It is off until you turn it on.")
                + (Directory.Exists(added.InputFolder) ? "" : $" The input folder {added.InputFolder} does not exist yet; runs fail until it does.");
            _form = new ScheduleForm { AnalysisId = _form.AnalysisId, Cron = _form.Cron, TimeZone = _form.TimeZone };
            UpdatePreview();
            Reload();
        }
        catch (InvalidScheduleException ex)
        {
            _formError = ex.Message;
            _formErrorField = ex.ParamName;
            if (ex.ParamName == nameof(ReportSchedule.Cron))
            {
                _cronError = ex.Message;
            }
        }
        catch (ScheduleStoreException ex)
        {
            _formError = ex.Message;
        }
    }

    private async Task RunNow(string scheduleId)
    {
        try
        {
            // The run lands in the store, whose change notice refreshes the table.
            await Service.RunNowAsync(scheduleId);
        }
        catch (ScheduleStoreException ex)
        {
            _storeProblem = ex.Message;
        }
    }

    private void SetEnabled(string scheduleId, bool enabled) => Guard(() => Store.SetEnabled(scheduleId, enabled));

    private void Delete(string scheduleId)
    {
        _confirmDelete = null;
        Guard(() => Store.Delete(scheduleId));
    }

    private void Guard(Func<bool> change)
    {
        try
        {
            change();
        }
        catch (ScheduleStoreException ex)
        {
            _storeProblem = ex.Message;
        }
    }

    private bool HasError(string field) => _formErrorField == field;

    private string? ErrorOf(string field) => _formErrorField == field ? _formError : null;

    private void ClearFieldError(string field)
    {
        if (_formErrorField == field)
        {
            _formErrorField = null;
            _formError = null;
        }
    }

    /// <summary>One table row: the schedule, its analysis's name (null when deleted) and its times as text.</summary>
    private sealed record Row(ScheduleEntry Entry, string? AnalysisName, string Next, string Last);

    /// <summary>What the form holds while it is being filled in.</summary>
    private sealed class ScheduleForm
    {
        public string AnalysisId { get; set; } = "";

        public string Name { get; set; } = "";

        public string InputFolder { get; set; } = "";

        public string FilePattern { get; set; } = ReportSchedule.DefaultFilePattern;

        public string Cron { get; set; } = "0 6 * * 1";

        public string TimeZone { get; set; } = ReportSchedule.DefaultTimeZone;

        public string OutputFolder { get; set; } = "";

        public bool Enabled { get; set; } = true;

        /// <summary>Read the analysis's source (when it names one) instead of an input folder.</summary>
        public bool UseSource { get; set; } = true;

        public ReportSchedule ToSchedule(string analysisName, Analytics.Sources.SourceReference? source) => new()
        {
            Source = UseSource ? source : null,
            Name = string.IsNullOrWhiteSpace(Name) ? analysisName : Name,
            AnalysisId = AnalysisId,
            InputFolder = InputFolder ?? "",
            FilePattern = FilePattern ?? "",
            Cron = Cron ?? "",
            TimeZone = TimeZone ?? "",
            OutputFolder = OutputFolder ?? "",
            Enabled = Enabled,
        };
    }
}
