using System.Net;
using OfficeOpenXml;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Reporting;

namespace SegmentIQ.Tests.Api;

public sealed class AnalysisEndpointsTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    [Fact]
    public async Task Run_SavedAnalysisOnNewFile_ReturnsAReadableWorkbook()
    {
        var id = SaveAnalysis(new SegmentationSettings { NumberOfClusters = 3 });
        using var client = host.ClientWithKey();

        using var response = await ApiTestHost.PostFileAsync(client, $"/api/v1/analyses/{id}/run", ApiTestHost.SamplePath, "next-month.csv.gz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportBuilder.ExcelContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        using var package = new ExcelPackage(await response.Content.ReadAsStreamAsync());
        Assert.NotEmpty(package.Workbook.Worksheets);
        var cells = package.Workbook.Worksheets.SelectMany(s => s.Cells.Where(c => c.Value is not null).Select(c => c.Value.ToString()!)).ToList();
        Assert.Contains("Monthly segments", cells);
        Assert.Contains(cells, c => c.Contains("next-month.csv.gz", StringComparison.Ordinal));
        var customers = package.Workbook.Worksheets["Customers"];
        Assert.Equal(1_102 + 1, customers.Dimension.End.Row);
    }

    [Fact]
    public async Task Run_SavedAnalysisWithReportSettings_WorkbookPlansAndRecommendsWithThem()
    {
        var settings = new ReportSettings
        {
            AbConversion = new AbTestOptions { BaselineRate = 0.03, MinimumDetectableEffect = 0.5, RelativeEffect = true, Alpha = 0.02, Power = 0.95 },
            AbOrderValue = AbTestOptions.OrderValueDefaults with { AllocationRatio = 0.5, TwoSided = false },
            RecommendationCount = 3,
        };
        var id = SaveAnalysis(new SegmentationSettings { NumberOfClusters = 3 }, settings);
        using var client = host.ClientWithKey();

        using var response = await ApiTestHost.PostFileAsync(client, $"/api/v1/analyses/{id}/run", ApiTestHost.SamplePath, "next-month.csv.gz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var package = new ExcelPackage(await response.Content.ReadAsStreamAsync());
        ReportSettingsWorkbook.AssertMadeWith(package, settings);
        Assert.NotNull(package.Workbook.Worksheets[ExcelReport.SegmentTestsSheet]);
    }

    [Fact]
    public async Task Run_UnknownAnalysis_Is404()
    {
        using var client = host.ClientWithKey();
        using var response = await ApiTestHost.PostFileAsync(client, "/api/v1/analyses/no-such-analysis/run", ApiTestHost.SamplePath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("id", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(response)));
    }

    [Fact]
    public async Task Run_OnAFileTheAnalysisCannotUse_Is422WithTheRunnersMessage()
    {
        var id = SaveAnalysis(new SegmentationSettings { NumberOfClusters = 12 });
        using var client = host.ClientWithKey();

        using var response = await ApiTestHost.PostTextFileAsync(client, $"/api/v1/analyses/{id}/run", "CustomerID,Spend\n1,10\n2,20\n3,30\n", "customers.csv");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Contains("customers.csv", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutFile_Is400NamingFile()
    {
        var id = SaveAnalysis(new SegmentationSettings());
        using var client = host.ClientWithKey();
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("x"), "notes");

        using var response = await client.PostAsync($"/api/v1/analyses/{id}/run", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("notes", ApiTestHost.FieldOf(await ApiTestHost.ProblemAsync(response)));
    }

    private string SaveAnalysis(SegmentationSettings settings, ReportSettings? report = null)
    {
        var pipeline = new AnalysisPipeline();
        var dataset = DatasetLoader.Load(ApiTestHost.SamplePath, "online-retail-sample.csv.gz", null, null, isDefaultSample: false, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var definition = AnalysisRunner.Capture(dataset, space, settings, null, "Monthly segments", null, DateTimeOffset.UtcNow, report: report);
        return new AnalysisLibrary(host.LibraryFolder).Save(definition, null).Id;
    }
}
