using Microsoft.Extensions.DependencyInjection;
using OfficeOpenXml;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Tests.Web.Services;

public class ReportBuilderTests : SegmentIqBunitContext
{
    [Fact]
    public async Task BuildWorkbook_BundledSample_CustomersSheetHasOneRowPerCustomer()
    {
        var session = await ReadySessionAsync();

        var input = session.TryBuildReportInput()!;
        var file = ReportBuilder.BuildWorkbook(input);

        using var package = new ExcelPackage(new MemoryStream(file.Content));
        var customers = package.Workbook.Worksheets[ExcelReport.CustomersSheet];
        Assert.Equal(session.Dataset!.Features.Count + 1, customers.Dimension.End.Row);
        Assert.NotNull(package.Workbook.Worksheets[ExcelReport.DataQualitySheet]);
        Assert.Null(package.Workbook.Worksheets[ExcelReport.RulesSheet]);
        Assert.EndsWith(".xlsx", file.FileName, StringComparison.Ordinal);
        Assert.Equal(ReportBuilder.ExcelContentType, file.ContentType);
    }

    [Fact]
    public async Task TryBuildInput_BundledSample_CarriesSessionSettingsAndCleaning()
    {
        var session = await ReadySessionAsync();

        var input = session.TryBuildReportInput()!;

        var dataset = session.Dataset!;
        Assert.Equal(dataset.Name, input.DatasetName);
        Assert.Equal(dataset.Sha256, input.DatasetSha256);
        Assert.Equal("K-Means", input.Algorithm);
        Assert.Contains(input.Parameters, p => p.Label == "Number of clusters (k)" && (int)p.Value! == session.Settings.NumberOfClusters);
        Assert.Contains(input.Metrics, m => m.Label == "Silhouette" && (double)m.Value! == session.Segmentation!.Quality.Silhouette.Mean);
        Assert.Contains(input.DataQualitySummary!, r => r.Label == "Rows read" && (long)r.Value! == dataset.RowsRead);
        Assert.Contains(input.DataQualitySummary!, r => r.Label == "Purchase lines kept" && (long)r.Value! == dataset.Cleaning!.RowsKept);
        Assert.Same(session.Segmentation!.Labels, input.Labels);
        Assert.Null(input.MembershipProbabilities);
        Assert.Null(input.AnomalyFlags);
        Assert.Null(input.Rules);
        input.Validate();
    }

    [Fact]
    public async Task BuildWorkbook_BundledSample_HasTheSegmentTestsSheet()
    {
        var session = await ReadySessionAsync();
        var input = session.TryBuildReportInput()!;

        using var package = new OfficeOpenXml.ExcelPackage(new MemoryStream(ReportBuilder.BuildWorkbook(input).Content));
        var sheet = package.Workbook.Worksheets[SegmentIQ.Analytics.Reporting.ExcelReport.SegmentTestsSheet];

        Assert.NotNull(sheet);
        Assert.Equal("Feature", sheet.Cells[1, 1].Text);
        var tests = input.SegmentTests!;
        Assert.Equal(input.Customers.Columns.Count, tests.Features.Count);
        Assert.Equal(tests.Features[0].Feature, sheet.Cells[2, 1].Text);
        Assert.Equal(tests.Features[0].Kruskal!.H, (double)sheet.Cells[2, 2].Value, 9);
        Assert.Equal(input.SegmentDifferences!.NumberOfSegments, session.Segmentation!.NumberOfClusters);
    }

    [Fact]
    public async Task BuildCustomerCsv_BundledSample_OneLinePerCustomerWithPersona()
    {
        var session = await ReadySessionAsync();
        var input = session.TryBuildReportInput()!;

        var file = ReportBuilder.BuildCustomerCsv(input);

        var lines = System.Text.Encoding.UTF8.GetString(file.Content).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("CustomerId,Segment,Persona", lines[0]);
        Assert.Equal(input.Customers.Count + 1, lines.Length);
        var persona = input.Personas.NameOf(input.Labels[0]);
        Assert.StartsWith($"{input.Customers.CustomerIds[0]},{input.Labels[0] + 1},", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines.Skip(1), line => line.Split(',')[1] == "0");
        Assert.Contains(persona, lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("online-retail-sample.csv.gz", "segments", "xlsx", "online-retail-sample-segments.xlsx")]
    [InlineData("my shop (2024).CSV", "customer-segments", "csv", "my-shop--2024-customer-segments.csv")]
    [InlineData("../../etc/passwd", "segments", "xlsx", "etc-passwd-segments.xlsx")]
    [InlineData("%%%.csv", "segments", "xlsx", "dataset-segments.xlsx")]
    public void FileName_UserDatasetName_IsSafe(string dataset, string suffix, string extension, string expected) =>
        Assert.Equal(expected, ReportBuilder.FileName(dataset, suffix, extension));

    [Fact]
    public void TryBuildInput_BeforeAnySegmentation_IsNull()
    {
        var session = Services.GetRequiredService<AnalysisSession>();

        Assert.Null(session.TryBuildReportInput());
    }

    private async Task<AnalysisSession> ReadySessionAsync()
    {
        var session = Services.GetRequiredService<AnalysisSession>();
        await session.EnsureInitializedAsync();
        Assert.NotNull(session.Segmentation);
        Assert.NotNull(session.Insights);
        return session;
    }
}
