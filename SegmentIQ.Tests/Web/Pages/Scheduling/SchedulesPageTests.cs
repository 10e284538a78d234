using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Tests.Scheduling;
using SegmentIQ.Web;
using SegmentIQ.Web.Components.Pages.Schedules;

namespace SegmentIQ.Tests.Web.Pages.Scheduling;

public sealed class SchedulesPageTests : SegmentIqBunitContext
{
    private readonly ScheduleTestBed _bed = new();

    public SchedulesPageTests()
    {
        Services.AddSingleton(_bed.Library);
        Services.AddSingleton<TimeProvider>(_bed.Time);
        Services.AddSegmentIqSchedules();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _bed.Dispose();
    }

    [Fact]
    public void CreateForm_CompleteSchedule_ListsItWithItsNextRun()
    {
        var cut = Render<SchedulesPage>();
        Assert.Empty(cut.FindAll("[data-testid=schedule-row]"));

        Type(cut, "schedule-input-folder", _bed.InputFolder);
        Type(cut, "schedule-pattern", "*.csv.gz");
        Type(cut, "schedule-cron", "*/5 * * * *");
        Type(cut, "schedule-output-folder", _bed.OutputFolder);
        cut.WaitForAssertion(() => Assert.Contains("Mon 3 Mar 2025 09:05 · Mon 3 Mar 2025 09:10 · Mon 3 Mar 2025 09:15 (UTC)", cut.Find("[data-testid=cron-preview]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=schedule-create]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=schedule-row]")));
        Assert.Contains("Schedule 'Monthly RFM' created", cut.Find("[data-testid=schedule-created]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Monthly RFM", cut.Find("[data-testid=schedule-row-name]").TextContent.Trim());
        Assert.Equal("Mon 3 Mar 2025 09:05 (in 4 min)", cut.Find("[data-testid=schedule-row-next]").TextContent.Trim());
        Assert.Contains("not run yet", cut.Find("[data-testid=schedule-row-outcome]").TextContent, StringComparison.Ordinal);
        var stored = Assert.Single(_bed.Store.List()).Schedule;
        Assert.Equal((_bed.Analysis.Id, _bed.InputFolder, "*.csv.gz", "*/5 * * * *", "UTC", _bed.OutputFolder), (stored.AnalysisId, stored.InputFolder, stored.FilePattern, stored.Cron, stored.TimeZone, stored.OutputFolder));
    }

    [Fact]
    public void Cron_Invalid_ShowsWhatIsWrongAndCreatesNothing()
    {
        var cut = Render<SchedulesPage>();
        Type(cut, "schedule-input-folder", _bed.InputFolder);
        Type(cut, "schedule-output-folder", _bed.OutputFolder);

        Type(cut, "schedule-cron", "61 * * * *");

        cut.WaitForAssertion(() => Assert.Contains("Cron '61 * * * *' is not a valid schedule: the minute must be a number between 0 and 59.", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=cron-preview]"));
        cut.Find("[data-testid=schedule-create]").Click();
        cut.WaitForAssertion(() => Assert.Contains("between 0 and 59", cut.Find("[data-testid=schedule-form-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_bed.Store.List());
        Assert.DoesNotContain("Exception", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void RunNow_ScheduleWithMissingFolder_ShowsFailedAndTheReason()
    {
        var missing = Path.Combine(_bed.Root, "missing");
        _bed.Store.Add(_bed.NewSchedule("Broken") with { InputFolder = missing });
        var cut = Render<SchedulesPage>();

        cut.Find("[data-testid=schedule-run-now]").Click();

        cut.WaitForAssertion(() => Assert.Contains(missing, cut.Find("[data-testid=schedule-row-reason]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Failed", cut.Find("[data-testid=schedule-row-outcome]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteAndDisable_FromTheTable_ChangeTheStore()
    {
        var keep = _bed.Store.Add(_bed.NewSchedule("Keep"));
        _bed.Store.Add(_bed.NewSchedule("Drop"));
        var cut = Render<SchedulesPage>();
        Assert.Equal(2, cut.FindAll("[data-testid=schedule-row]").Count);

        cut.FindAll("[data-testid=schedule-delete]")[1].Click();
        cut.Find("[data-testid=schedule-delete-confirm]").Click();
        var toggle = cut.FindComponents<MudSwitch<bool>>().Single(s => TestId(s.Instance.UserAttributes) == "schedule-enabled-toggle");
        cut.InvokeAsync(() => toggle.Instance.ValueChanged.InvokeAsync(false));

        cut.WaitForAssertion(() => Assert.Equal("off", cut.Find("[data-testid=schedule-row-next]").TextContent.Trim()));
        var entry = Assert.Single(_bed.Store.List());
        Assert.Equal(keep.Id, entry.Schedule.Id);
        Assert.False(entry.Schedule.Enabled);
    }

    [Fact]
    public void EmptyLibrary_SaysHowToSaveAnAnalysis()
    {
        Assert.True(_bed.Library.Delete(_bed.Analysis.Id));

        var cut = Render<SchedulesPage>();

        Assert.Contains("Segments", cut.Find("[data-testid=schedules-no-analyses]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=schedule-create]"));
    }

    /// <summary>Sets a text field as the user's typing would (through its value callback; debouncing is MudBlazor's).</summary>
    private static void Type(IRenderedComponent<SchedulesPage> cut, string testId, string value)
    {
        var field = cut.FindComponents<MudTextField<string>>().Single(f => TestId(f.Instance.UserAttributes) == testId);
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }

    private static string? TestId(IDictionary<string, object?> attributes) =>
        attributes.TryGetValue("data-testid", out var id) ? id as string : null;
}
