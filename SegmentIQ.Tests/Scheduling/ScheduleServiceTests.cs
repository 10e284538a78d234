using Microsoft.Extensions.Logging.Abstractions;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Scheduling;

public sealed class ScheduleServiceTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ScheduleTestBed _bed = new();
    private readonly ScheduleService _service;

    public ScheduleServiceTests() => _service = new ScheduleService(_bed.Store, _bed.Runner, _bed.Time, NullLogger<ScheduleService>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit stops the service here, then calls Dispose.
    public Task DisposeAsync() => _service.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        _service.Dispose();
        _bed.Dispose();
    }

    [Fact]
    public async Task EveryFiveMinutes_ClockAdvancedPastItsTime_RunsAndWritesTheReport()
    {
        _bed.AddInput(SampleCuts.Large, "retail.csv.gz");
        var schedule = _bed.Store.Add(_bed.NewSchedule());
        await _service.StartAsync(CancellationToken.None);
        await SleepingUntil(new DateTimeOffset(2025, 3, 3, 9, 5, 0, TimeSpan.Zero));
        Assert.Null(_bed.Store.Find(schedule.Id)!.LastRun);

        _bed.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(30));

        var run = await LastRun(schedule.Id);
        Assert.Equal(ScheduledRunOutcome.Succeeded, run.Outcome);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 5, 30, TimeSpan.Zero), run.Time);
        Assert.Equal(SampleCuts.Large.Customers, run.Customers);
        Assert.Equal(4, run.Segments);
        using (var package = new OfficeOpenXml.ExcelPackage(new FileInfo(run.ReportPath!)))
        {
            Assert.NotEmpty(package.Workbook.Worksheets);
        }

        var logged = Assert.Single(RunLog.Read(_bed.OutputFolder));
        Assert.Equal(SampleCuts.Large.Customers, logged.Customers);
        Assert.Equal(4, logged.Segments);
        await SleepingUntil(new DateTimeOffset(2025, 3, 3, 9, 10, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task FailingSchedule_DueAtTheSameTime_DoesNotStopTheOther()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");
        var broken = _bed.Store.Add(_bed.NewSchedule("Broken") with { InputFolder = Path.Combine(_bed.Root, "missing") });
        var working = _bed.Store.Add(_bed.NewSchedule("Working"));
        await _service.StartAsync(CancellationToken.None);
        await SleepingUntil(new DateTimeOffset(2025, 3, 3, 9, 5, 0, TimeSpan.Zero));

        _bed.Time.Advance(TimeSpan.FromMinutes(5));

        var good = await LastRun(working.Id);
        var bad = await LastRun(broken.Id);
        Assert.Equal(ScheduledRunOutcome.Succeeded, good.Outcome);
        Assert.Equal(ScheduledRunOutcome.Failed, bad.Outcome);
        Assert.Contains("missing", bad.Reason, StringComparison.Ordinal);
        Assert.Equal(2, RunLog.Read(_bed.OutputFolder).Count);
    }

    [Fact]
    public async Task ScheduleAddedWhileSleeping_IsPlannedWithoutARestart()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");
        await _service.StartAsync(CancellationToken.None);
        await SleepingUntil(ScheduleTestBed.Start + ScheduleService.MaxSleep);

        var schedule = _bed.Store.Add(_bed.NewSchedule() with { Cron = "30 9 * * *" });
        await SleepingUntil(new DateTimeOffset(2025, 3, 3, 9, 30, 0, TimeSpan.Zero));
        _bed.Time.Advance(TimeSpan.FromMinutes(29));

        Assert.Equal(ScheduledRunOutcome.Succeeded, (await LastRun(schedule.Id)).Outcome);
    }

    [Fact]
    public async Task DisabledSchedule_NeverFiresButRunsNow()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");
        var schedule = _bed.Store.Add(_bed.NewSchedule() with { Enabled = false });
        await _service.StartAsync(CancellationToken.None);
        await SleepingUntil(ScheduleTestBed.Start + ScheduleService.MaxSleep);
        Assert.Null(_bed.Store.Find(schedule.Id)!.LastRun);

        var run = await _service.RunNowAsync(schedule.Id);

        Assert.Equal(ScheduledRunOutcome.Succeeded, run!.Outcome);
        Assert.Equal(run, _bed.Store.Find(schedule.Id)!.LastRun);
        Assert.False(_service.IsRunning(schedule.Id));
        Assert.Null(await _service.RunNowAsync("no-such-schedule"));
    }

    private async Task SleepingUntil(DateTimeOffset expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (_service.SleepingUntil != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The service did not go to sleep until {expected:O} (it sleeps until {_service.SleepingUntil:O}).");
            await Task.Delay(20);
        }
    }

    private async Task<ScheduledRun> LastRun(string scheduleId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (_bed.Store.Find(scheduleId)?.LastRun is { } run)
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Schedule {scheduleId} did not run.");
            await Task.Delay(20);
        }
    }
}
