using SegmentIQ.Analytics.Scheduling;

namespace SegmentIQ.Tests.Scheduling;

public sealed class ReportScheduleTests
{
    private static readonly ReportSchedule Valid = new()
    {
        Id = "weekly-1a2b3c4d",
        Name = "Weekly",
        AnalysisId = "monthly-rfm-0a1b2c3d",
        InputFolder = "/srv/in",
        FilePattern = "*.csv.gz",
        Cron = "0 6 * * 1",
        OutputFolder = "/srv/out",
    };

    [Fact]
    public void Validate_CompleteSchedule_Passes() => Valid.Validate();

    [Fact]
    public void Defaults_PatternEveryFileAndUtc()
    {
        var schedule = new ReportSchedule();

        Assert.Equal("*", schedule.FilePattern);
        Assert.Equal("UTC", schedule.TimeZone);
        Assert.True(schedule.Enabled);
    }

    [Fact]
    public void Validate_MinuteOutOfRange_QuotesTheExpressionAndWhatCronosSaid()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { Cron = "61 * * * *" }).Validate());

        Assert.Equal(nameof(ReportSchedule.Cron), ex.ParamName);
        Assert.Contains("'61 * * * *'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("between 0 and 59", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Gibberish_QuotesTheExpressionAndNamesTheFields()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { Cron = "every monday" }).Validate());

        Assert.Equal(nameof(ReportSchedule.Cron), ex.ParamName);
        Assert.Contains("'every monday'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("five", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SixFields_SaysAScheduleHasFive()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { Cron = "0 0 6 * * 1" }).Validate());

        Assert.Contains("has 6 fields", ex.Message, StringComparison.Ordinal);
        Assert.Contains("minute, hour, day of month, month and day of week", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThirtiethOfFebruary_SaysItNeverRuns()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { Cron = "0 6 30 2 *" }).Validate());

        Assert.Contains("never runs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownTimeZone_NamesTheTimeZone()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { TimeZone = "Mars/Olympus" }).Validate());

        Assert.Equal(nameof(ReportSchedule.TimeZone), ex.ParamName);
        Assert.Contains("'Mars/Olympus'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", nameof(ReportSchedule.InputFolder))]
    [InlineData("relative/in", nameof(ReportSchedule.InputFolder))]
    public void Validate_InputFolderNotAFullPath_NamesInputFolder(string folder, string field)
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { InputFolder = folder }).Validate());

        Assert.Equal(field, ex.ParamName);
        Assert.StartsWith("Input folder", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../*.csv")]
    [InlineData("sub/*.csv")]
    [InlineData(" ")]
    public void Validate_PatternThatIsAPath_NamesFilePattern(string pattern)
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { FilePattern = pattern }).Validate());

        Assert.Equal(nameof(ReportSchedule.FilePattern), ex.ParamName);
    }

    [Fact]
    public void Validate_NoAnalysis_AsksToChooseOne()
    {
        var ex = Assert.Throws<InvalidScheduleException>(() => (Valid with { AnalysisId = "" }).Validate());

        Assert.Equal(nameof(ReportSchedule.AnalysisId), ex.ParamName);
    }

    [Fact]
    public void Next_EveryFiveMinutes_GivesTheNextThreeFiveMinuteMarks()
    {
        var times = CronTimes.Parse("*/5 * * * *", "UTC").Next(ScheduleTestBed.Start, 3);

        Assert.Equal(
            [new DateTimeOffset(2025, 3, 3, 9, 5, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 3, 9, 10, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 3, 9, 15, 0, TimeSpan.Zero)],
            times);
    }

    [Fact]
    public void Next_InBerlin_ReadsHoursOnBerlinClockAcrossTheSpringChange()
    {
        var times = CronTimes.Parse("0 6 * * *", "Europe/Berlin");

        var winter = times.Next(ScheduleTestBed.Start)!.Value;
        var summer = times.Next(new DateTimeOffset(2025, 3, 29, 12, 0, 0, TimeSpan.Zero))!.Value;

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 6, 0, 0, TimeSpan.FromHours(1)), winter);
        Assert.Equal(TimeSpan.FromHours(1), winter.Offset);
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 6, 0, 0, TimeSpan.FromHours(2)), summer);
        Assert.Equal(TimeSpan.FromHours(2), summer.Offset);
    }
}
