using OfficeOpenXml;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Tests.Reporting;

namespace SegmentIQ.Tests.Scheduling;

public sealed class ScheduleRunnerTests : IDisposable
{
    private readonly ScheduleTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void RunOnce_MatchingFile_WritesAReadableWorkbookAndOneLogLine()
    {
        var input = _bed.AddInput(SampleCuts.Large, "retail-march.csv.gz");
        var schedule = _bed.Store.Add(_bed.NewSchedule());

        var run = _bed.Runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Succeeded, run.Outcome);
        Assert.Null(run.Reason);
        Assert.Equal(Path.Combine(_bed.OutputFolder, "Monthly-RFM-20250303-090100.xlsx"), run.ReportPath);
        Assert.Equal(input, run.File);
        Assert.Equal(SampleCuts.Definition.Data.Sha256, run.Sha256);
        Assert.Equal(SampleCuts.Large.Customers, run.Customers);
        Assert.Equal(4, run.Segments);
        Assert.Equal("Monthly RFM", run.AnalysisName);
        using (var package = new ExcelPackage(new FileInfo(run.ReportPath!)))
        {
            var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
            Assert.Equal(SampleCuts.Large.Customers + 1, customers.Dimension.End.Row);
        }

        var logged = Assert.Single(RunLog.Read(_bed.OutputFolder));
        Assert.Equal(run, logged);
        Assert.Equal(run, _bed.Store.Find(schedule.Id)!.LastRun);
    }

    [Fact]
    public void RunOnce_AnalysisSavedWithReportSettings_WorkbookPlansAndRecommendsWithThem()
    {
        var settings = new ReportSettings
        {
            AbConversion = new AbTestOptions { BaselineRate = 0.1, MinimumDetectableEffect = 0.02, Alpha = 0.1, Power = 0.9, AllocationRatio = 2, TwoSided = false },
            AbOrderValue = AbTestOptions.OrderValueDefaults with { Alpha = 0.01, Power = 0.85 },
            RecommendationCount = 2,
        };
        var entry = _bed.Library.Save(SampleCuts.Definition with { Report = settings }, SampleCuts.Large.Path);
        _bed.AddInput(SampleCuts.Large, "retail-march.csv.gz");
        var schedule = _bed.Store.Add(_bed.NewSchedule() with { AnalysisId = entry.Id });

        var run = _bed.Runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Succeeded, run.Outcome);
        using var package = new ExcelPackage(new FileInfo(run.ReportPath!));
        ReportSettingsWorkbook.AssertMadeWith(package, settings);
        Assert.NotNull(package.Workbook.Worksheets[ExcelReport.SegmentTestsSheet]);
    }

    [Fact]
    public void RunOnce_AnalysisSavedWithoutReportSettings_UsesTheDefaults()
    {
        _bed.AddInput(SampleCuts.Large, "retail-march.csv.gz");

        var run = _bed.Runner.RunOnce(_bed.Store.Add(_bed.NewSchedule()), CancellationToken.None);

        Assert.Null(SampleCuts.Definition.Report);
        using var package = new ExcelPackage(new FileInfo(run.ReportPath!));
        ReportSettingsWorkbook.AssertMadeWith(package, ReportSettings.Defaults);
    }

    [Fact]
    public void RunOnce_LogLine_HasEveryFieldUnderItsJsonName()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");

        _bed.Runner.RunOnce(_bed.Store.Add(_bed.NewSchedule()), CancellationToken.None);

        var line = Assert.Single(File.ReadAllLines(RunLog.PathIn(_bed.OutputFolder)));
        foreach (var field in new[] { "\"time\":", "\"file\":", "\"sha256\":", "\"customers\":", "\"segments\":", "\"durationMs\":", "\"outcome\":\"Succeeded\"", "\"reason\":null" })
        {
            Assert.Contains(field, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RunOnce_SeveralMatchingFiles_UsesTheNewest()
    {
        _bed.AddInput(SampleCuts.Large, "retail-january.csv.gz", new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc));
        var newest = _bed.AddInput(SampleCuts.Small, "retail-february.csv.gz", new DateTime(2025, 2, 28, 0, 0, 0, DateTimeKind.Utc));
        File.WriteAllText(Path.Combine(_bed.InputFolder, "notes.txt"), "newer, but not matching");

        var run = _bed.Runner.RunOnce(_bed.Store.Add(_bed.NewSchedule()), CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Succeeded, run.Outcome);
        Assert.Equal(newest, run.File);
        Assert.Equal(SampleCuts.Small.Customers, run.Customers);
        Assert.NotEqual(SampleCuts.Large.Customers, SampleCuts.Small.Customers);
    }

    [Fact]
    public void RunOnce_MissingInputFolder_FailsNamingTheFolder()
    {
        var missing = Path.Combine(_bed.Root, "no-such-folder");
        var schedule = _bed.Store.Add(_bed.NewSchedule() with { InputFolder = missing });

        var run = _bed.Runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Contains(missing, run.Reason, StringComparison.Ordinal);
        Assert.Contains("does not exist", run.Reason, StringComparison.Ordinal);
        Assert.Null(run.ReportPath);
        Assert.Equal(run, _bed.Store.Find(schedule.Id)!.LastRun);
        Assert.Equal(run, Assert.Single(RunLog.Read(_bed.OutputFolder)));
    }

    [Fact]
    public void RunOnce_NoMatchingFile_FailsNamingThePattern()
    {
        File.WriteAllText(Path.Combine(_bed.InputFolder, "retail.xlsx"), "not matched");

        var run = _bed.Runner.RunOnce(_bed.Store.Add(_bed.NewSchedule()), CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Contains("No file", run.Reason, StringComparison.Ordinal);
        Assert.Contains("'*.csv.gz'", run.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_bed.OutputFolder, "*.xlsx"));
    }

    [Fact]
    public void RunOnce_DeletedAnalysis_FailsSayingItWasDeleted()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");
        var schedule = _bed.Store.Add(_bed.NewSchedule());
        Assert.True(_bed.Library.Delete(_bed.Analysis.Id));

        var run = _bed.Runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Contains(_bed.Analysis.Id, run.Reason, StringComparison.Ordinal);
        Assert.Contains("deleted", run.Reason, StringComparison.Ordinal);
        Assert.Equal(run, _bed.Store.Find(schedule.Id)!.LastRun);
    }

    [Fact]
    public void RunOnce_UnreadableFile_FailsNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_bed.InputFolder, "broken.csv.gz"), "this is not gzip");

        var run = _bed.Runner.RunOnce(_bed.Store.Add(_bed.NewSchedule()), CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Contains("broken.csv.gz", run.Reason, StringComparison.Ordinal);
        Assert.NotNull(run.Sha256);
        Assert.Null(run.Customers);
        Assert.Single(RunLog.Read(_bed.OutputFolder));
    }

    [Fact]
    public void RunOnce_OutputFolderUnderAFile_FailsNamingTheOutputFolder()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");
        var blocker = Path.Combine(_bed.Root, "a-file");
        File.WriteAllText(blocker, "a file where a folder should be");
        var output = Path.Combine(blocker, "reports");
        var schedule = _bed.Store.Add(_bed.NewSchedule() with { OutputFolder = output });

        var run = _bed.Runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Contains(output, run.Reason, StringComparison.Ordinal);
        Assert.Equal(run, _bed.Store.Find(schedule.Id)!.LastRun);
    }

    [Fact]
    public void RunOnce_ScheduleInBerlin_NamesTheReportByBerlinTime()
    {
        _bed.AddInput(SampleCuts.Small, "retail.csv.gz");
        var schedule = _bed.Store.Add(_bed.NewSchedule() with { TimeZone = "Europe/Berlin" });

        var first = _bed.Runner.RunOnce(schedule, CancellationToken.None);
        var second = _bed.Runner.RunOnce(schedule, CancellationToken.None);

        Assert.Equal("Monthly-RFM-20250303-100100.xlsx", Path.GetFileName(first.ReportPath));
        Assert.Equal("Monthly-RFM-20250303-100100-2.xlsx", Path.GetFileName(second.ReportPath));
        Assert.Equal(2, RunLog.Read(_bed.OutputFolder).Count);
    }
}
