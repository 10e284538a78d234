using DuckDB.NET.Data;
using SegmentIQ.Analytics.Cleaning;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>
/// Online Retail three ways for the source tests: read in-process (the reference), as the gzip'd CSV inside an allowed
/// root for DuckDB, and as typed Parquet (one file, and the same lines split over three monthly files).
/// </summary>
public sealed class OnlineRetailSources : IDisposable
{
    /// <summary>The typed columns the Parquet copies get (numbers and timestamps natively, ids and codes as text).</summary>
    private const string TypedColumns =
        "InvoiceNo, StockCode, Description, CAST(Quantity AS BIGINT) AS Quantity, CAST(InvoiceDate AS TIMESTAMP) AS InvoiceDate, " +
        "CAST(UnitPrice AS DOUBLE) AS UnitPrice, TRY_CAST(CustomerID AS DOUBLE) AS CustomerID, Country";

    private readonly Lazy<LoadedDataset> _inProcess;

    public OnlineRetailSources()
    {
        Root = Path.Combine(Path.GetTempPath(), "segmentiq-sources-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "parts"));
        Settings = new DuckDbSettings { AllowedRoot = Root, MemoryLimit = "1GB", SpillDirectory = Path.Combine(Root, "spill"), Threads = 2 };
        _inProcess = new(() =>
        {
            var outcome = DatasetLoader.Load(SharedData.DataFile("online_retail.csv.gz"), "online_retail.csv.gz", null, null, false, null, CancellationToken.None);
            return outcome.Dataset ?? throw new InvalidOperationException(outcome.Error);
        });
        if (SharedData.Available)
        {
            File.CreateSymbolicLink(Path.Combine(Root, "online_retail.csv.gz"), SharedData.DataFile("online_retail.csv.gz"));
            var csv = SharedData.DataFile("online_retail.csv.gz");
            Copy(csv, "TRUE", Path.Combine(Root, "online_retail.parquet"));
            Copy(csv, "CAST(InvoiceDate AS TIMESTAMP) < TIMESTAMP '2011-04-01'", Path.Combine(Root, "parts", "retail-1.parquet"));
            Copy(csv, "CAST(InvoiceDate AS TIMESTAMP) >= TIMESTAMP '2011-04-01' AND CAST(InvoiceDate AS TIMESTAMP) < TIMESTAMP '2011-08-01'", Path.Combine(Root, "parts", "retail-2.parquet"));
            Copy(csv, "CAST(InvoiceDate AS TIMESTAMP) >= TIMESTAMP '2011-08-01'", Path.Combine(Root, "parts", "retail-3.parquet"));
        }
    }

    /// <summary>The allowed root holding the copies.</summary>
    public string Root { get; }

    /// <summary>DuckDB settings rooted at <see cref="Root"/>.</summary>
    public DuckDbSettings Settings { get; }

    /// <summary>The in-process result (reader, cleaner, features).</summary>
    public LoadedDataset InProcess => _inProcess.Value;

    /// <summary>Writes a file of the given bytes under the root.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Copies lines of the CSV to a Parquet file with DuckDB (test-only SQL: the paths are ours).</summary>
    public static void Copy(string csv, string where, string parquet, string columns = TypedColumns)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT {columns} FROM read_csv('{csv.Replace("'", "''", StringComparison.Ordinal)}', header = true, all_varchar = true) WHERE {where}) " +
            $"TO '{parquet.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT PARQUET)";
        command.ExecuteNonQuery();
    }

    /// <summary>Asserts that an aggregation equals the in-process result: customers, report counts, features to 1e-9 (relative).</summary>
    public static void AssertSameAsInProcess(LoadedDataset expected, SourceAggregation actual)
    {
        var e = expected.Cleaning!;
        var a = actual.Report;
        Assert.Equal(e.RowsRead, a.RowsRead);
        Assert.Equal(e.Removed.Select(r => (r.Rule, r.Count, r.Description)), a.Removed.Select(r => (r.Rule, r.Count, r.Description)));
        Assert.Equal(e.RowsKept, a.RowsKept);
        Assert.Equal(e.Customers, a.Customers);
        Assert.Equal(e.Invoices, a.Invoices);
        Assert.Equal(e.Products, a.Products);
        Assert.Equal(e.Countries, a.Countries);
        Assert.Equal(e.FirstDate, a.FirstDate);
        Assert.Equal(e.LastDate, a.LastDate);
        Assert.Equal(e.Revenue, a.Revenue, 2);
        Assert.Equal(e.ExactDuplicates, a.ExactDuplicates);
        Assert.Equal(e.UnparseableLines, a.UnparseableLines);

        var ef = expected.Features;
        var af = actual.Features;
        Assert.True(af.HasRfm);
        Assert.Equal(ef.CustomerIds, af.CustomerIds);
        Assert.Equal(ef.Columns.Select(c => (c.Name, c.Skewed, c.Description)), af.Columns.Select(c => (c.Name, c.Skewed, c.Description)));
        foreach (var column in ef.Columns)
        {
            var got = af[column.Name];
            for (var i = 0; i < column.Values.Length; i++)
            {
                var want = column.Values[i];
                Assert.True(Math.Abs(want - got[i]) <= 1e-9 * Math.Max(1, Math.Abs(want)), $"{column.Name} of customer {ef.CustomerIds[i]}: in-process {want:R}, source {got[i]:R}");
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
