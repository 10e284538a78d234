using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Analytics.Temporal;
using SegmentIQ.Tests.Reporting;

namespace SegmentIQ.Tests.Temporal;

public class MoversReportTests
{
    [Fact]
    public void Workbook_WithoutASelection_HasAMoversSheetOfEveryMoverOfTheLastTwoSnapshots()
    {
        var sample = Path.Combine(Web.WebProject.Directory, "Data", "online-retail-sample.csv.gz");
        var dataset = AnalysisPipeline.Load(sample, "sample", null, null, null, null, CancellationToken.None).Dataset!;
        var analysis = new AnalysisPipeline().Temporal(dataset, null, new SegmentationSettings(), TemporalOptions.Default, null, CancellationToken.None);
        var movers = ReportBuilder.Movers(analysis)!;

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

    [Fact]
    public void Workbook_SelectedRfmMovers_ListExactlyThoseAndNameTheSelection()
    {
        var dataset = TemporalTestData.Load();
        var analysis = new AnalysisPipeline().Temporal(
            dataset, null, new SegmentationSettings { NumberOfClusters = 2 }, new TemporalOptions { Period = SnapshotPeriodLength.Month, WindowMonths = 3 }, null, CancellationToken.None);
        var stopperRfm = analysis.Rfm.States(1)[analysis.Rfm.RowOf(TemporalTestData.Stopper)];
        var selection = new MoversSelection(1, 6, Rfm: true, FromStates: [stopperRfm], ToStates: [CustomerStates.Lapsed]);

        var movers = ReportBuilder.Movers(analysis, selection)!;
        using var stream = new MemoryStream(ExcelReport.Build(ReportTestData.Input() with { Movers = movers }));
        using var package = new ExcelPackage(stream);
        var sheet = package.Workbook.Worksheets[ExcelReport.MoversSheet];
        var parameters = package.Workbook.Worksheets[ExcelReport.ParametersSheet];

        // February to July, only the stopper left their February RFM segment for Lapsed.
        Assert.Equal("RFM segment 2011-02", sheet.Cells[1, 2].Text);
        Assert.Equal(2, sheet.Dimension.End.Row);
        Assert.Equal(TemporalTestData.Stopper, sheet.Cells[2, 1].Text);
        Assert.Equal(analysis.Rfm.NameOf(stopperRfm), sheet.Cells[2, 2].Text);
        Assert.Equal(CustomerStates.LapsedName, sheet.Cells[2, 3].Text);
        var row = Enumerable.Range(1, parameters.Dimension.End.Row).Single(r => parameters.Cells[r, 1].Text == "Movers");
        Assert.Equal($"2011-02 → 2011-07 (RFM segments), from {analysis.Rfm.NameOf(stopperRfm)} to Lapsed", parameters.Cells[row, 2].Text);
    }

    [Fact]
    public void Movers_SelectionPastTheLastSnapshot_FallsBackToTheLatestMovement()
    {
        var dataset = TemporalTestData.Load();
        var analysis = new AnalysisPipeline().Temporal(
            dataset, null, new SegmentationSettings { NumberOfClusters = 2 }, new TemporalOptions { Period = SnapshotPeriodLength.Quarter }, null, CancellationToken.None);
        var last = analysis.Snapshots.Count - 1;

        var movers = ReportBuilder.Movers(analysis, new MoversSelection(0, last + 5, FromStates: [0]))!;

        Assert.Equal(analysis.Snapshots[last - 1].Label, movers.From);
        Assert.Equal(analysis.Snapshots[last].Label, movers.To);
        Assert.Equal(analysis.Segments.Movers(last - 1, last, null, null), movers.Movers);
        Assert.Equal("Segment", movers.StateHeader);
    }
}
