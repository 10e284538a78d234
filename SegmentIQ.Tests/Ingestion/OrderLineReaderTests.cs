using System.Text;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Ingestion;

public sealed class OrderLineReaderTests
{
    [SharedDataFact]
    public void Read_CdnowMasterWithHeader_ReadsEveryLine()
    {
        var read = OrderLineReader.Read(SharedData.DataFile("cdnow_master.txt.gz"));

        Assert.True(read.HasHeader);
        Assert.Equal(69659, read.LinesRead);
        Assert.Equal(0, read.IssueCount);
        Assert.Equal(23570, read.Purchases.CustomerIds.Count);
        Assert.Equal(0, read.Columns[ColumnRole.Customer]);
        Assert.Equal(1, read.Columns[ColumnRole.Date]);
        Assert.Equal(2, read.Columns[ColumnRole.Quantity]);
        Assert.Equal(3, read.Columns[ColumnRole.Price]);
        Assert.Equal(new DateTime(1997, 1, 1), read.Purchases.Date[0]);
        Assert.Equal(11.77, read.Purchases.Amount[0]);
    }

    [SharedDataFact]
    public void Read_CdnowSampleWithoutHeader_FindsTheColumnsFromTheValues()
    {
        var read = OrderLineReader.Read(SharedData.DataFile("cdnow_sample.txt"));

        Assert.False(read.HasHeader);
        Assert.Equal(6919, read.LinesRead);
        Assert.Equal(2357, read.Purchases.CustomerIds.Count);
        Assert.Equal(2, read.Columns[ColumnRole.Date]);
        Assert.Equal(3, read.Columns[ColumnRole.Quantity]);
        Assert.Equal(4, read.Columns[ColumnRole.Price]);
        Assert.Equal(1d * 2 + 2 + 1 + 2, read.Quantities!.Take(4).Sum());
    }

    [Fact]
    public void Read_BadLines_AreReportedWithLineNumberAndSkipped()
    {
        var text = "customer;date;amount\n7;20240101;10.5\n7;2024-13-01;3\n8;20240105;abc\n8;20240106;4\n";

        var read = OrderLineReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "orders.csv");

        Assert.Equal(2, read.Purchases.Count);
        Assert.Equal(2, read.IssueCount);
        Assert.Equal(3, read.Issues[0].Line);
        Assert.Equal("date", read.Issues[0].Column);
        Assert.Equal(4, read.Issues[1].Line);
        Assert.Equal("abc", read.Issues[1].RawValue);
    }

    [Fact]
    public void Read_NoUsableLine_NamesTheProblem()
    {
        var error = Assert.ThrowsAny<DataFileException>(() =>
            OrderLineReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("a b\nc d\n")), "odd.txt"));

        Assert.Contains("odd.txt", error.Message, StringComparison.Ordinal);
    }
}
