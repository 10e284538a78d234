using System.Net;
using OfficeOpenXml;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Tests.Api;

/// <summary>The app hosted with a sources folder of its own (deleted on dispose), for saved analyses that name a source.</summary>
public sealed class SourceApiTestHost : ApiTestHost
{
    public SourceApiTestHost()
        : this(Path.Combine(Path.GetTempPath(), $"segmentiq-api-sources-{Guid.NewGuid():N}"))
    {
    }

    private SourceApiTestHost(string sources)
        : base(new Dictionary<string, string?>
        {
            ["SegmentIQ:Api:Keys:0"] = Key,
            ["SegmentIQ:Sources:DuckDb:AllowedRoot"] = sources,
            ["SegmentIQ:Sources:DuckDb:SpillDirectory"] = Path.Combine(sources, "spill"),
            ["SegmentIQ:Sources:DuckDb:Threads"] = "1",
        })
    {
        SourcesFolder = sources;
        Directory.CreateDirectory(sources);
    }

    /// <summary>The folder DuckDB sources are read from.</summary>
    public string SourcesFolder { get; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(SourcesFolder))
        {
            Directory.Delete(SourcesFolder, recursive: true);
        }
    }
}

public sealed class SourceAnalysisEndpointsTests(SourceApiTestHost host) : IClassFixture<SourceApiTestHost>
{
    [Fact]
    public async Task Run_AnalysisNamingADuckDbSource_AggregatesItAgainAndReturnsTheWorkbook()
    {
        File.Copy(ApiTestHost.SamplePath, Path.Combine(host.SourcesFolder, "retail.csv.gz"), overwrite: true);
        var id = await SaveFromSourceAsync(SourceReference.ForFiles("retail.csv.gz"));
        using var client = host.ClientWithKey();

        using var response = await client.PostAsync($"/api/v1/analyses/{id}/run", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var package = new ExcelPackage(await response.Content.ReadAsStreamAsync());
        Assert.Equal(1_102 + 1, package.Workbook.Worksheets["Customers"].Dimension.End.Row);
        var cells = package.Workbook.Worksheets.SelectMany(s => s.Cells.Where(c => c.Value is not null).Select(c => c.Value.ToString()!)).ToList();
        Assert.Contains("retail.csv.gz", cells);
    }

    [Fact]
    public async Task Run_AnalysisNamingAnUnconfiguredConnection_Is422NamingTheSource()
    {
        File.Copy(ApiTestHost.SamplePath, Path.Combine(host.SourcesFolder, "retail.csv.gz"), overwrite: true);
        var id = await SaveFromSourceAsync(SourceReference.ForFiles("retail.csv.gz"), SourceReference.ForTable("warehouse", "sales", "lines"));
        using var client = host.ClientWithKey();

        using var response = await client.PostAsync($"/api/v1/analyses/{id}/run", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiTestHost.ProblemAsync(response);
        Assert.Equal("source", ApiTestHost.FieldOf(problem));
        Assert.StartsWith("warehouse: sales.lines: no connection named 'warehouse' is configured", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Saves the defaults on what <paramref name="reference"/> holds, recording <paramref name="recorded"/> (default: the same source).</summary>
    private async Task<string> SaveFromSourceAsync(SourceReference reference, SourceReference? recorded = null)
    {
        var settings = new DuckDbSettings { AllowedRoot = host.SourcesFolder, SpillDirectory = Path.Combine(host.SourcesFolder, "spill"), Threads = 1 };
        var loaded = await SourceLoader.LoadAsync(new DuckDbFileSource(reference.Path!, settings), null, null, null, CancellationToken.None);
        var dataset = loaded.Dataset ?? throw new InvalidOperationException(loaded.Error);
        var pipeline = new AnalysisPipeline();
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var definition = AnalysisRunner.Capture(dataset, space, new SegmentationSettings { NumberOfClusters = 3 }, null, "Weekly from the warehouse", null, DateTimeOffset.UtcNow, source: recorded ?? reference);
        return new AnalysisLibrary(host.LibraryFolder).Save(definition, null).Id;
    }
}
