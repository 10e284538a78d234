using System.Text;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Ingestion;

public sealed class DataFileReaderTests : IDisposable
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static TransactionTable Table(DataFileReadResult result) =>
        result.Transactions ?? throw new Xunit.Sdk.XunitException($"No transactions; missing {string.Join(",", result.MissingRoles)}");

    [Fact]
    public void Read_CommaCsv_ReadsColumnsAndNormalisesCustomerIds()
    {
        var path = _files.Write("a.csv", $"""
            {Header}
            536365,85123A,"WHITE HANGING HEART, T-LIGHT",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
            """);

        var result = DataFileReader.Read(path);
        var t = Table(result);

        Assert.Equal(FileShape.Transactions, result.Shape);
        Assert.Equal(3, result.RowsRead);
        Assert.Equal(3, t.Count);
        Assert.Equal(',', result.Format.Delimiter);
        Assert.Equal("17850", t.Pools.Customers[t.Customer[0]]);
        Assert.Equal("WHITE HANGING HEART, T-LIGHT", t.Pools.Descriptions[t.Description[0]]);
        Assert.Equal(-1, t.Customer[2]);
        Assert.Equal(-1, t.Description[2]);
        Assert.Equal(-1.0, t.Quantity[1]);
        Assert.Equal(2.55, t.Price[0]);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), t.Date[0]);
        Assert.Equal([2, 3, 4], t.SourceLine);
        Assert.Equal(DateLayout.Iso, result.Format.DateLayout);
    }

    [Fact]
    public void Upload_SemicolonCsv_DetectsDelimiterAndDecimalComma()
    {
        var path = _files.Write("de.csv", """
            Rechnung;Artikel;Menge;Datum;Preis;Kunde
            1001;A1;3;01.02.2011 10:15;2,55;K1
            1001;A2;1;01.02.2011 10:15;1.234,50;K1
            1002;A1;2;13.02.2011;0,5;K2
            """);

        var result = DataFileReader.Read(path, new DataFileReadOptions
        {
            Mapping = new Dictionary<ColumnRole, string>
            {
                [ColumnRole.Invoice] = "Rechnung", [ColumnRole.Product] = "Artikel", [ColumnRole.Quantity] = "Menge",
                [ColumnRole.Date] = "Datum", [ColumnRole.Price] = "Preis", [ColumnRole.Customer] = "Kunde",
            },
        });
        var t = Table(result);

        Assert.Equal(';', result.Format.Delimiter);
        Assert.Equal(',', result.Format.DecimalSeparator);
        Assert.Equal([2.55, 1234.5, 0.5], t.Price);
        Assert.Equal(DateLayout.DottedDayMonthYear, result.Format.DateLayout);
        Assert.Equal(new DateTime(2011, 2, 1, 10, 15, 0), t.Date[0]);
        Assert.Equal(new DateTime(2011, 2, 13), t.Date[2]);
    }

    [Theory]
    [InlineData('\t')]
    [InlineData('|')]
    [InlineData(';')]
    public void Read_OtherDelimiters_AreDetected(char delimiter)
    {
        var lines = new[]
        {
            "Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID",
            "1,A,2,2011-01-02,1.5,10",
            "2,B,3,2011-01-03,2.5,11",
        };
        var path = _files.Write("d.txt", string.Join("\n", lines.Select(l => l.Replace(',', delimiter))));

        var result = DataFileReader.Read(path);

        Assert.Equal(delimiter, result.Format.Delimiter);
        Assert.Equal([1.5, 2.5], Table(result).Price);
    }

    [Fact]
    public void Read_Windows1252File_DecodesPoundAndEAcute()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = $"{Header}\n1,A,Café crème £5,1,2011-01-02 10:00,5,10,France\n";
        var path = _files.Write("w.csv", text, Encoding.GetEncoding(1252));

        var result = DataFileReader.Read(path);
        var t = Table(result);

        Assert.Equal("windows-1252", result.Format.EncodingName);
        Assert.Equal("Café crème £5", t.Pools.Descriptions[t.Description[0]]);
    }

    [Fact]
    public void Read_Utf8WithBom_ReadsFirstHeaderCleanly()
    {
        var path = _files.Write("bom.csv", $"{Header}\n1,A,Crème £,1,2011-01-02,5,10,France\n", new UTF8Encoding(true));

        var result = DataFileReader.Read(path);
        var t = Table(result);

        Assert.Equal("InvoiceNo", result.Headers[0]);
        Assert.Equal("Crème £", t.Pools.Descriptions[t.Description[0]]);
        Assert.StartsWith("utf-8", result.Format.EncodingName, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipWithoutExtension_IsRecognisedByMagicBytes()
    {
        var path = _files.WriteGzip("upload.bin", $"{Header}\n1,A,x,1,2011-01-02,5,10,France\n");

        var result = DataFileReader.Read(path);

        Assert.True(result.Format.Compressed);
        Assert.Equal(1, Table(result).Count);
    }

    [Fact]
    public void Read_DayFirstDates_AreDecidedFromALaterValue()
    {
        // 1/2 alone is ambiguous; 13/2 later proves the first part is the day.
        var path = _files.Write("dmy.csv", $"{Header}\n1,A,x,1,1/2/2011 8:26,5,10,UK\n2,A,x,1,13/2/2011 9:00,5,10,UK\n");

        var result = DataFileReader.Read(path);
        var t = Table(result);

        Assert.Equal(DateLayout.DayMonthYear, result.Format.DateLayout);
        Assert.Equal(new DateTime(2011, 2, 1, 8, 26, 0), t.Date[0]);
        Assert.Equal(new DateTime(2011, 2, 13, 9, 0, 0), t.Date[1]);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_MonthFirstDates_AreDecidedFromALaterValue()
    {
        var path = _files.Write("mdy.csv", $"{Header}\n1,A,x,1,12/1/2010 8:26,5,10,UK\n2,A,x,1,12/13/2010 16:05,5,10,UK\n");

        var result = DataFileReader.Read(path);
        var t = Table(result);

        Assert.Equal(DateLayout.MonthDayYear, result.Format.DateLayout);
        Assert.Equal(new DateTime(2010, 12, 1, 8, 26, 0), t.Date[0]);
        Assert.Equal(new DateTime(2010, 12, 13, 16, 5, 0), t.Date[1]);
    }

    [Fact]
    public void Read_AmbiguousDates_AreReadDayFirstWithAWarning()
    {
        var path = _files.Write("amb.csv", $"{Header}\n1,A,x,1,1/2/2011,5,10,UK\n");

        var result = DataFileReader.Read(path);

        Assert.Equal(new DateTime(2011, 2, 1), Table(result).Date[0]);
        Assert.Contains(result.Warnings, w => w.Contains("day-first", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2011-03-04", 2011, 3, 4, 0, 0, 0)]
    [InlineData("2011-03-04 05:06", 2011, 3, 4, 5, 6, 0)]
    [InlineData("2011-03-04 05:06:07", 2011, 3, 4, 5, 6, 7)]
    [InlineData("2011-03-04T05:06:07", 2011, 3, 4, 5, 6, 7)]
    [InlineData("04.03.2011", 2011, 3, 4, 0, 0, 0)]
    [InlineData("04.03.2011 17:30", 2011, 3, 4, 17, 30, 0)]
    public void Read_DateStyles_AreParsed(string text, int y, int mo, int d, int h, int mi, int s)
    {
        var path = _files.Write("dates.csv", $"{Header}\n1,A,x,1,{text},5,10,UK\n");

        Assert.Equal(new DateTime(y, mo, d, h, mi, s), Table(DataFileReader.Read(path)).Date[0]);
    }

    [Fact]
    public void Read_GermanHeaders_AreMatchedWithoutAMapping()
    {
        var path = _files.Write("de.csv", "Rechnung;Artikel;Menge;Datum;Preis;Kunde;Land\n1001;A1;3;01.02.2011;2,55;K1;Deutschland\n");

        var result = DataFileReader.Read(path);

        Assert.Equal(FileShape.Transactions, result.Shape);
        Assert.Equal(2.55, Table(result).Price[0]);
        Assert.Equal("Land", result.Mapping[ColumnRole.Country]);
    }

    [Theory]
    [InlineData("Invoice Number", "SKU", "Qty", "Unit_Price", "Date", "customer_id")]
    [InlineData("Invoice", "Product", "Quantity", "Price", "InvoiceDate", "Customer ID")]
    [InlineData("INVOICENO", "stock code", "QUANTITY", "unitprice", "invoice_date", "CustomerID")]
    public void Read_HeaderAliases_MatchTheRoles(string invoice, string product, string quantity, string price, string date, string customer)
    {
        var path = _files.Write("alias.csv", $"{invoice},{product},{quantity},{price},{date},{customer}\n7,P,2,3.5,2011-01-01,42\n");

        var result = DataFileReader.Read(path);
        var t = Table(result);

        Assert.False(result.NeedsMapping);
        Assert.Equal(2.0, t.Quantity[0]);
        Assert.Equal(3.5, t.Price[0]);
        Assert.Equal("42", t.Pools.Customers[t.Customer[0]]);
        Assert.Equal(customer, result.Mapping[ColumnRole.Customer]);
    }

    [Fact]
    public void Read_MissingRequiredColumn_AsksForAMappingAndListsHeaders()
    {
        var path = _files.Write("m.csv", "Invoice,Item,Quantity,Price,Date,Buyer\n1,A,1,2,2011-01-01,x\n");

        var result = DataFileReader.Read(path);

        Assert.True(result.NeedsMapping);
        Assert.Null(result.Transactions);
        Assert.Equal([ColumnRole.Customer], result.MissingRoles);
        Assert.Equal(["Invoice", "Item", "Quantity", "Price", "Date", "Buyer"], result.Headers);
    }

    [Fact]
    public void Read_ExplicitMapping_ReadsTheFileAgain()
    {
        var path = _files.Write("m.csv", "Invoice,Item,Quantity,Price,Date,Buyer\n1,A,1,2,2011-01-01,x\n");

        var result = DataFileReader.Read(path, new DataFileReadOptions { Mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Customer] = "Buyer" } });

        Assert.False(result.NeedsMapping);
        var t = Table(result);
        Assert.Equal("x", t.Pools.Customers[t.Customer[0]]);
    }

    [Fact]
    public void Read_MappingToUnknownHeader_SaysWhichHeader()
    {
        var path = _files.Write("m.csv", "Invoice,Item,Quantity,Price,Date,Buyer\n1,A,1,2,2011-01-01,x\n");

        var ex = Assert.Throws<ArgumentException>(() => DataFileReader.Read(path, new DataFileReadOptions { Mapping = new Dictionary<ColumnRole, string> { [ColumnRole.Customer] = "Client" } }));

        Assert.Contains("'Client'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GarbageLines_AreReportedWithLineNumbersAndSkipped()
    {
        var path = _files.Write("bad.csv", $"""
            {Header}
            1,A,x,1,2011-01-02,5,10,UK
            2,A,x,lots,2011-01-02,5,10,UK
            3,A,x,1,2011-01-02,£5,10,UK
            4,A,x,1,not a date,5,10,UK
            5,A,x,1
            6,A,x,1,2011-01-02,5,10,UK
            """);

        var result = DataFileReader.Read(path);

        Assert.Equal(6, result.RowsRead);
        Assert.Equal(2, Table(result).Count);
        Assert.Equal(4, result.IssueCount);
        Assert.Equal([3L, 4L, 5L, 6L], result.Issues.Select(i => i.Line));
        Assert.Equal(("Quantity", "lots"), (result.Issues[0].Column, result.Issues[0].RawValue));
        Assert.Equal(("UnitPrice", "£5"), (result.Issues[1].Column, result.Issues[1].RawValue));
        Assert.Equal(("InvoiceDate", "not a date"), (result.Issues[2].Column, result.Issues[2].RawValue));
        Assert.Contains("4 fields", result.Issues[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyBadLines_KeepsTheFirstHundredAndCountsAll()
    {
        var sb = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 250; i++)
        {
            sb.Append(i).Append(",A,x,bad,2011-01-02,5,10,UK\n");
        }

        var result = DataFileReader.Read(_files.Write("many.csv", sb.ToString()));

        Assert.Equal(250, result.IssueCount);
        Assert.Equal(100, result.Issues.Count);
        Assert.Equal(2, result.Issues[0].Line);
    }

    [Fact]
    public void Read_EmptyFile_ThrowsNamingTheFile()
    {
        var path = _files.Write("empty.csv", string.Empty);

        var ex = Assert.ThrowsAny<DataFileException>(() => DataFileReader.Read(path));

        Assert.Contains("empty.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty", ex.Message[("empty.csv".Length)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedGzip_WarnsThatTheFileIsCut()
    {
        var sb = new StringBuilder(Header).Append('\n');
        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            sb.Append(i).Append(",A").Append(random.Next()).Append(",x,1,2011-01-02,5,").Append(random.Next()).Append(",UK\n");
        }

        var full = File.ReadAllBytes(_files.WriteGzip("full.csv.gz", sb.ToString()));
        var path = _files.WriteBytes("cut.csv.gz", full[..(full.Length * 2 / 3)]);

        var result = DataFileReader.Read(path);

        Assert.Contains(result.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
        Assert.InRange(result.RowsRead, 1, 199_999);
        Assert.DoesNotContain(DataFileReader.Read(_files.PathOf("full.csv.gz")).Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_BrokenWorkbook_ThrowsNamingTheFile()
    {
        var path = _files.WriteBytes("broken.xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6]);

        var ex = Assert.ThrowsAny<DataFileException>(() => DataFileReader.Read(path));

        Assert.Contains("broken.xlsx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Cancelled_Throws()
    {
        var sb = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 40_000; i++)
        {
            sb.Append(i).Append(",A,x,1,2011-01-02,5,10,UK\n");
        }

        var path = _files.Write("big.csv", sb.ToString());
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => DataFileReader.Read(path, null, null, cts.Token));
    }

    [Fact]
    public void Read_ReportsProgressUpToAllRows()
    {
        var sb = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 40_000; i++)
        {
            sb.Append(i).Append(",A,x,1,2011-01-02,5,10,UK\n");
        }

        var reports = new List<ReadProgress>();
        var progress = new SynchronousProgress(reports.Add);

        DataFileReader.Read(_files.Write("big.csv", sb.ToString()), null, progress);

        Assert.True(reports.Count >= 2);
        Assert.Equal(new ReadProgress(40_000, 1), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.RowsRead <= p.Second.RowsRead));
    }

    [Fact]
    public void Read_CustomerTable_IsDetectedAndNumbersRowsWithoutId()
    {
        var path = _files.Write("cust.csv", "Channel,Region,Fresh,Milk,Note\n2,3,12669,9656,a\n1,3,7057,9810,b\n2,1,6353,8808,c\n");

        var result = DataFileReader.Read(path);
        var table = result.CustomerTable!;

        Assert.Equal(FileShape.CustomerTable, result.Shape);
        Assert.Null(result.Transactions);
        Assert.False(table.HasRfm);
        Assert.Equal(["1", "2", "3"], table.CustomerIds);
        Assert.Equal(["Channel", "Region", "Fresh", "Milk"], table.Columns.Select(c => c.Name));
        Assert.Equal([12669.0, 7057, 6353], table["Fresh"]);
        Assert.Contains(result.Warnings, w => w.Contains("Note", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CustomerTableWithIdColumn_UsesTheIds()
    {
        var path = _files.Write("cust.csv", "Customer ID;Spend;Visits\n17850.0;1,5;3\nA-2;2,5;4\n");

        var table = DataFileReader.Read(path).CustomerTable!;

        Assert.Equal(["17850", "A-2"], table.CustomerIds);
        Assert.Equal([1.5, 2.5], table["Spend"]);
    }

    [SharedDataFact]
    public void Read_WholesaleCustomers_IsACustomerTableOf440()
    {
        var result = DataFileReader.Read(SharedData.DataFile("wholesale_customers.csv"));
        var table = result.CustomerTable!;

        Assert.Equal(440, table.Count);
        Assert.Equal(8, table.Columns.Count);
        Assert.Equal(0, result.IssueCount);
        Assert.Equal(12669.0, table["Fresh"][0]);
        Assert.Equal(
            ["Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"],
            FeatureSpaceOptions.DefaultFor(table).Features);
        Assert.Equal(FeatureSpaceOptions.DefaultFor(table).Features, FeatureSpaceOptions.DefaultFor(table).Log1p);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, on the calling thread.</summary>
    private sealed class SynchronousProgress(Action<ReadProgress> report) : IProgress<ReadProgress>
    {
        public void Report(ReadProgress value) => report(value);
    }
}
