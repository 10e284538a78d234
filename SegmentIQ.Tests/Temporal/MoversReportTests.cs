using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Tests.Reporting;

namespace SegmentIQ.Tests.Temporal;

public class MoversReportTests
{
    [Fact]
    public void Workbook_WithLatestMovers_HasAMoversSheetOfEveryMover()
    {
        var sample = Path.Combine(Web.WebProject.Directory, "Data", "online-retail-sample.csv.gz");
        var dataset = AnalysisPipeline.Load(sample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var analysis = new AnalysisPipeline().Temporal(dataset, null, new SegmentationSettings(), TemporalOptions.Default, null, CancellationToken.None);
        var movers = ReportBuilder.LatestMovers(analysis)!;

        using var stream = new MemoryStream(ExcelReport.Build(ReportTestData.Input() with { Movers = movers }));
        using var package = new ExcelPackage(stream);
        var sheet = package.Workbook.Worksheets[ExcelReport.MoversSheet];

        Assert.Equal("2011-Q3", movers.From);
        Assert.Equal("2011-Q4", movers.To);
        Assert.Equal(analysis.Segments.Movers(3, 4, null, null).Count, movers.Movers.Count);
        Assert.NotEmpty(movers.Movers);
        Assert.Equal("Segment 2011-Q3", sheet.Cells[1, 2].Text);
        Assert.Equal(movers.Movers.Count + 1, sheet.Dimension.End.Row);
        for (var i = 0; i < movers.Movers.Count; i++)
        {
            Assert.Equal(movers.Movers[i].CustomerId, sheet.Cells[i + 2, 1].Text);
            Assert.Equal(movers.Movers[i].To, sheet.Cells[i + 2, 3].Text);
        }
    }

    [Fact]
    public void Workbook_MoversBetweenFebruaryAndJuly_ListTheStopperAsLapsed()
    {
        var dataset = TemporalTestData.Load();
        var analysis = new AnalysisPipeline().Temporal(
            dataset, null, new SegmentationSettings { NumberOfClusters = 2 }, new TemporalOptions { Period = SnapshotPeriodLength.Month, WindowMonths = 3 }, null, CancellationToken.None);
        var movers = new ReportMovers("2011-02", "2011-07", analysis.Segments.Movers(1, 6, null, null));

        using var stream = new MemoryStream(ExcelReport.Build(ReportTestData.Input() with { Movers = movers }));
        using var package = new ExcelPackage(stream);
        var sheet = package.Workbook.Worksheets[ExcelReport.MoversSheet];

        var rows = Enumerable.Range(2, sheet.Dimension.End.Row - 1).Select(r => (Id: sheet.Cells[r, 1].Text, To: sheet.Cells[r, 3].Text)).ToList();
        Assert.Contains((TemporalTestData.Stopper, "Lapsed"), rows);
        Assert.Contains(rows, r => r.Id == TemporalTestData.Newcomer);
        Assert.Equal(2, rows.Count);
    }
}
