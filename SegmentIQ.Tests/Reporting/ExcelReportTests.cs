using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Reporting;

public sealed class ExcelReportTests
{
    [Fact]
    public void Build_FullInput_HasEverySheetInOrder()
    {
        using var package = Open(ExcelReport.Build(ReportTestData.Input()));

        Assert.Equal(
            [ExcelReport.SummarySheet, ExcelReport.PersonasSheet, ExcelReport.ProfilesSheet, ExcelReport.CustomersSheet, ExcelReport.RulesSheet, ExcelReport.DataQualitySheet, ExcelReport.ParametersSheet],
            package.Workbook.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public void Build_WithoutOptionalParts_OmitsRulesAndDataQuality()
    {
        using var package = Open(ExcelReport.Build(ReportTestData.Input(withOptional: false)));

        Assert.Null(package.Workbook.Worksheets[ExcelReport.RulesSheet]);
        Assert.Null(package.Workbook.Worksheets[ExcelReport.DataQualitySheet]);
        var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
        Assert.Equal("Persona", customers.Cells[1, customers.Dimension.End.Column].Text);
    }

    [Fact]
    public void Build_SegmentColumns_CountFromOneAsEveryScreenDoes()
    {
        var input = ReportTestData.Input();
        using var package = Open(ExcelReport.Build(input));
        var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
        var segmentColumn = Enumerable.Range(1, customers.Dimension.End.Column).Single(c => customers.Cells[1, c].Text == "Segment");

        for (var i = 0; i < input.Customers.Count; i++)
        {
            var expected = input.Labels[i] < 0 ? "Noise" : (input.Labels[i] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, customers.Cells[i + 2, segmentColumn].Text);
        }

        var personas = package.Workbook.Worksheets[ExcelReport.PersonasSheet];
        var numbers = Enumerable.Range(2, input.Personas.Personas.Count).Select(r => personas.Cells[r, 1].Text).ToList();
        Assert.DoesNotContain("0", numbers);
        Assert.Contains("1", numbers);
    }

    [Fact]
    public void Build_RowCounts_MatchTheInput()
    {
        var input = ReportTestData.Input();
        using var package = Open(ExcelReport.Build(input));
        var ws = package.Workbook.Worksheets;

        Assert.Equal(input.Customers.Count + 1, ws[ExcelReport.CustomersSheet].Dimension.End.Row);
        Assert.Equal(input.Personas.Personas.Count + 1, ws[ExcelReport.PersonasSheet].Dimension.End.Row);
        Assert.Equal(input.Kpis.Segments.Count + 2, ws[ExcelReport.ProfilesSheet].Dimension.End.Row);
        Assert.Equal(input.Rules!.Count + 1, ws[ExcelReport.RulesSheet].Dimension.End.Row);
    }

    [Fact]
    public void Build_Customers_KeepsNumbersAsNumbersAndNamesPersonas()
    {
        var input = ReportTestData.Input();
        using var package = Open(ExcelReport.Build(input));
        var ws = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
        var headers = Enumerable.Range(1, ws.Dimension.End.Column).Select(c => ws.Cells[1, c].Text).ToList();

        var recencyColumn = headers.IndexOf("Recency") + 1;
        Assert.IsType<double>(ws.Cells[2, recencyColumn].Value);
        Assert.Equal(input.Customers["Recency"][0], (double)ws.Cells[2, recencyColumn].Value);
        Assert.Equal(input.Personas.NameOf(input.Labels[5]), ws.Cells[7, headers.IndexOf("Persona") + 1].Text);
        Assert.Equal("yes", ws.Cells[2, headers.IndexOf("Anomaly") + 1].Text);
        Assert.Equal(input.Customers.CustomerIds[3], ws.Cells[5, 1].Text);
    }

    [Fact]
    public void Build_UserTextLookingLikeFormulas_StaysText()
    {
        var ids = Enumerable.Range(0, 400).Select(i => i == 2 ? "=1+2" : i == 3 ? "@cmd" : $"C{i}").ToArray();
        using var package = Open(ExcelReport.Build(ReportTestData.Input(customerIds: ids)));

        foreach (var ws in package.Workbook.Worksheets)
        {
            for (var r = 1; r <= ws.Dimension.End.Row; r++)
            {
                for (var c = 1; c <= ws.Dimension.End.Column; c++)
                {
                    Assert.True(string.IsNullOrEmpty(ws.Cells[r, c].Formula), $"{ws.Name}!{ws.Cells[r, c].Address} holds a formula.");
                }
            }
        }

        var rules = package.Workbook.Worksheets[ExcelReport.RulesSheet];
        Assert.Equal(ReportTestData.HostileProduct, rules.Cells[2, 2].Value);
        Assert.True(rules.Cells[2, 2].Style.QuotePrefix);
        Assert.Equal("-2+3", rules.Cells[2, 3].Value);
        Assert.Equal("∞", rules.Cells[3, 8].Value);
        var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
        Assert.Equal("=1+2", customers.Cells[4, 1].Value);
        Assert.IsType<string>(customers.Cells[4, 1].Value);
    }

    [Fact]
    public void Build_Summary_HasChartsFrozenHeaderAndFilter()
    {
        using var package = Open(ExcelReport.Build(ReportTestData.Input()));
        var summary = package.Workbook.Worksheets[ExcelReport.SummarySheet];

        Assert.Equal(2, summary.Drawings.Count);
        Assert.NotNull(summary.Drawings["RevenueByPersona"]);
        Assert.NotNull(summary.Drawings["CustomersByPersona"]);
        Assert.True(package.Workbook.Worksheets[ExcelReport.CustomersSheet].AutoFilterAddress is not null);
        var customersXml = package.Workbook.Worksheets[ExcelReport.CustomersSheet].WorksheetXml.OuterXml;
        Assert.Contains("ySplit=\"1\"", customersXml, StringComparison.Ordinal);
        Assert.Contains("state=\"frozen\"", customersXml, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithCurrency_NamesItAndFormatsMoneyCellsWithItsSymbol()
    {
        var input = ReportTestData.Input() with { Currency = new SegmentIQ.Analytics.Reporting.Currency("GBP", "£", "detected: United Kingdom holds 84 % of revenue") };

        using var package = Open(ExcelReport.Build(input));
        var summary = package.Workbook.Worksheets[ExcelReport.SummarySheet];

        int Row(string label) => Enumerable.Range(1, 12).First(r => summary.Cells[r, 1].Text == label);
        Assert.Equal("GBP (£), detected: United Kingdom holds 84 % of revenue", summary.Cells[Row("Currency"), 2].Text);
        Assert.Equal("\"£\"#,##0.00", summary.Cells[Row("Revenue"), 2].Style.Numberformat.Format);
        using var plain = Open(ExcelReport.Build(ReportTestData.Input()));
        Assert.Equal("not known: amounts are plain numbers", plain.Workbook.Worksheets[ExcelReport.SummarySheet].Cells[Row("Currency"), 2].Text);
    }

    [Fact]
    public void Build_Widths_FollowContentWithinBounds()
    {
        using var package = Open(ExcelReport.Build(ReportTestData.Input()));
        var personas = package.Workbook.Worksheets[ExcelReport.PersonasSheet];

        Assert.InRange(personas.Column(1).Width, 8, 12);
        Assert.InRange(personas.Column(8).Width, 40, 80);
    }

    [Fact]
    public void Build_Parameters_ListDatasetHashAndParameters()
    {
        using var package = Open(ExcelReport.Build(ReportTestData.Input()));
        var ws = package.Workbook.Worksheets[ExcelReport.ParametersSheet];
        var items = Enumerable.Range(2, ws.Dimension.End.Row - 1).ToDictionary(r => ws.Cells[r, 1].Text + "#" + r, r => ws.Cells[r, 2].Value);

        Assert.Contains(items, p => p.Key.StartsWith("Dataset SHA-256", StringComparison.Ordinal) && (string)p.Value == new string('a', 64));
        Assert.Contains(items, p => p.Key.StartsWith("NumberOfClusters", StringComparison.Ordinal) && Convert.ToInt32(p.Value, System.Globalization.CultureInfo.InvariantCulture) == 4);
        Assert.Contains(items, p => p.Key.StartsWith("Caveat", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_MismatchedProbabilities_NamesTheField()
    {
        var input = ReportTestData.Input() with { MembershipProbabilities = [0.5] };
        var error = Assert.Throws<ArgumentException>(() => ExcelReport.Build(input));
        Assert.Equal("MembershipProbabilities", error.ParamName);
    }

    private static ExcelPackage Open(byte[] bytes) => new(new MemoryStream(bytes));
}
