using System.Text;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Browser;
using SegmentIQ.Tests.Ingestion;

namespace SegmentIQ.Tests.Pipeline;

public sealed class AnalysisDefinitionTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ToJson_ThenFromJson_GivesTheSameAnalysis()
    {
        var definition = Sample() with
        {
            Read = new DataFileReadOptions
            {
                Shape = FileShape.Transactions,
                Delimiter = ';',
                DecimalSeparator = ',',
                Mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Customer] = "Buyer" },
            },
            Cleaning = new CleaningOptions { RemoveDuplicates = true },
            Baskets = new BasketSettings { MinSupport = 0.05, Segment = 1 },
            Notes = "Quarterly review",
        };

        var json = definition.ToJson();
        var read = AnalysisDefinition.FromJson(json, "review.json");

        Assert.Equal(json, read.ToJson());
        Assert.Equal(definition.Name, read.Name);
        Assert.Equal(definition.SavedAt, read.SavedAt);
        Assert.Equal(definition.Data, read.Data);
        Assert.Equal(definition.Segmentation, read.Segmentation);
        Assert.Equal(definition.Baskets, read.Baskets);
        Assert.Equal(definition.Features.Features, read.Features.Features);
        Assert.Equal(definition.Features.Log1p, read.Features.Log1p);
        Assert.Equal("Buyer", read.Read.Mapping![ColumnRole.Customer]);
        Assert.Equal(';', read.Read.Delimiter);
        Assert.True(read.Cleaning.RemoveDuplicates);
        Assert.Equal("Quarterly review", read.Notes);
        Assert.Contains("\"numberOfClusters\": 5", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Contains("\"algorithm\": \"KMeans\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_ThenFromJson_KeepsTheReportSettings()
    {
        var report = new ReportSettings
        {
            AbConversion = new AbTestOptions { BaselineRate = 0.08, MinimumDetectableEffect = 0.2, RelativeEffect = true, Alpha = 0.1, Power = 0.9, AllocationRatio = 3, TwoSided = false },
            AbOrderValue = AbTestOptions.OrderValueDefaults with { MinimumDetectableEffect = 4, RelativeEffect = false, Power = 0.95 },
            RecommendationCount = 20,
        };

        var read = AnalysisDefinition.FromJson((Sample() with { Report = report }).ToJson(), "review.json");

        Assert.Equal(report, read.Report);
    }

    [Fact]
    public void FromJson_SavedBeforeReportSettings_HasNoneAndReadsAsBefore()
    {
        var json = Sample().ToJson();

        Assert.DoesNotContain("\"report\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Null(AnalysisDefinition.FromJson(json, "old.json").Report);
    }

    [Fact]
    public void FromJson_RecommendationCountOutOfRange_NamesTheField()
    {
        var json = Edit((Sample() with { Report = new ReportSettings() }).ToJson(), "\"recommendationCount\": 5", "\"recommendationCount\": 99");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "odd.json"));

        Assert.Equal("report.recommendationCount", ex.Field);
        Assert.Contains("between 1 and 50", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_FormatVersion2_IsRefusedNamingTheField()
    {
        var json = Edit(Sample().ToJson(), "\"formatVersion\": 1", "\"formatVersion\": 2");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "future.json"));

        Assert.Equal("formatVersion", ex.Field);
        Assert.Contains("future.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer SegmentIQ (format 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownField_NamesIt()
    {
        var json = Edit(Sample().ToJson(), "\"numberOfClusters\": 5", "\"numberOfClusters\": 5, \"clusterCount\": 5");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "odd.json"));

        Assert.Contains("clusterCount", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not know", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("segmentation", ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_KOutOfRange_NamesSegmentationNumberOfClusters()
    {
        var json = Edit(Sample().ToJson(), "\"numberOfClusters\": 5", "\"numberOfClusters\": 99");

        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson(json, "big.json"));

        Assert.Equal("segmentation.numberOfClusters", ex.Field);
        Assert.Contains("'segmentation.numberOfClusters'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("between 2 and 50", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NotJson_SaysSo()
    {
        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson("InvoiceNo,StockCode\n1,A\n"u8, "data.csv"));

        Assert.Null(ex.Field);
        Assert.Contains("data.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_JsonWithoutFormatVersion_IsNotASegmentIqAnalysis()
    {
        var ex = Assert.Throws<AnalysisDefinitionException>(() => AnalysisDefinition.FromJson("{\"name\": \"x\"}"u8, "other.json"));

        Assert.Equal("formatVersion", ex.Field);
        Assert.Contains("not a SegmentIQ analysis", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameFileUnderSameData_GivesIdenticalLabelsMetricsAndReport()
    {
        var path = _files.Write("shop.csv", TestCsv.ThirtyCustomers());
        var settings = new SegmentationSettings { NumberOfClusters = 3, Seed = 7 };
        var original = new AnalysisPipeline();
        var dataset = AnalysisPipeline.Load(path, "shop.csv", null, null, null, null, CancellationToken.None).Dataset!;
        var space = original.Space(dataset, null, CancellationToken.None);
        var segmentation = original.Segment(space, settings, null, CancellationToken.None);
        var insights = original.Describe(space, segmentation, CancellationToken.None);
        var report = ReportBuilder.BuildInput(dataset, space, insights);
        var saved = AnalysisRunner.Capture(dataset, space, settings, null, "Shop", null, DateTimeOffset.UnixEpoch);
        var reopened = AnalysisDefinition.FromJson(saved.ToJson(), "shop.json");

        // A fresh pipeline (own cache): nothing can be handed back from the first run.
        var outcome = AnalysisRunner.Run(new AnalysisPipeline(), reopened, path, "shop.csv", null, DataPolicy.SameData, CancellationToken.None);

        Assert.Null(outcome.Error);
        var run = outcome.Run!;
        Assert.True(run.DataMatchesSaved);
        Assert.Equal(segmentation.Labels, run.Segmentation.Labels);
        Assert.Equal(segmentation.Quality.Silhouette.Mean, run.Segmentation.Quality.Silhouette.Mean);
        Assert.Equal(segmentation.Quality.DaviesBouldin.Value, run.Segmentation.Quality.DaviesBouldin.Value);
        Assert.Equal(segmentation.Quality.CalinskiHarabasz.Value, run.Segmentation.Quality.CalinskiHarabasz.Value);
        Assert.Equal(report.Metrics, run.Report.Metrics);
        Assert.Equal(report.Parameters, run.Report.Parameters.Take(report.Parameters.Count));
        Assert.Equal(report.Labels, run.Report.Labels);
        Assert.Equal(report.Kpis.Segments, run.Report.Kpis.Segments);
        Assert.Equal(report.Personas.Personas.Select(p => p.Name), run.Report.Personas.Personas.Select(p => p.Name));
        Assert.Equal(dataset.Sha256, run.Report.DatasetSha256);
        Assert.DoesNotContain(run.Report.Warnings, w => w.Contains("new data", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OtherFileUnderSameData_IsRefusedNamingBothFiles()
    {
        var (definition, _) = SavedOnShop();
        var other = _files.Write("next-month.csv", TestCsv.ThirtyCustomers().Replace("United Kingdom", "France", StringComparison.Ordinal));

        var outcome = AnalysisRunner.Run(new AnalysisPipeline(), definition, other, "next-month.csv", null, DataPolicy.SameData, CancellationToken.None);

        Assert.Null(outcome.Run);
        Assert.Contains("next-month.csv is not the file 'Shop' was saved with", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("shop.csv", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OtherFileUnderNewData_RunsAndWarnsInTheReport()
    {
        var (definition, _) = SavedOnShop();
        var other = _files.Write("next-month.csv", TestCsv.ThirtyCustomers().Replace("United Kingdom", "France", StringComparison.Ordinal));

        var outcome = AnalysisRunner.Run(new AnalysisPipeline(), definition, other, "next-month.csv", null, DataPolicy.NewData, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.False(outcome.Run!.DataMatchesSaved);
        Assert.Equal(3, outcome.Run.Segmentation.NumberOfClusters);
        var warning = Assert.Single(outcome.Run.Report.Warnings, w => w.StartsWith("Re-run of the saved analysis 'Shop' on new data", StringComparison.Ordinal));
        Assert.Contains("next-month.csv", warning, StringComparison.Ordinal);
        Assert.Contains("shop.csv", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void LibrarySave_TwoAnalysesOfOneFile_KeepOneDataCopyFoundBySha256()
    {
        var (definition, path) = SavedOnShop();
        var library = new AnalysisLibrary(_files.PathOf("library"));

        var first = library.Save(definition, path);
        var second = library.Save(definition with { Name = "Shop, k = 4" }, path);

        Assert.True(first.HasDataCopy);
        Assert.True(second.HasDataCopy);
        Assert.Single(Directory.GetFiles(Path.Combine(library.Root, "data")));
        Assert.Equal(library.DataCopyOf(first), library.FindDataCopy(definition.Data.Sha256));
        Assert.Null(library.FindDataCopy(new string('0', 64)));
        Assert.Equal(2, library.List(out var problems).Count);
        Assert.Empty(problems);
    }

    private (AnalysisDefinition Definition, string Path) SavedOnShop()
    {
        var path = _files.Write("shop.csv", TestCsv.ThirtyCustomers());
        var pipeline = new AnalysisPipeline();
        var dataset = AnalysisPipeline.Load(path, "shop.csv", null, null, null, null, CancellationToken.None).Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var definition = AnalysisRunner.Capture(dataset, space, new SegmentationSettings { NumberOfClusters = 3 }, null, "Shop", null, DateTimeOffset.UnixEpoch);
        return (definition, path);
    }

    private static AnalysisDefinition Sample() => new()
    {
        Name = "Spring review",
        SavedAt = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero),
        Data = new DataReference { FileName = "shop.csv", Sha256 = new string('a', 64) },
        Features = new FeatureSpaceOptions { Features = [FeatureNames.Recency, FeatureNames.Frequency, FeatureNames.Monetary], Log1p = [FeatureNames.Monetary] },
        Segmentation = new SegmentationSettings { NumberOfClusters = 5, Seed = 11 },
    };

    private static byte[] Edit(byte[] json, string from, string to)
    {
        var text = Encoding.UTF8.GetString(json);
        Assert.Contains(from, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }
}
