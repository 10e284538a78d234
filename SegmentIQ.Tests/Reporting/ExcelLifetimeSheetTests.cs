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
        var fit = TwelveCustomers();
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
    public void Build_WithLifetime_SummaryGainsClvAndAtRiskPerPersona()
    {
        // Customers c0…c39 of the report data are the customers of the lifetime log.
        var ids = Enumerable.Range(0, 40).Select(c => $"c{c}").ToList();
        var lines = new List<(string, string, double)>();
        for (var c = 0; c < ids.Count; c++)
        {
            lines.Add((ids[c], "2024-01-01", 10 + c));
            for (var k = 0; k < c % 5; k++)
            {
                lines.Add((ids[c], $"2024-{2 + (2 * k):00}-{1 + (c % 28):00}", 5 + c + k));
            }
        }

        var fit = LifetimeFit.Fit(RfmSummaryTests.Log([.. lines]), LifetimeOptions.Default);
        var values = fit.Values(ClvOptions.Default);
        var lifetime = new ReportLifetime(fit, values, AtRiskThreshold: 0.7);
        var input = ReportTestData.Input(customers: 40, customerIds: ids) with { Lifetime = lifetime };
        var segments = lifetime.BySegment(input);

        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(input)));
        var ws = package.Workbook.Worksheets[ExcelReport.SummarySheet];

        var clvRow = Enumerable.Range(1, 20).Single(r => ws.Cells[r, 1].Text.StartsWith("Customer lifetime value, next 12 months", StringComparison.Ordinal));
        Assert.Equal(values.Clv.Sum(), Convert.ToDouble(ws.Cells[clvRow, 2].Value, System.Globalization.CultureInfo.InvariantCulture), 1e-9);
        Assert.Equal("Customers at risk (P(alive) < 0.7)", ws.Cells[clvRow + 1, 1].Text);
        Assert.Equal(values.ProbabilityAlive.Count(p => p < 0.7), Convert.ToInt32(ws.Cells[clvRow + 1, 2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var header = Enumerable.Range(1, 30).Single(r => ws.Cells[r, 1].Text == "Persona");
        Assert.Equal("CLV per customer", ws.Cells[header, 8].Text);
        Assert.Equal("Mean P(alive)", ws.Cells[header, 9].Text);
        for (var i = 0; i < input.Personas.Personas.Count; i++)
        {
            var persona = input.Personas.Personas[i];
            var segment = segments.Single(s => s.Label == persona.Label);
            Assert.Equal(segment.ClvMean, Convert.ToDouble(ws.Cells[header + 1 + i, 8].Value, System.Globalization.CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(segment.MeanProbabilityAlive, Convert.ToDouble(ws.Cells[header + 1 + i, 9].Value, System.Globalization.CultureInfo.InvariantCulture), 1e-9);
        }

        Assert.Equal(values.Clv.Sum(), segments.Sum(s => s.ClvTotal), 1e-9);
    }

    [Fact]
    public void Build_WithLifetime_PutsTheLifetimeSheetAfterDataQuality()
    {
        var fit = TwelveCustomers();
        var input = ReportTestData.Input() with { Lifetime = new ReportLifetime(fit, fit.Values(ClvOptions.Default)) };

        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(input)));

        Assert.Equal(
            [ExcelReport.SummarySheet, ExcelReport.PersonasSheet, ExcelReport.ProfilesSheet, ExcelReport.CustomersSheet, ExcelReport.RulesSheet, ExcelReport.DataQualitySheet, ExcelReport.LifetimeSheet, ExcelReport.ParametersSheet],
            package.Workbook.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public void Build_WithoutLifetime_HasNoLifetimeSheet()
    {
        using var package = new ExcelPackage(new MemoryStream(ExcelReport.Build(ReportTestData.Input())));

        Assert.Null(package.Workbook.Worksheets[ExcelReport.LifetimeSheet]);
    }

    private static LifetimeFit TwelveCustomers()
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

        return LifetimeFit.Fit(RfmSummaryTests.Log([.. lines]), LifetimeOptions.Default);
    }
}
