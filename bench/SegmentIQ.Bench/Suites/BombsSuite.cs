using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SegmentIQ.Analytics.Ingestion;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Bench.Corpus;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Reads each hostile file through the loader with the default <see cref="ReaderLimits"/> and reports how long it took to
/// stop (or read) and the peak resident memory of the process during that read (Linux <c>VmHWM</c>, reset before each
/// case through <c>/proc/self/clear_refs</c>). Besides the test corpus it writes the full-size bombs of the issue:
/// a gigabyte of zeros, 16 million repeated lines (1 GB) and a workbook whose shared strings expand to a gigabyte.
/// <c>--cases a,b</c> limits the run to some cases; <c>--budget-mb</c> (default 1024) marks cases above it.
/// </summary>
public sealed class BombsSuite : IBenchSuite
{
    public string Name => "bombs";

    public string Description => "hostile corpus + full-size gzip/xlsx bombs: time to stop and peak RSS per file (--cases a,b; --budget-mb 1024)";

    public void Run(BenchArgs args, BenchOutput output)
    {
        var budget = long.Parse(args.Option("budget-mb", "1024"), System.Globalization.CultureInfo.InvariantCulture);
        var only = args.Option("cases", "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var dir = Path.Combine(Path.GetTempPath(), "segmentiq-bombs-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var cases = HostileFiles.All.Concat(FullSize).Where(c => only.Count == 0 || only.Contains(c.Name));
            foreach (var hostile in cases)
            {
                var path = hostile.Write(Path.Combine(dir, hostile.Name));
                output.Measure(hostile.Name, () => Stop(path, hostile.Name), r => new Dictionary<string, object?>
                {
                    ["bytes_on_disk"] = new FileInfo(path).Length,
                    ["peak_rss_mb"] = r.PeakMb,
                    ["under_budget"] = r.PeakMb <= budget,
                    ["outcome"] = r.Outcome,
                });
                File.Delete(path);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The bombs of the issue at full size (written once per run; a few seconds each).</summary>
    private static IEnumerable<HostileCase> FullSize =>
    [
        new("zeros-1gb.csv.gz", p => Gzip(p, new byte[1 << 20], 1024), HostileExpectation.Message),
        new("lines-16m.csv.gz", p => Gzip(p, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850,UK\n", 16_384))), 1024, HostileFiles.Header + "\n"), HostileExpectation.Message),
        new("shared-strings-1gb.xlsx", SharedStrings, HostileExpectation.Message),
    ];

    private static (double PeakMb, string Outcome) Stop(string path, string name)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeak();
        var outcome = DatasetLoader.Load(path, name, null, null, isDefaultSample: false, progress: null, CancellationToken.None);
        var text = outcome.Error ?? (outcome.Dataset is { } d ? $"read {d.RowsRead:N0} rows, {d.Features.Count:N0} customers" : "mapping requested");
        return (PeakMb(), text.Length > 160 ? text[..160] + "…" : text);
    }

    private static void ResetPeak()
    {
        if (File.Exists("/proc/self/clear_refs"))
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
    }

    private static double PeakMb()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1);
        }

        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return Math.Round(kb / 1024.0, 1);
    }

    private static string Gzip(string path, byte[] block, int times, string? prefix = null)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        if (prefix is not null)
        {
            gz.Write(Encoding.UTF8.GetBytes(prefix));
        }

        for (var i = 0; i < times; i++)
        {
            gz.Write(block);
        }

        return path;
    }

    private static string SharedStrings(string path)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var workbook = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open()))
        {
            workbook.Write("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\"/></sheets></workbook>");
        }

        using (var strings = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 20))
        {
            strings.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            var item = "<si><t>" + new string('A', 65_000) + "</t></si>";
            for (var i = 0; i < 16_384; i++)
            {
                strings.Write(item);
            }

            strings.Write("</sst>");
        }

        using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open()))
        {
            sheet.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>");
        }

        return path;
    }
}
