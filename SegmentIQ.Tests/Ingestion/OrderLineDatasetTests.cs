using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Lifetime;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Tests.Infrastructure;
using SegmentIQ.Tests.Lifetime;

namespace SegmentIQ.Tests.Ingestion;

/// <summary>Order-line files (one row per order, no products) loaded through the one ingestion pipeline.</summary>
public sealed class OrderLineDatasetTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static LoadedDataset Load(string path, DataFileReadOptions? options = null)
    {
        var outcome = DatasetLoader.Load(path, Path.GetFileName(path), options, null, isDefaultSample: false, progress: null, CancellationToken.None);
        Assert.Null(outcome.Error);
        return Assert.IsType<LoadedDataset>(outcome.Dataset);
    }

    [Fact]
    public void Load_WhitespaceOrderLinesWithoutHeader_GivesTheHandComputedFeatures()
    {
        // Customer, date, quantity, amount; no order id, so every line is one order.
        var path = _files.Write("orders.txt", """
             A 20240101  2  20.00
             A 20240101  1   5.00
             A 20240111  1  10.00
             B 20240105  3  30.00
             C 20240120  1   7.50
            """);

        var dataset = Load(path);

        Assert.Equal(FileShape.OrderLines, dataset.Shape);
        Assert.True(dataset.IsTransactions);
        Assert.False(dataset.HasProducts);
        var f = dataset.Features;
        Assert.Equal(["A", "B", "C"], f.CustomerIds);
        Assert.DoesNotContain(f.Columns, c => c.Name == FeatureNames.UniqueProducts);

        // Reference date 2024-01-21, the day after the last order.
        Assert.Equal([10d, 16, 1], f.Column(FeatureNames.Recency).Values);
        Assert.Equal([3d, 1, 1], f.Column(FeatureNames.Frequency).Values);
        Assert.Equal([35d, 30, 7.5], f.Column(FeatureNames.Monetary).Values);
        Assert.Equal(35d / 3, f.Column(FeatureNames.AverageOrderValue).Values[0], 12);
        Assert.Equal([4d, 3, 1], f.Column(FeatureNames.TotalItems).Values);
        Assert.Equal([10d, 0, 0], f.Column(FeatureNames.Tenure).Values);
        Assert.Equal(["Recency", "Frequency", "Monetary"], FeatureSpaceOptions.DefaultFor(f).Features);
    }

    [Fact]
    public void Load_CsvOrderLinesWithHeader_UsesTheOrderIdAndLeavesOutUnitColumns()
    {
        var path = _files.Write("orders.csv", """
            order_id,customer,order_date,amount
            1001,7,2024-01-01,12.50
            1001,7,2024-01-01,2.50
            1002,7,2024-02-01,10
            1003,8,2024-01-15,40
            """);

        var dataset = Load(path);

        Assert.Equal(FileShape.OrderLines, dataset.Shape);
        var f = dataset.Features;
        Assert.Equal([2d, 1], f.Column(FeatureNames.Frequency).Values);
        Assert.Equal([25d, 40], f.Column(FeatureNames.Monetary).Values);
        Assert.DoesNotContain(f.Columns, c => c.Name is FeatureNames.TotalItems or FeatureNames.AverageBasketSize or FeatureNames.UniqueProducts);
        Assert.Equal("order_id", dataset.Mapping[ColumnRole.Invoice]);
        Assert.Equal("amount", dataset.Mapping[ColumnRole.Price]);
    }

    [Fact]
    public void Load_ColumnsThatCannotBeToldApart_AskForTheMappingAndReadWithIt()
    {
        // The date is last, where the amount is looked for: the reader cannot tell them apart.
        var path = _files.Write("odd.txt", "A 10.5 20240101\nB 4 20240102\nA 2.25 20240103\n");

        var outcome = DatasetLoader.Load(path, "odd.txt", null, null, false, null, CancellationToken.None);

        var request = Assert.IsType<ColumnMappingRequest>(outcome.MappingRequest);
        Assert.Equal(FileShape.OrderLines, request.Shape);
        Assert.Equal(["Column 1 (A)", "Column 2 (10.5)", "Column 3 (20240101)"], request.Headers);
        Assert.Contains(ColumnRole.Price, request.Missing);
        Assert.Equal("Amount (order total)", request.Describe(ColumnRole.Price));

        var mapping = new Dictionary<ColumnRole, string>
        {
            [ColumnRole.Customer] = "Column 1 (A)",
            [ColumnRole.Price] = "Column 2 (10.5)",
            [ColumnRole.Date] = "Column 3 (20240101)",
        };
        var dataset = Load(path, new DataFileReadOptions { Mapping = mapping });

        Assert.Equal([12.75, 4], dataset.Features.Column(FeatureNames.Monetary).Values);
    }

    [Fact]
    public void Load_CustomerTableWithASignupDate_IsACustomerTableNotOrderLines()
    {
        // Customer, date and "spend" in the header, as order lines have; but one row per customer and more numbers.
        var path = _files.Write("customers.csv", """
            CustomerID,SignupDate,Age,Income,SpendingScore
            1,2023-01-05,19,15,39
            2,2023-02-11,21,15,81
            3,2023-03-02,20,16,6
            4,2023-03-20,23,16,77
            """);

        var dataset = Load(path);

        Assert.Equal(FileShape.CustomerTable, dataset.Shape);
        Assert.False(dataset.IsTransactions);
        Assert.Equal(["1", "2", "3", "4"], dataset.Features.CustomerIds);
        Assert.Equal([19d, 21, 20, 23], dataset.Features.Column("Age").Values);
        Assert.Equal([39d, 81, 6, 77], dataset.Features.Column("SpendingScore").Values);
    }

    [Fact]
    public void Load_OrderLinesWithAnExtraNumericColumnAndRepeatedCustomers_StayOrderLines()
    {
        // The same header pattern plus a numeric column, but customers repeat: one row per order.
        var path = _files.Write("orders.csv", """
            customer_id,order_date,amount,discount
            1,2024-01-01,20,0
            2,2024-01-02,15,5
            1,2024-01-09,30,0
            """);

        var dataset = Load(path);

        Assert.Equal(FileShape.OrderLines, dataset.Shape);
        Assert.Equal([50d, 15], dataset.Features.Column(FeatureNames.Monetary).Values);
    }

    [Fact]
    public void Load_OrderLinesWhereEveryCustomerBoughtOnce_WithoutOtherNumbers_StayOrderLines()
    {
        // Unique ids alone do not make a customer table: nothing beyond the amount describes the customers.
        var path = _files.Write("orders.csv", """
            customer,order_date,amount
            1,2024-01-01,20
            2,2024-01-02,15
            3,2024-01-09,30
            """);

        Assert.Equal(FileShape.OrderLines, Load(path).Shape);
    }

    [Fact]
    public void Load_MappingWithAnOptionalColumnAtNone_ReadsNoQuantityAndAnEmptyRequiredColumnIsAMessage()
    {
        var path = _files.Write("orders.txt", "A 20240101 2 20.00\nA 20240111 1 10.00\nB 20240105 3 30.00\n");
        var guessed = Load(path);
        Assert.Equal("Column 3 (2)", guessed.Mapping[ColumnRole.Quantity]);
        Assert.Equal([3d, 3], guessed.Features.Column(FeatureNames.TotalItems).Values);

        var mapping = new Dictionary<ColumnRole, string>(guessed.Mapping) { [ColumnRole.Quantity] = "", [ColumnRole.Invoice] = "" };
        var corrected = Load(path, new DataFileReadOptions { Shape = FileShape.OrderLines, Mapping = mapping });

        Assert.False(corrected.Mapping.ContainsKey(ColumnRole.Quantity));
        Assert.DoesNotContain(corrected.Features.Columns, c => c.Name == FeatureNames.TotalItems);
        Assert.Equal([30d, 30], corrected.Features.Column(FeatureNames.Monetary).Values);

        mapping[ColumnRole.Date] = "";
        var outcome = DatasetLoader.Load(path, "orders.txt", new DataFileReadOptions { Shape = FileShape.OrderLines, Mapping = mapping }, null, false, null, CancellationToken.None);
        Assert.Null(outcome.Dataset);
        Assert.Contains("no column for the purchase date", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadOrderLine_IsReportedWithItsLineAndTheRestIsKept()
    {
        var path = _files.Write("orders.txt", "1 20240101 10\n2 2024011 5\n3 20240103 x\n4 20240104 7\n5 20240105 0\n6 20240106 -2\n");

        var dataset = Load(path);

        // A free order (amount 0) is a purchase and stays; a negative amount is removed by cleaning and counted.
        Assert.Equal(["1", "4", "5"], dataset.Features.CustomerIds);
        Assert.Equal(1, dataset.Cleaning!.RemovedBy(SegmentIQ.Analytics.Cleaning.CleaningRule.NonPositivePrice));
        Assert.Equal(2, dataset.IssueCount);
        Assert.Equal([2L, 3L], dataset.Issues.Select(i => i.Line));
        Assert.Equal("x", dataset.Issues[1].RawValue);
    }

    [SharedDataFact]
    public void Load_CdnowSample_Gives2357CustomersAndTheLifetimeFitOfTheOrderLineReader()
    {
        var dataset = Load(SharedData.DataFile("cdnow_sample.txt"));

        Assert.Equal(FileShape.OrderLines, dataset.Shape);
        Assert.Equal(6919, dataset.RowsRead);
        Assert.Equal(2357, dataset.Features.Count);
        Assert.Equal(6919, dataset.Cleaning!.RowsKept);

        var options = new LifetimeOptions { CalibrationEnd = CdnowReference.CalibrationEnd, Unit = TimeUnit.Weeks };
        var fit = LifetimeFit.Fit(PurchaseLog.FromTransactions(dataset.Purchases!), options);
        Assert.Equal(0.243, fit.Purchases.R, 3);
        Assert.Equal(4.414, fit.Purchases.Alpha, 3);
        Assert.Equal(0.793, fit.Purchases.A, 3);
        Assert.Equal(2.426, fit.Purchases.B, 3);
    }

    [SharedDataFact]
    public void Load_CdnowMasterWithSpaceSeparatedHeader_IsReadAsOrderLines()
    {
        var dataset = Load(SharedData.DataFile("cdnow_master.txt.gz"));

        Assert.Equal(FileShape.OrderLines, dataset.Shape);
        Assert.Equal(23570, dataset.Features.Count);
        Assert.Equal("dollar_value", dataset.Mapping[ColumnRole.Price]);
    }
}
