using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SegmentIQ.Analytics.Pipeline;

namespace SegmentIQ.Analytics.Scheduling;

/// <summary>A stored schedule and its most recent run (null before the first).</summary>
public sealed record ScheduleEntry(ReportSchedule Schedule, ScheduledRun? LastRun);

/// <summary>The schedules file could not be read or written; the message says which file and why.</summary>
public sealed class ScheduleStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The schedules of a library, with each one's last run, in <c>schedules.json</c> inside the library folder, so they
/// survive a restart. Every change is written atomically (a crash leaves the old file or the new one, never half of
/// one). The file is read on each call: it holds a few entries, and a second instance over the same folder (another
/// process, a restarted app) sees the same schedules. Thread-safe within a process.
/// </summary>
public sealed class ScheduleStore
{
    /// <summary>The store's file name inside the library folder.</summary>
    public const string FileName = "schedules.json";

    /// <summary>The format this version writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    private readonly Lock _gate = new();

    /// <summary>
    /// The schedules of <paramref name="library"/>. When <paramref name="allowedFolders"/> names folders, a schedule may
    /// only read from and write to folders inside them (the server's exchange folders), so nobody can point a schedule
    /// at the rest of the file system.
    /// </summary>
    public ScheduleStore(AnalysisLibrary library, IReadOnlyList<string>? allowedFolders = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        FilePath = library.FilePath(FileName);
        AllowedFolders = [.. (allowedFolders ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)))];
    }

    /// <summary>The folders schedules must stay inside (full paths); empty means any folder the process can reach.</summary>
    public IReadOnlyList<string> AllowedFolders { get; }

    /// <summary>Throws <see cref="InvalidScheduleException"/> when a folder of <paramref name="schedule"/> is outside <see cref="AllowedFolders"/>.</summary>
    public void CheckAllowed(ReportSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (AllowedFolders.Count == 0)
        {
            return;
        }

        var folders = new[] { (nameof(ReportSchedule.InputFolder), "Input folder", schedule.InputFolder), (nameof(ReportSchedule.OutputFolder), "Output folder", schedule.OutputFolder) };

        // A schedule over a source reads no input folder; the source catalog keeps its files inside the sources folder.
        foreach (var (field, label, folder) in schedule.Source is null ? folders : folders[1..])
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            if (!AllowedFolders.Any(root => full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                throw new InvalidScheduleException(field, $"{label} '{folder}' is outside the folders schedules may use ({string.Join(", ", AllowedFolders)}; setting SegmentIQ:ScheduleFolders).");
            }
        }
    }

    /// <summary>Raised after any change (a schedule added, changed or deleted, a run recorded), outside the store's lock.</summary>
    public event Action? Changed;

    /// <summary>Full path of <c>schedules.json</c>.</summary>
    public string FilePath { get; }

    private static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Every schedule in the order they were added.</summary>
    /// <exception cref="ScheduleStoreException">The file exists but cannot be read.</exception>
    public IReadOnlyList<ScheduleEntry> List()
    {
        lock (_gate)
        {
            return Load();
        }
    }

    /// <summary>The schedule <paramref name="id"/>, or null when there is none.</summary>
    /// <exception cref="ScheduleStoreException">The file exists but cannot be read.</exception>
    public ScheduleEntry? Find(string id) => List().FirstOrDefault(e => e.Schedule.Id == id);

    /// <summary>
    /// Adds <paramref name="schedule"/> under a new id (its name trimmed, its pattern and time zone defaulted when
    /// blank) and returns it as stored. Throws <see cref="InvalidScheduleException"/> naming a wrong field.
    /// </summary>
    public ReportSchedule Add(ReportSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ReportSchedule added;
        lock (_gate)
        {
            var entries = Load().ToList();
            added = Normalize(schedule) with { Id = NewId(schedule.Name, entries) };
            added.Validate();
            CheckAllowed(added);
            entries.Add(new ScheduleEntry(added, null));
            Save(entries);
        }

        Changed?.Invoke();
        return added;
    }

    /// <summary>Replaces the schedule with <paramref name="schedule"/>'s id, keeping its last run; null when there is none.</summary>
    public ReportSchedule? Update(ReportSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var updated = Normalize(schedule);
        updated.Validate();
        CheckAllowed(updated);
        if (!Change(updated.Id, entry => entry with { Schedule = updated }))
        {
            return null;
        }

        return updated;
    }

    /// <summary>Turns <paramref name="id"/> on or off; false when there is no such schedule.</summary>
    public bool SetEnabled(string id, bool enabled) => Change(id, entry => entry with { Schedule = entry.Schedule with { Enabled = enabled } });

    /// <summary>Deletes <paramref name="id"/>; false when there is no such schedule.</summary>
    public bool Delete(string id)
    {
        lock (_gate)
        {
            var entries = Load().ToList();
            if (entries.RemoveAll(e => e.Schedule.Id == id) == 0)
            {
                return false;
            }

            Save(entries);
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Records <paramref name="run"/> as its schedule's last run; false when the schedule was deleted meanwhile.</summary>
    public bool RecordRun(ScheduledRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Change(run.ScheduleId, entry => entry with { LastRun = run });
    }

    private bool Change(string id, Func<ScheduleEntry, ScheduleEntry> change)
    {
        lock (_gate)
        {
            var entries = Load().ToList();
            var index = entries.FindIndex(e => e.Schedule.Id == id);
            if (index < 0)
            {
                return false;
            }

            entries[index] = change(entries[index]);
            Save(entries);
        }

        Changed?.Invoke();
        return true;
    }

    private static ReportSchedule Normalize(ReportSchedule schedule) => schedule with
    {
        Name = (schedule.Name ?? "").Trim(),
        InputFolder = (schedule.InputFolder ?? "").Trim(),
        FilePattern = string.IsNullOrWhiteSpace(schedule.FilePattern) ? ReportSchedule.DefaultFilePattern : schedule.FilePattern.Trim(),
        Cron = string.Join(' ', (schedule.Cron ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
        TimeZone = string.IsNullOrWhiteSpace(schedule.TimeZone) ? ReportSchedule.DefaultTimeZone : schedule.TimeZone.Trim(),
        OutputFolder = (schedule.OutputFolder ?? "").Trim(),
    };

    private List<ScheduleEntry> Load()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(FilePath))
            {
                return [];
            }

            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScheduleStoreException($"The schedules file {FilePath} could not be read: {ex.Message}", ex);
        }

        try
        {
            var document = JsonSerializer.Deserialize<StoreDocument>(bytes, JsonOptions);
            if (document is null || document.FormatVersion != CurrentFormatVersion)
            {
                throw new ScheduleStoreException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The schedules file {FilePath} has format {document?.FormatVersion}; this version reads format {CurrentFormatVersion}. Move it aside to start afresh."));
            }

            return document.Schedules;
        }
        catch (JsonException ex)
        {
            throw new ScheduleStoreException($"The schedules file {FilePath} is not valid (line {ex.LineNumber + 1}); fix it or move it aside to start afresh.", ex);
        }
    }

    private void Save(List<ScheduleEntry> entries)
    {
        var document = new StoreDocument { Schedules = entries };
        try
        {
            AnalysisLibrary.WriteAtomically(FilePath, JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScheduleStoreException($"The schedules file {FilePath} could not be written: {ex.Message}", ex);
        }
    }

    private static string NewId(string? name, List<ScheduleEntry> existing)
    {
        var slug = new StringBuilder();
        foreach (var c in (name ?? "").ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 40)
            {
                break;
            }
        }

        var stem = slug.ToString().Trim('-');
        stem = stem.Length == 0 ? "schedule" : stem;
        while (true)
        {
            var id = $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";
            if (existing.TrueForAll(e => e.Schedule.Id != id))
            {
                return id;
            }
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class StoreDocument
    {
        public int FormatVersion { get; init; } = CurrentFormatVersion;

        public List<ScheduleEntry> Schedules { get; init; } = [];
    }
}
