using SegmentIQ.Analytics.Scheduling;

namespace SegmentIQ.Tests.Scheduling;

public sealed class ScheduleStoreTests : IDisposable
{
    private readonly ScheduleTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Add_NewSchedule_GetsAnIdAndIsListed()
    {
        var added = _bed.Store.Add(_bed.NewSchedule("Retail, weekly!") with { Cron = "  0   6 * * 1 " });

        Assert.StartsWith("retail-weekly-", added.Id, StringComparison.Ordinal);
        Assert.Equal("0 6 * * 1", added.Cron);
        var entry = Assert.Single(_bed.Store.List());
        Assert.Equal(added, entry.Schedule);
        Assert.Null(entry.LastRun);
        Assert.True(File.Exists(Path.Combine(_bed.Library.Root, ScheduleStore.FileName)));
    }

    [Fact]
    public void Add_FolderOutsideTheAllowedFolders_IsRefusedNamingTheField()
    {
        var store = new ScheduleStore(_bed.Library, [_bed.InputFolder]);

        var ex = Assert.Throws<InvalidScheduleException>(() => store.Add(_bed.NewSchedule()));

        Assert.Equal(nameof(ReportSchedule.OutputFolder), ex.ParamName);
        Assert.Contains("outside the folders schedules may use", ex.Message, StringComparison.Ordinal);
        Assert.Empty(store.List());
        var inside = new ScheduleStore(_bed.Library, [_bed.Root]).Add(_bed.NewSchedule());
        Assert.Equal(_bed.InputFolder, inside.InputFolder);
    }

    [Fact]
    public void Add_InvalidCron_ThrowsNamingCronAndStoresNothing()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => _bed.Store.Add(_bed.NewSchedule() with { Cron = "*/5 * * *" }));

        Assert.Equal(nameof(ReportSchedule.Cron), ex.ParamName);
        Assert.Empty(_bed.Store.List());
    }

    [Fact]
    public void NewStoreOverTheSameFolder_AfterRestart_SeesSchedulesAndLastRuns()
    {
        var first = _bed.Store.Add(_bed.NewSchedule("First"));
        var second = _bed.Store.Add(_bed.NewSchedule("Second") with { TimeZone = "Europe/Berlin", Enabled = false });
        var run = new ScheduledRun { Time = ScheduleTestBed.Start, ScheduleId = first.Id, AnalysisName = "Monthly RFM", Outcome = ScheduledRunOutcome.Failed, Reason = "No file." };
        Assert.True(_bed.Store.RecordRun(run));

        var restarted = new ScheduleStore(new AnalysisLibrary(_bed.Library.Root));

        var entries = restarted.List();
        Assert.Equal([first, second], entries.Select(e => e.Schedule));
        Assert.Equal(run, entries[0].LastRun);
        Assert.Null(entries[1].LastRun);
    }

    [Fact]
    public void SetEnabledAndDelete_ChangeOnlyThatSchedule()
    {
        var keep = _bed.Store.Add(_bed.NewSchedule("Keep"));
        var drop = _bed.Store.Add(_bed.NewSchedule("Drop"));
        var changes = 0;
        _bed.Store.Changed += () => changes++;

        Assert.True(_bed.Store.SetEnabled(keep.Id, false));
        Assert.True(_bed.Store.Delete(drop.Id));
        Assert.False(_bed.Store.Delete(drop.Id));

        var entry = Assert.Single(_bed.Store.List());
        Assert.Equal(keep with { Enabled = false }, entry.Schedule);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void RecordRun_OfADeletedSchedule_IsIgnored()
    {
        Assert.False(_bed.Store.RecordRun(new ScheduledRun { ScheduleId = "gone-12345678" }));
        Assert.Empty(_bed.Store.List());
    }

    [Fact]
    public void List_DamagedFile_ThrowsStoreExceptionNamingTheFile()
    {
        File.WriteAllText(_bed.Store.FilePath, "{ not json");

        var ex = Assert.Throws<ScheduleStoreException>(() => _bed.Store.List());

        Assert.Contains(ScheduleStore.FileName, ex.Message, StringComparison.Ordinal);
    }
}
