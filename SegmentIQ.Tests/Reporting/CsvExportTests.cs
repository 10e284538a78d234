using SegmentIQ.Analytics.Reporting;

namespace SegmentIQ.Tests.Reporting;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+SUM(1)", "'+SUM(1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\rCR", "\"'\rCR\"")]
    [InlineData("plain, with comma", "\"plain, with comma\"")]
    [InlineData("safe", "safe")]
    public void FormatField_Text_IsNeutralisedAndQuoted(string text, string expected) =>
        Assert.Equal(expected, CsvExport.FormatField(text));

    [Fact]
    public void FormatField_Numbers_StayNumbers()
    {
        Assert.Equal("-5", CsvExport.FormatField(-5));
        Assert.Equal("-0.25", CsvExport.FormatField(-0.25));
        Assert.Equal("1234.5", CsvExport.FormatField(1234.5));
        Assert.Equal(string.Empty, CsvExport.FormatField(null));
    }

    [Fact]
    public void ToCsv_Table_WritesHeaderAndRowsWithCrLf()
    {
        var csv = CsvExport.ToCsv(["Name", "Value"], [["a", 1], ["=b", -2.5]]);

        Assert.Equal("Name,Value\r\na,1\r\n'=b,-2.5\r\n", csv);
    }

    [Fact]
    public void Write_RowOfWrongWidth_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => CsvExport.ToCsv(["A", "B"], [["x"]]));
        Assert.Contains("Row 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteCustomerSegments_EveryCustomer_HasSegmentAndPersona()
    {
        var input = ReportTestData.Input(customers: 50, customerIds: Enumerable.Range(0, 50).Select(i => i == 1 ? "-17850" : $"{17850 + i}").ToArray());
        using var writer = new StringWriter();

        CsvExport.WriteCustomerSegments(writer, input.Customers, input.Labels, input.Personas);

        var lines = writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(51, lines.Length);
        Assert.Equal("CustomerId,Segment,Persona", lines[0]);
        Assert.StartsWith("17850,Noise,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",Anomalies / outliers", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("'-17850,", lines[2], StringComparison.Ordinal);
    }
}
