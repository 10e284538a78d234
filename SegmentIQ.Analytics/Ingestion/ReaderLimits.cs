namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Hard limits every reader enforces while it streams, so a hostile or broken file (a decompression bomb, a sheet
/// of a million columns, a line without end) stops early with a message naming the limit instead of taking the
/// process's memory. Defaults are sized for the largest real file we know, Online Retail (541,909 lines, 45 MB
/// decompressed, 8 columns, fields under 100 characters), with a wide margin; the web app binds them from
/// <c>SegmentIQ:ReaderLimits</c> in appsettings.json.
/// </summary>
public sealed record ReaderLimits
{
    /// <summary>The shared defaults.</summary>
    public static ReaderLimits Default { get; } = new();

    /// <summary>Bytes of text after decompression (the plain file's size for an uncompressed CSV). 512 MB: 11× Online Retail.</summary>
    public long MaxDecompressedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Data rows (lines or sheet rows). 5,000,000: 9× Online Retail, above a full Excel sheet (1,048,576).</summary>
    public long MaxRows { get; init; } = 5_000_000;

    /// <summary>Columns in a row. 1,000: a wide customer table, far below what the feature space can handle.</summary>
    public int MaxColumns { get; init; } = 1_000;

    /// <summary>Cells (rows × columns) held while reading. 30,000,000: 7× Online Retail's 4.3 million cells.</summary>
    public long MaxCells { get; init; } = 30_000_000;

    /// <summary>Characters in one field. 65,536: product descriptions are under 100.</summary>
    public int MaxFieldLength { get; init; } = 65_536;

    /// <summary>Characters of all shared strings of a workbook together (held in memory while its sheets are read). 16 M characters: Online Retail needs under 1 M.</summary>
    public long MaxSharedStringChars { get; init; } = 16L * 1024 * 1024;

    /// <summary>Decompressed bytes of one workbook part (a worksheet, the shared strings). 1 GB: the Online Retail sheet is about 90 MB.</summary>
    public long MaxWorkbookPartBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Decompressed ÷ compressed bytes of a gzip file or workbook part, checked once 8 MB have been inflated. 32: the real
    /// files deflate 2.5–6.3× (Online Retail 6.3×, CDNOW 4.8×, retail.dat 2.6×); 16 million repeated lines deflate 64× even
    /// at gzip's fastest level, a gigabyte of zeros 1,000×.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 32;

    /// <summary>Bytes between two line breaks (the CSV parser buffers a whole line). 4 MB: Online Retail's lines are under 200 bytes.</summary>
    public long MaxLineBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad field and its allowed range.</summary>
    public void Validate()
    {
        Check(nameof(MaxDecompressedBytes), MaxDecompressedBytes, 1024, long.MaxValue);
        Check(nameof(MaxRows), MaxRows, 1, int.MaxValue);
        Check(nameof(MaxColumns), MaxColumns, 1, 16_384);
        Check(nameof(MaxCells), MaxCells, 1, long.MaxValue);
        Check(nameof(MaxFieldLength), MaxFieldLength, 16, 1 << 28);
        Check(nameof(MaxLineBytes), MaxLineBytes, 64, int.MaxValue);
        Check(nameof(MaxSharedStringChars), MaxSharedStringChars, 1, int.MaxValue);
        Check(nameof(MaxWorkbookPartBytes), MaxWorkbookPartBytes, 1024, long.MaxValue);
        if (!(MaxCompressionRatio >= 1) || double.IsInfinity(MaxCompressionRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCompressionRatio), MaxCompressionRatio, "MaxCompressionRatio must be a finite number ≥ 1.");
        }
    }

    private static void Check(string name, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");
        }
    }
}
