using Microsoft.Extensions.Options;
using OfficeOpenXml;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Reporting;
using SegmentIQ.Tests.Infrastructure;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Personas;

/// <summary>Personas and the exported report on the real Online Retail customers (4,338 after the standard cleaning).</summary>
public class PersonaNamesOnRealDataTests
{
    private const int OnlineRetailCustomers = 4338;

    [SharedDataFact]
    public void Describe_OnlineRetailKMeans_NamesAreUniqueForEveryK()
    {
        var read = DataFileReader.Read(SharedData.DataFile("online_retail.csv.gz"));
        var table = CustomerFeatures.FromTransactions(TransactionCleaner.Clean(read).Table);
        Assert.Equal(OnlineRetailCustomers, table.Count);
        var matrix = FeatureSpace.Fit(table).Matrix;

        for (var k = 2; k <= 10; k++)
        {
            var labels = new KMeans(new KMeansOptions { NumberOfClusters = k, Seed = 42 }).Fit(matrix).Labels;

            var personas = PersonaNamer.Describe(table, labels).Personas;

            Assert.Equal(labels.Distinct().Count(), personas.Count);
            var names = personas.Select(p => p.Name).ToList();
            Assert.True(names.Distinct(StringComparer.OrdinalIgnoreCase).Count() == names.Count, $"k = {k}: duplicate names in {string.Join(" | ", names)}");
            Assert.All(personas, p => Assert.InRange(p.Actions.Count, 1, 3));
            Assert.Equal(OnlineRetailCustomers, personas.Sum(p => p.Customers));
        }
    }

    [SharedDataFact]
    public void ExportedWorkbook_OnlineRetail_HasEveryCustomerAndNoFormulas()
    {
        var outcome = DatasetLoader.Load(SharedData.DataFile("online_retail.csv.gz"), "online_retail.csv.gz", null, CleaningOptions.Default, isDefaultSample: false, null, CancellationToken.None);
        var dataset = Assert.IsType<LoadedDataset>(outcome.Dataset);
        var space = ClusteringSpace.Build(dataset.Features, FeatureSpaceOptions.DefaultFor(dataset.Features), CancellationToken.None);
        var segmentation = new Segmenter().Run(space, new SegmentationSettings { NumberOfClusters = 4 }, CancellationToken.None);
        var insights = PersonaInsights.Derive(space.Table, segmentation);

        var file = ReportBuilder.BuildWorkbook(ReportBuilder.BuildInput(dataset, space, insights));

        using var package = new ExcelPackage(new MemoryStream(file.Content));
        Assert.Equal(OnlineRetailCustomers + 1, package.Workbook.Worksheets[ExcelReport.CustomersSheet].Dimension.End.Row);
        var formulas = package.Workbook.Worksheets
            .SelectMany(ws => ws.Cells[ws.Dimension.Address].Where(c => !string.IsNullOrEmpty(c.Formula) || !string.IsNullOrEmpty(c.FormulaR1C1)).Select(c => $"{ws.Name}!{c.Address}"))
            .ToList();
        Assert.Empty(formulas);
        var quality = package.Workbook.Worksheets[ExcelReport.DataQualitySheet];
        Assert.NotNull(quality);
        var qualityText = string.Join("\n", quality.Cells[quality.Dimension.Address].Select(c => c.Text));
        Assert.Contains("Purchase lines kept", qualityText, StringComparison.Ordinal);
    }
}
