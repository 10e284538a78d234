using OfficeOpenXml;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Lifetime;

namespace SegmentIQ.Tests.Reporting;

public sealed class ExcelLifetimeSheetTests
{
    [Fact]
    public void Build_WithLifetime_WritesParametersAndEveryCustomer()
    {
        var lines = new List<(string, string, double)>();
        for (var c = 0; c < 12; c++)
        {
            lines.Add(($"c{c}", "2024-01-01", 10 + c));
            for (var k = 0; k < c % 4; k++)
            {
                lines.Add(($"c{c}", $"2024-0{2 + k}-{1 + c:00}", 5 + c + k));
            }
        }

        var fit = LifetimeFit.Fit(RfmSummaryTests.Log([.. lines]), LifetimeOptions.Default);
        var values = fit.Values(ClvOptions.Default);
        var input = ReportTestData.Input() with { Lifetime = new ReportLifetime(fit, values) };

        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(input)));
        var ws = package.Workbook.Worksheets[ExcelReport.LifetimeSheet];

        Assert.NotNull(ws);
        Assert.Equal("BG/NBD r", ws.Cells[2, 1].Text);
        Assert.Equal(fit.Purchases.R, Convert.ToDouble(ws.Cells[2, 2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var header = Enumerable.Range(1, ws.Dimension.End.Row).First(r => ws.Cells[r, 1].Text == "CustomerID");
        Assert.Equal(fit.Summary.Count, ws.Dimension.End.Row - header);
        for (var i = 0; i < fit.Summary.Count; i++)
        {
            Assert.Equal(fit.Summary.CustomerIds[i], ws.Cells[header + 1 + i, 1].Text);
            Assert.Equal(values.ProbabilityAlive[i], Convert.ToDouble(ws.Cells[header + 1 + i, 6].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Build_WithoutLifetime_HasNoLifetimeSheet()
    {
        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(ReportTestData.Input())));

        Assert.Null(package.Workbook.Worksheets[ExcelReport.LifetimeSheet]);
    }
}
