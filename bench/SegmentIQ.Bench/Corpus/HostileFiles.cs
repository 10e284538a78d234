using System.IO.Compression;
using System.Text;

namespace SegmentIQ.Bench.Corpus;

/// <summary>What reading a hostile file must end in.</summary>
public enum HostileExpectation
{
    /// <summary>A message naming the problem (no dataset).</summary>
    Message,

    /// <summary>A correct read (possibly with line issues or warnings).</summary>
    Read,

    /// <summary>Either, as long as nothing escapes as an exception (formats whose best reading is a judgement call).</summary>
    MessageOrRead,
}

/// <summary>One file of the corpus: its name on disk, how to write it, what reading must end in and a text the message must hold.</summary>
public sealed record HostileCase(string Name, Func<string, string> Write, HostileExpectation Expect, string? MessageHolds = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The hostile-file corpus, generated at test time (small on disk, deterministic) so no bomb is committed: empty and
/// degenerate files, binaries and renamed images, damaged and bombed gzip and xlsx, limits, encodings, odd values and
/// payloads. <see cref="All"/> writes into a folder the caller owns. It lives in the bench so the <c>bombs</c> suite
/// measures the same files the tests in <c>SegmentIQ.Tests/Ingestion/HostileFileTests</c> assert on.
/// </summary>
public static class HostileFiles
{
    public const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    /// <summary>Formula and HTML payloads put into every text column of <c>payloads.csv</c>.</summary>
    public static readonly string[] Payloads =
    [
        "=HYPERLINK(\"http://evil.example\",\"click\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "\"'><b>bold</b>", "\tleading tab",
    ];

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private const string WorkbookXml = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\"/></sheets></workbook>";

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        new("empty.csv", p => Bytes(p, []), HostileExpectation.Message, "empty"),
        new("header-only.csv", p => Text(p, Header + "\n"), HostileExpectation.Message, "no purchase line"),
        new("header-only-customers.csv", p => Text(p, "id,spend,visits\n"), HostileExpectation.Message, "no data lines"),
        new("bom-only.csv", p => Bytes(p, [0xEF, 0xBB, 0xBF]), HostileExpectation.Message, "no header and no data"),
        new("separators-only.csv", p => Text(p, ",,,,\n,,,,\n;;;\n"), HostileExpectation.Message, "no header and no data"),
        new("blank-lines-only.csv", p => Text(p, "\n\n\r\n\n   \n"), HostileExpectation.Message, "no header and no data"),
        new("binary.csv", p => Bytes(p, Random(1, 64 * 1024)), HostileExpectation.Message),
        new("photo.csv", p => Bytes(p, [.. Png, .. Random(2, 16 * 1024)]), HostileExpectation.Message),
        new("photo.xlsx", p => Bytes(p, [.. Png, .. Random(3, 16 * 1024)]), HostileExpectation.Message, "not a readable .xlsx"),
        new("photo.csv.gz", p => Bytes(p, [.. Png, .. Random(4, 16 * 1024)]), HostileExpectation.Message, "gzip"),
        new("truncated.csv.gz", p => Bytes(p, Gzip(Transactions(2_000))[..^4000]), HostileExpectation.MessageOrRead),
        new("corrupt.csv.gz", p => Bytes(p, [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, .. Random(5, 8 * 1024)]), HostileExpectation.Message, "gzip"),
        new("zeros-bomb.csv.gz", p => GzipRepeated(p, new byte[1 << 20], 256), HostileExpectation.Message, "SegmentIQ:ReaderLimits:"),
        new("lines-bomb.csv.gz", p => GzipRepeated(p, Encoding.UTF8.GetBytes(Header + "\n" + string.Concat(Enumerable.Repeat("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850,United Kingdom\n", 10_000))), 200), HostileExpectation.Message, "MaxCompressionRatio"),
        new("shared-strings-bomb.xlsx", p => Workbook(p, SharedStringsBomb()), HostileExpectation.Message, "MaxCompressionRatio"),
        new("malformed-workbook.xlsx", p => Workbook(p, [("xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"")]), HostileExpectation.Message, "not valid XML"),
        new("malformed-rels.xlsx", p => Workbook(p, [("xl/workbook.xml", WorkbookXml), ("xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=")]), HostileExpectation.Message, "not valid XML"),
        new("far-column.xlsx", p => Workbook(p, [("xl/workbook.xml", WorkbookXml), ("xl/worksheets/sheet1.xml", Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c><c r=\"ZZZZZZ1\"><v>1</v></c></row>"))]), HostileExpectation.Message, "MaxColumns"),
        new("full-sheet.xlsx", p => FullSheet(p), HostileExpectation.Read),
        new("ten-megabyte-field.csv", p => Text(p, Header + "\n536365,85123A," + new string('x', 10 << 20) + ",6,2010-12-01 08:26,2.55,17850,United Kingdom\n"), HostileExpectation.Message, "MaxLineBytes"),
        new("long-field.csv", p => Text(p, Header + "\n536365,85123A," + new string('x', 100_000) + ",6,2010-12-01 08:26,2.55,17850,United Kingdom\n"), HostileExpectation.Message, "MaxFieldLength"),
        new("unbalanced-quotes.csv", p => Text(p, Header + "\n536365,85123A,\"WHITE HEART,6,2010-12-01 08:26,2.55,17850,United Kingdom\n" + Transactions(50)[(Header.Length + 1)..]), HostileExpectation.MessageOrRead),
        new("mixed-delimiters.csv", p => Text(p, Transactions(30) + "536999;85123A;HEART;6;2010-12-01 08:26;2.55;17850;United Kingdom\n"), HostileExpectation.Read),
        new("utf16.csv", p => Text(p, Transactions(30), Encoding.Unicode), HostileExpectation.MessageOrRead),
        new("odd-numbers.csv", p => Text(p, "id,spend,visits\n1,NaN,3\n2,Infinity,4\n3,-5,2\n4,10,-1\n5,∞,1\n6,1e308,2\n" + string.Concat(Enumerable.Range(7, 30).Select(i => $"{i},{i * 3},{i % 4}\n"))), HostileExpectation.Read),
        new("years-0001-9999.csv", p => Text(p, Transactions(30) + "537000,85123A,HEART,6,0001-01-01 08:26,2.55,17850,United Kingdom\n537001,85123A,HEART,6,9999-12-31 08:26,2.55,17851,United Kingdom\n"), HostileExpectation.Read),
        new("only-years-9999.csv", p => Text(p, Header + "\n537001,85123A,HEART,6,9999-12-31 08:26,2.55,17851,United Kingdom\n"), HostileExpectation.Message, "no purchase line"),
        new("hundred-thousand-columns.csv", p => Text(p, "id," + string.Join(',', Enumerable.Range(0, 100_000).Select(i => $"f{i}")) + "\n1," + string.Join(',', Enumerable.Repeat("1", 100_000)) + "\n"), HostileExpectation.Message, "MaxColumns"),
        new("duplicate-headers.csv", p => Text(p, "id,spend,visits,spend\n1,10,2,3\n2,20,3,4\n3,30,4,5\n"), HostileExpectation.Message, "'spend' twice"),
        new("constant-customers.csv", p => Text(p, "id,spend,visits\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i},10,2\n"))), HostileExpectation.Read),
        new("all-missing.csv", p => Text(p, "id,spend,visits\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"{i},,\n"))), HostileExpectation.Message, "no numeric columns"),
        new("identical-customers.csv", p => Text(p, Header + "\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{540000 + i},P1,ITEM,2,2011-03-04 10:00,1.5,{20000 + i},France\n"))), HostileExpectation.Read),
        new("payloads.csv", p => Text(p, Header + "\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{540000 + i},P{i % 5},\"{Payloads[i % Payloads.Length].Replace("\"", "\"\"", StringComparison.Ordinal)}\",2,2011-01-{1 + (i % 28):00} 10:00,1.5,{18000 + (i % 12)},\"{Payloads[(i + 1) % Payloads.Length].Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n"))), HostileExpectation.Read),
    ];

    /// <summary><paramref name="lines"/> valid transaction lines with a header, 10 lines per invoice, 7 customers.</summary>
    public static string Transactions(int lines)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < lines; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{536000 + (i / 10)},P{i % 13},ITEM {i % 13},{1 + (i % 5)},2011-{1 + (i % 12):00}-{1 + (i % 27):00} 10:{i % 60:00},{1.25 + (i % 7)},{17000 + (i % 7)},United Kingdom\n");
        }

        return text.ToString();
    }

    private static string Text(string path, string text, Encoding? encoding = null)
    {
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static string Bytes(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Random(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return memory.ToArray();
    }

    private static string GzipRepeated(string path, byte[] block, int times)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Optimal);
        for (var i = 0; i < times; i++)
        {
            gz.Write(block);
        }

        return path;
    }

    private static string Sheet(string rows) =>
        $"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>";

    private static string Workbook(string path, IEnumerable<(string Part, string Xml)> parts)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (part, xml) in parts)
        {
            using var entry = zip.CreateEntry(part, CompressionLevel.Optimal).Open();
            entry.Write(Encoding.UTF8.GetBytes(xml));
        }

        return path;
    }

    private static IEnumerable<(string, string)> SharedStringsBomb()
    {
        yield return ("xl/workbook.xml", WorkbookXml);
        yield return ("xl/sharedStrings.xml", "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + string.Concat(Enumerable.Repeat("<si><t>" + new string('A', 4096) + "</t></si>", 16_384)) + "</sst>");
        yield return ("xl/worksheets/sheet1.xml", Sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"));
    }

    /// <summary>A customer table of 1,048,575 customers: the most rows an Excel sheet holds, 2 numbers each.</summary>
    private static string FullSheet(string path)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var entry = new StreamWriter(zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open()))
        {
            entry.Write(WorkbookXml);
        }

        using var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
        sheet.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>spend</t></is></c></row>");
        for (var r = 2; r <= 1_048_576; r++)
        {
            sheet.Write("<row r=\"");
            sheet.Write(r);
            sheet.Write("\"><c><v>");
            sheet.Write(r);
            sheet.Write("</v></c><c><v>");
            sheet.Write(r % 97);
            sheet.Write("</v></c></row>");
        }

        sheet.Write("</sheetData></worksheet>");
        return path;
    }
}
