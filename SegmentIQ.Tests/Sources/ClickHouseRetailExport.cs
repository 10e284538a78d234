using System.IO.Compression;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// Online Retail as a typed table of the test ClickHouse (numbers and timestamps natively, missing customers and
/// descriptions as NULL), exported with the README's query to a CSV inside an allowed root for the file source, and the
/// in-process result of the original file to compare with.
/// </summary>
public sealed class ClickHouseRetailExport : IDisposable
{
    /// <summary>The name of the exported file under <see cref="Root"/>.</summary>
    public const string ExportFile = "online_retail_clickhouse.csv";

    private readonly ClickHouseHttp? _clickHouse;

    public ClickHouseRetailExport()
    {
        Root = Path.Combine(Path.GetTempPath(), "segmentiq-clickhouse-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Settings = new DuckDbSettings { AllowedRoot = Root, MemoryLimit = "1GB", SpillDirectory = Path.Combine(Root, "spill"), Threads = 2 };
        if (TestServices.ClickHouse is not { } address || !SharedData.Available)
        {
            return;
        }

        _clickHouse = new ClickHouseHttp(address);
        try
        {
            InProcess = Load(_clickHouse, Path.Combine(Root, ExportFile));
        }
        catch
        {
            // xunit does not dispose a fixture whose constructor threw: drop the database here.
            _clickHouse.Dispose();
            throw;
        }
    }

    /// <summary>The allowed root holding the export.</summary>
    public string Root { get; }

    /// <summary>DuckDB settings rooted at <see cref="Root"/>.</summary>
    public DuckDbSettings Settings { get; }

    /// <summary>The in-process result of the original file (null when the test skips).</summary>
    public LoadedDataset? InProcess { get; }

    /// <summary>Loads the file into a typed table, exports it to <paramref name="exportPath"/> and returns the in-process result.</summary>
    private static LoadedDataset Load(ClickHouseHttp clickHouse, string exportPath)
    {
        var csv = SharedData.DataFile("online_retail.csv.gz");
        clickHouse.Execute("CREATE TABLE staging (InvoiceNo String, StockCode String, Description String, Quantity String, InvoiceDate String, " +
            "UnitPrice String, CustomerID String, Country String) ENGINE = Log");
        using (var gzip = new GZipStream(File.OpenRead(csv), CompressionMode.Decompress))
        {
            clickHouse.Execute("INSERT INTO staging FORMAT CSVWithNames", gzip);
        }

        clickHouse.Execute(ClickHouseExportTests.TypedTable("online_retail"));
        clickHouse.Execute("INSERT INTO online_retail SELECT InvoiceNo, StockCode, nullIf(Description, ''), toInt32(Quantity), toDateTime(InvoiceDate), " +
            "toFloat64(UnitPrice), toUInt32(toFloat64OrNull(CustomerID)), Country FROM staging");
        clickHouse.Download(ClickHouseExportTests.ExportQuery("online_retail"), exportPath);
        var outcome = DatasetLoader.Load(csv, "online_retail.csv.gz", null, null, false, null, CancellationToken.None);
        return outcome.Dataset ?? throw new InvalidOperationException(outcome.Error);
    }

    public void Dispose()
    {
        _clickHouse?.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
