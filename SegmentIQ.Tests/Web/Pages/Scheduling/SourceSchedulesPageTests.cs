using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Scheduling;
using SegmentIQ.Web;
using SegmentIQ.Web.Components.Pages.Schedules;

namespace SegmentIQ.Tests.Web.Pages.Scheduling;

/// <summary>The Schedules page for an analysis that names a source: the schedule reads the source, not an input folder.</summary>
public sealed class SourceSchedulesPageTests : SegmentIqBunitContext
{
    private readonly ScheduleTestBed _bed = new();
    private readonly LibraryEntry _fromSource;

    public SourceSchedulesPageTests()
    {
        Services.AddSingleton(_bed.Library);
        Services.AddSingleton<TimeProvider>(_bed.Time);
        Services.AddSegmentIqSchedules();
        var source = SourceReference.ForFiles("exports/no-such-lines.csv");
        _fromSource = _bed.Library.Save(
            _bed.Analysis.Definition with { Name = "Weekly warehouse", Source = source, Data = new DataReference { FileName = source.DisplayName, Sha256 = new string('e', 64) } }, null);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _bed.Dispose();
    }

    [Fact]
    public void Create_ForAnAnalysisNamingASource_StoresTheSourceAndARunNamesItWhenItIsGone()
    {
        var cut = Render<SchedulesPage>();
        var select = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "schedule-analysis"));
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(_fromSource.Id));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=schedule-use-source]")));
        Assert.Contains("source exports/no-such-lines.csv, aggregated again at each run", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=schedule-input-folder]"));

        Type(cut, "schedule-cron", "0 6 * * 1");
        Type(cut, "schedule-output-folder", _bed.OutputFolder);
        cut.Find("[data-testid=schedule-create]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=schedule-row]")));
        var stored = Assert.Single(_bed.Store.List()).Schedule;
        Assert.Equal("exports/no-such-lines.csv", stored.Source!.Path);
        Assert.Equal("", stored.InputFolder);
        Assert.Contains("Source exports/no-such-lines.csv", cut.Find("[data-testid=schedule-row]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=schedule-run-now]").Click();

        cut.WaitForAssertion(() => Assert.Contains(
            "exports/no-such-lines.csv: no file matches 'exports/no-such-lines.csv' in the data folder for sources.",
            cut.Find("[data-testid=schedule-row-reason]").TextContent,
            StringComparison.Ordinal));
        Assert.Contains("Failed", cut.Find("[data-testid=schedule-row-outcome]").TextContent, StringComparison.Ordinal);
    }

    private static void Type(IRenderedComponent<SchedulesPage> cut, string testId, string value)
    {
        var field = cut.FindComponents<MudTextField<string>>().Single(f => Equals(f.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
        cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }
}
