using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

public sealed class DuckDbFileSourceTests(OnlineRetailSources data) : IClassFixture<OnlineRetailSources>
{
    [SharedDataFact]
    public async Task Aggregate_OnlineRetailGzipCsv_EqualsInProcessPath()
    {
        var source = new DuckDbFileSource("online_retail.csv.gz", data.Settings);
        var aggregation = await source.AggregateAsync(null, null, null, CancellationToken.None);
        OnlineRetailSources.AssertSameAsInProcess(data.InProcess, aggregation);
        Assert.Equal(4338, aggregation.Features.Count);
    }

    [SharedDataFact]
    public async Task Aggregate_OnlineRetailParquet_EqualsInProcessPath()
    {
        var aggregation = await new DuckDbFileSource("online_retail.parquet", data.Settings).AggregateAsync(null, null, null, CancellationToken.None);
        OnlineRetailSources.AssertSameAsInProcess(data.InProcess, aggregation);
    }

    [SharedDataFact]
    public async Task Aggregate_GlobOfMonthlyParquetFiles_EqualsTheSingleFile()
    {
        var aggregation = await new DuckDbFileSource("parts/retail-*.parquet", data.Settings).AggregateAsync(null, null, null, CancellationToken.None);
        OnlineRetailSources.AssertSameAsInProcess(data.InProcess, aggregation);
    }

    [SharedDataFact]
    public async Task Aggregate_RemoveDuplicates_EqualsInProcessCleaning()
    {
        var cleaning = new SegmentIQ.Analytics.Cleaning.CleaningOptions { RemoveDuplicates = true };
        var expected = DatasetLoader.Load(SharedData.DataFile("online_retail.csv.gz"), "online_retail.csv.gz", null, cleaning, false, null, CancellationToken.None).Dataset!;
        var aggregation = await new DuckDbFileSource("online_retail.parquet", data.Settings).AggregateAsync(null, cleaning, null, CancellationToken.None);
        OnlineRetailSources.AssertSameAsInProcess(expected, aggregation);
    }

    [SharedDataFact]
    public async Task PreviewAndCount_Parquet_ShowTypedColumnsAndAllRows()
    {
        var source = new DuckDbFileSource("online_retail.parquet", data.Settings);
        var preview = await source.PreviewAsync(5, CancellationToken.None);
        Assert.Equal(5, preview.PreviewRows.Count);
        Assert.Equal(["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"], preview.Headers);
        Assert.Equal(SourceColumnKind.Number, preview.Columns[3].Kind);
        Assert.Equal(SourceColumnKind.Date, preview.Columns[4].Kind);
        Assert.Equal("536365", preview.PreviewRows[0][0]);
        Assert.Equal(541_909, await source.CountRowsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Load_CorruptParquet_SaysItIsNotReadable()
    {
        data.Write("corrupt.parquet", [.. "PAR1 this is not really parquet at all"u8]);
        var outcome = await SourceLoader.LoadAsync(new DuckDbFileSource("corrupt.parquet", data.Settings), null, null, null, CancellationToken.None);
        Assert.Null(outcome.Dataset);
        Assert.Equal("corrupt.parquet: it is not a readable Parquet file (corrupt, truncated, or another format).", outcome.Error);
    }

    [Fact]
    public async Task Load_GlobMatchingNothing_SaysNoFileMatches()
    {
        var outcome = await SourceLoader.LoadAsync(new DuckDbFileSource("exports/2031-*.parquet", data.Settings), null, null, null, CancellationToken.None);
        Assert.Equal("exports/2031-*.parquet: no file matches 'exports/2031-*.parquet' in the data folder for sources.", outcome.Error);
    }

    [Theory]
    [InlineData("../../etc/passwd.csv")]
    [InlineData("/etc/shadow.csv")]
    [InlineData("parts/../../outside-*.parquet")]
    public void Create_PathOutsideTheAllowedRoot_IsRefusedBeforeDuckDbSeesIt(string path)
    {
        var ex = Assert.Throws<SourceException>(() => new DuckDbFileSource(path, data.Settings));
        Assert.Equal($"{path}: files can only be read from inside the data folder configured for sources; this path leads outside it.", ex.Message);
    }

    [Fact]
    public async Task Load_CsvWithoutCustomerColumn_AsksForAMapping()
    {
        data.Write("no-customer.csv", [.. "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,A,2,2011-01-01 10:00:00,1.5\n"u8]);
        var outcome = await SourceLoader.LoadAsync(new DuckDbFileSource("no-customer.csv", data.Settings), null, null, null, CancellationToken.None);
        Assert.NotNull(outcome.MappingRequest);
        Assert.Equal([ColumnRole.Customer], outcome.MappingRequest.Missing);
    }

    [Fact]
    public async Task Aggregate_MappingNamesAMissingColumn_SaysWhichAndListsTheColumns()
    {
        data.Write("mapped.csv", [.. "Invoice,Product,Qty,When,Price,Who\n1,A,2,2011-01-01 10:00:00,1.5,7\n"u8]);
        var mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Customer] = "Client" };
        var ex = await Assert.ThrowsAsync<SourceException>(() => new DuckDbFileSource("mapped.csv", data.Settings).AggregateAsync(mapping, null, null, CancellationToken.None));
        Assert.Equal("mapped.csv: the mapping gives column 'Client' for Customer, but there is no such column. Columns: Invoice, Product, Qty, When, Price, Who.", ex.Message);
    }

