using OfficeOpenXml;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Reporting;

public sealed class ExcelAbPlanningSheetTests
{
    [Fact]
    public void Build_WithPlans_WritesBothMetricsPerNamedSegment()
    {
        var input = ReportTestData.Input();
        var k = input.Labels.Max() + 1;
        var conversion = SegmentAbPlans.Plan(AbTestOptions.Defaults, input.Labels, k, null);
        var orderValue = SegmentAbPlans.Plan(AbTestOptions.OrderValueDefaults, input.Labels, k, input.Customers[FeatureNames.AverageOrderValue]);

        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(input with { AbTests = [conversion, orderValue] })));
        var ws = package.Workbook.Worksheets[ExcelReport.AbPlanningSheet];

        Assert.NotNull(ws);
        var rows = Enumerable.Range(1, ws.Dimension.End.Row).ToList();
        Assert.Equal("Conversion rate", ws.Cells[1, 1].Text);
        var orderValueTitle = rows.Single(r => ws.Cells[r, 1].Text == "Order value");
        var segmentRows = rows.Where(r => ws.Cells[r, 1].Text == SegmentNames.Display(0, input.Personas)).ToList();
        Assert.Equal(2, segmentRows.Count);

        // Conversion: 8,158 per arm for every segment (the textbook case); order value: the segment's own plan.
        Assert.Equal(8158, Convert.ToInt64(ws.Cells[segmentRows[0], 6].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(segmentRows[1] > orderValueTitle);
        var expected = orderValue.Segments[0];
        Assert.Equal(expected.Mean!.Value, Convert.ToDouble(ws.Cells[segmentRows[1], 3].Value, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(expected.StandardDeviation!.Value, Convert.ToDouble(ws.Cells[segmentRows[1], 4].Value, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(expected.Plan!.Required.Control, Convert.ToInt64(ws.Cells[segmentRows[1], 6].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Plan.LargeEnough ? "yes" : "no", ws.Cells[segmentRows[1], 8].Text);
    }
}
