using OfficeOpenXml;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Recommendations;

namespace SegmentIQ.Tests.Reporting;

public sealed class ExcelRecommendationsSheetTests
{
    [Fact]
    public void Build_WithRecommendations_WritesEveryCustomersTopProductsWithTheirFigures()
    {
        var (model, code, customers) = ProductRecommenderTests.FittedWithCustomers();
        var recommendations = RecommendationExport.ForReport(model, customers, 5);
        var input = ReportTestData.Input() with { Recommendations = recommendations };

        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(input)));
        var ws = package.Workbook.Worksheets[ExcelReport.RecommendationsSheet];

        Assert.NotNull(ws);
        Assert.Equal([ExcelReport.RecommendationsSheet, ExcelReport.ParametersSheet], package.Workbook.Worksheets.Select(w => w.Name).TakeLast(2));
        Assert.Equal(recommendations.Rows.Count + 1, ws.Dimension.End.Row);
        Assert.Equal("CustomerID", ws.Cells[1, 1].Text);
        var b = model.Recommend(code("x")).Single(r => r.Product == "B");
        var row = Enumerable.Range(2, recommendations.Rows.Count).Single(r => ws.Cells[r, 1].Text == "x" && ws.Cells[r, 4].Text == "B");
        Assert.Equal("Segment 1", ws.Cells[row, 2].Text);
        Assert.Equal(b.Lift, Convert.ToDouble(ws.Cells[row, 10].Value, System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal(b.Reason, ws.Cells[row, 11].Text);
        Assert.Equal(SegmentOffers.BySegment(model)[0][0].Product, recommendations.Offers[0][0].Product);
    }
}
