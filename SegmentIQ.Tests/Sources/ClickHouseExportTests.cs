using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// The route the README gives for data in ClickHouse: export the table with its query (NULLs written as empty fields,
/// because the file source reads ClickHouse's <c>\N</c> as text) and aggregate the file with <see cref="DuckDbFileSource"/>.
/// Run against Debian's ClickHouse 18.16 started by <c>tools/test-services.sh</c>.
/// </summary>
public sealed class ClickHouseExportTests(ClickHouseRetailExport retail) : IClassFixture<ClickHouseRetailExport>
{
    /// <summary>A transaction table as a ClickHouse warehouse would hold it.</summary>
    internal static string TypedTable(string name) =>
        $"CREATE TABLE {name} (InvoiceNo String, StockCode String, Description Nullable(String), Quantity Int32, InvoiceDate DateTime, " +
        "UnitPrice Float64, CustomerID Nullable(UInt32), Country String) ENGINE = MergeTree ORDER BY InvoiceNo";

    /// <summary>The README's export query.</summary>
    internal static string ExportQuery(string table) =>
        "SELECT InvoiceNo, StockCode, ifNull(Description, '') AS Description, Quantity, InvoiceDate, UnitPrice, " +
        $"ifNull(toString(CustomerID), '') AS CustomerID, Country FROM {table} FORMAT CSVWithNames";

    [ClickHouseDataFact]
    public async Task Aggregate_OnlineRetailExportedFromClickHouse_EqualsInProcessPath()
    {
        var aggregation = await new DuckDbFileSource(ClickHouseRetailExport.ExportFile, retail.Settings).AggregateAsync(null, null, null, CancellationToken.None);
        OnlineRetailSources.AssertSameAsInProcess(retail.InProcess!, aggregation);
        Assert.Equal(135_080, aggregation.Report.RemovedBy(CleaningRule.MissingCustomer));
    }

    [ClickHouseFact]
    public async Task Aggregate_ExportWithNullsQuotesAndNewlines_CountsAsTheCleanerDoes()
    {
        using var clickHouse = new ClickHouseHttp(TestServices.ClickHouse!);
        clickHouse.Execute(TypedTable("lines"));
        clickHouse.Execute("INSERT INTO lines VALUES " +
            "('536365', '85123A', 'WHITE \"HEART\", T-LIGHT\\nHOLDER', 6, '2010-12-01 08:26:00', 2.55, 17850, 'United Kingdom'), " +
            "('536366', '71053', NULL, 2, '2010-12-02 09:00:00', 3.39, NULL, 'France'), " +
            "('C536367', '71053', 'LANTERN', -1, '2010-12-03 10:00:00', 3.39, 17850, 'United Kingdom'), " +
            "('536368', '22139', 'JAR', 4, '2010-12-04 11:00:00', 1.25, 13047, 'EIRE')");
        clickHouse.Download(ExportQuery("lines"), Path.Combine(retail.Root, "lines.csv"));

        var aggregation = await new DuckDbFileSource("lines.csv", retail.Settings).AggregateAsync(null, null, null, CancellationToken.None);

        var report = aggregation.Report;
        Assert.Equal(4, report.RowsRead);
        Assert.Equal(1, report.RemovedBy(CleaningRule.MissingCustomer));
        Assert.Equal(1, report.RemovedBy(CleaningRule.Cancellation));
        Assert.Equal(2, report.RowsKept);
        Assert.Equal(0, report.UnparseableLines);
        var features = aggregation.Features;
        Assert.Equal(["13047", "17850"], features.CustomerIds.Order(StringComparer.Ordinal));
        var heart = features.CustomerIds.ToList().IndexOf("17850");
        var jar = features.CustomerIds.ToList().IndexOf("13047");
        Assert.Equal(6 * 2.55, features[FeatureNames.Monetary][heart], 9);
        Assert.Equal(4 * 1.25, features[FeatureNames.Monetary][jar], 9);
        // The reference date is the day after the last kept line (2010-12-04).
        Assert.Equal(4, features[FeatureNames.Recency][heart]);
        Assert.Equal(1, features[FeatureNames.Recency][jar]);
    }
}