    [Fact]
    public async Task Aggregate_QuantityColumnOfText_SaysNoneIsANumber()
    {
        data.Write("text-quantity.csv", [.. "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,six,2011-01-01 10:00:00,1.5,7\n2,B,many,2011-01-02 10:00:00,2.5,8\n"u8]);
        var outcome = await SourceLoader.LoadAsync(new DuckDbFileSource("text-quantity.csv", data.Settings), null, null, null, CancellationToken.None);
        Assert.Equal("text-quantity.csv: column 'Quantity' is mapped to Quantity, but none of its values is a number (for example 'many').", outcome.Error);
    }

    [SharedDataFact]
    public async Task Aggregate_DateColumnOfNumbersInParquet_IsRefusedByType()
    {
        OnlineRetailSources.Copy(SharedData.DataFile("online_retail.csv.gz"), "TRUE LIMIT 100", Path.Combine(data.Root, "numeric-date.parquet"),
            "InvoiceNo, StockCode, CAST(Quantity AS BIGINT) AS Quantity, epoch(CAST(InvoiceDate AS TIMESTAMP)) AS InvoiceDate, CAST(UnitPrice AS DOUBLE) AS UnitPrice, CustomerID");
        var outcome = await SourceLoader.LoadAsync(new DuckDbFileSource("numeric-date.parquet", data.Settings), null, null, null, CancellationToken.None);
        Assert.Equal("numeric-date.parquet: column 'InvoiceDate' (Double) is mapped to Date, which must be a date.", outcome.Error);
    }

    [Fact]
    public async Task Aggregate_SomeUnreadableValues_CountsThemAsUnparseableAndWarns()
    {
        data.Write("some-bad.csv", [.. "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,2,2011-01-01 10:00:00,1.5,7.0\n2,B,x,2011-01-02 10:00:00,2.5,8\n3,C,1,not a date,2.5,8\n"u8]);
        var aggregation = await new DuckDbFileSource("some-bad.csv", data.Settings).AggregateAsync(null, null, null, CancellationToken.None);
        Assert.Equal(2, aggregation.Report.UnparseableLines);
        Assert.Equal(["7"], aggregation.Features.CustomerIds);
        Assert.Contains("1 values of column 'Quantity' (Quantity) are not a number, for example 'x'; those lines are counted as unparseable.", aggregation.Report.Warnings);
        Assert.Contains("1 values of column 'InvoiceDate' (Date) are not an ISO date (yyyy-MM-dd HH:mm:ss), for example 'not a date'; those lines are counted as unparseable.", aggregation.Report.Warnings);
    }

    [Fact]
    public async Task Aggregate_CsvWithBackslashNNulls_ReadsThemAsMissingAsTheInProcessReaderDoes()
    {
        // \N (PostgreSQL's and MySQL's exported NULL) in the customer and description columns, next to empty fields.
        var path = data.Write("backslash-n.csv", System.Text.Encoding.UTF8.GetBytes(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" +
            "1,A,Apple,2,2011-01-01 10:00:00,1.5,7,UK\n" +
            "1,B,\\N,1,2011-01-01 10:00:00,2.5,7,UK\n" +
            "2,B,\\N,3,2011-01-02 10:00:00,2.5,\\N,UK\n" +
            "3,B,Bread,1,2011-01-03 10:00:00,2.5,8,\\N\n" +
            "3,A,,1,2011-01-03 10:00:00,1.5,8,UK\n" +
            "4,A,Apple,1,2011-01-04 10:00:00,1.5,,UK\n" +
            "5,B,\\N,1,2011-01-05 10:00:00,2.5,8,UK\n"));
        var expected = DatasetLoader.Load(path, "backslash-n.csv", null, null, false, null, CancellationToken.None).Dataset!;
        var source = new DuckDbFileSource("backslash-n.csv", data.Settings);

        var aggregation = await source.AggregateAsync(null, null, null, CancellationToken.None);

        OnlineRetailSources.AssertSameAsInProcess(expected, aggregation);
        Assert.Equal(["7", "8"], aggregation.Features.CustomerIds);
        Assert.Equal(2, aggregation.Report.Removed.Single(r => r.Rule == SegmentIQ.Analytics.Cleaning.CleaningRule.MissingCustomer).Count);
        Assert.Equal(1, aggregation.Report.Countries);

        // B's most frequent description is "Bread": its \N lines have none, on both paths.
        var pushed = await source.BasketsAsync(null, null, SegmentIQ.Analytics.Baskets.BasketGrouping.Invoice, 0.5, CancellationToken.None);
        var inProcess = SegmentIQ.Analytics.Baskets.TransactionBaskets.Build(expected.Purchases!);
        Assert.Equal("Bread", inProcess.DisplayLabel(inProcess.FindItem("B")));
        Assert.Equal("Bread", pushed.Baskets.DisplayLabel(pushed.Baskets.FindItem("B")));
    }

    [SharedDataFact]
    public async Task Aggregate_CancelledWhileDuckDbRuns_EndsAsCancellationNotAsAnError()
    {
        // The interrupted statement fails inside DuckDB; the source must report that as the cancel it was, not as a bad file.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DuckDbFileSource("online_retail.csv.gz", data.Settings).AggregateAsync(null, null, null, cancel.Token));
    }

    [Fact]
    public void Create_UnknownExtension_NamesTheFormatsRead()
    {
        var ex = Assert.Throws<SourceException>(() => new DuckDbFileSource("data.xlsx", data.Settings));
        Assert.Equal("data.xlsx: DuckDB reads .parquet, .csv, .csv.gz, .tsv and .txt files; this path ends otherwise.", ex.Message);
    }
}
