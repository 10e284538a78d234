using System.Globalization;
using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Pipeline;
using SegmentIQ.Analytics.Sources;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Ingest to per-customer features at growing sizes: the DuckDB path (Parquet, aggregation in SQL) and the in-process
/// path (CSV read, cleaned and aggregated in .NET) up to <c>--in-process-max</c> lines, plus the real Online Retail file on
/// both paths and, with <c>--postgres CONNSTRING</c> (or SEGMENTIQ_TEST_POSTGRES), the PostgreSQL path over Online Retail
/// loaded by binary COPY. One JSON line per size and path: lines, path, median_ms, peak_mb (peak resident memory of the
/// process during that step's runs), cpu_ms (median CPU time of the process per timed run), customers, lines_per_s. Synthetic files are generated once into <c>--work</c>.
/// <c>--only baskets</c> times just the real file's invoice baskets (in process, and pushed down at each of
/// <c>--basket-supports</c>, default 0.02,0.01).
/// </summary>
public sealed class ScaleSuite : IBenchSuite
{
    public string Name => "scale";

    public string Description => "ingest→features at --sizes 1e6,1e7,5e7: DuckDB (Parquet) vs in-process (CSV ≤ --in-process-max), invoice baskets of the real file both ways; --postgres CONN [--postgres-sizes 1e7]; --work DIR; --only baskets [--basket-supports 0.01,0.001]";

    public void Run(BenchArgs args, BenchOutput output)
    {
        var template = args.DataOrDefault();
        var work = Path.GetFullPath(args.Option("work", Path.Combine(Path.GetTempPath(), "segmentiq-scale")));
        Directory.CreateDirectory(work);
        var settings = new DuckDbSettings
        {
            AllowedRoot = work,
            MemoryLimit = args.Option("memory-limit", "1500MB"),
            SpillDirectory = Path.Combine(work, "spill"),
        };
        var sizes = ParseSizes(args.Option("sizes", "1e6,1e7"));
        var inProcessMax = (long)double.Parse(args.Option("in-process-max", "1e6"), CultureInfo.InvariantCulture);

        // The real file on both paths (DuckDB over the gzip'd CSV and over a Parquet copy).
        var real = Path.Combine(work, "online_retail.csv.gz");
        if (!File.Exists(real))
        {
            File.Copy(template, real);
        }

        var realParquet = Path.Combine(work, "online_retail.parquet");
        if (!File.Exists(realParquet))
        {
            SyntheticRetail.Write(template, SyntheticRetail.TemplateLines, realParquet, resampleProducts: false);
        }

        var basketsOnly = args.Option("only", "") == "baskets";
        var supports = args.Option("basket-supports", "0.02,0.01").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (!basketsOnly)
        {
            MeasureInProcess(output, real, SyntheticRetail.TemplateLines, "csv.gz");
            MeasureDuckDb(output, new DuckDbFileSource("online_retail.csv.gz", settings), SyntheticRetail.TemplateLines, "csv.gz");
            MeasureDuckDb(output, new DuckDbFileSource("online_retail.parquet", settings), SyntheticRetail.TemplateLines, "parquet");
        }

        MeasureInProcessBaskets(output, real);
        MeasurePushedBaskets(output, new DuckDbFileSource("online_retail.parquet", settings), "duckdb", "parquet", supports);

        foreach (var lines in basketsOnly ? [] : sizes)
        {
            var parquet = Path.Combine(work, $"synthetic-{lines}.parquet");
            Generate(template, lines, parquet);
            MeasureDuckDb(output, new DuckDbFileSource(Path.GetFileName(parquet), settings), lines, "parquet");
            if (lines <= inProcessMax)
            {
                var csv = Path.Combine(work, $"synthetic-{lines}.csv");
                Generate(template, lines, csv);
                MeasureInProcess(output, csv, lines, "csv");
            }
        }

        var postgres = args.Option("postgres", Environment.GetEnvironmentVariable("SEGMENTIQ_TEST_POSTGRES") ?? "");
        if (postgres.Length > 0)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var copied = PostgresRetailLoader.Load(postgres, "siq_scale", "online_retail", template);
            Console.WriteLine($"{{\"suite\":\"scale\",\"step\":\"postgres-load\",\"lines\":{copied},\"load_ms\":{watch.Elapsed.TotalMilliseconds:F0}}}");
            if (!basketsOnly)
            {
                MeasureSource(output, new PostgresTableSource("bench", postgres, "siq_scale", "online_retail"), copied, "postgresql", "table");
            }

            MeasurePushedBaskets(output, new PostgresTableSource("bench", postgres, "siq_scale", "online_retail"), "postgresql", "table", supports);

            // Synthetic tables on the server, the same files the DuckDB rows read (loading them is timed and printed).
            foreach (var lines in basketsOnly ? [] : ParseSizes(args.Option("postgres-sizes", "")))
            {
                var parquet = Path.Combine(work, $"synthetic-{lines}.parquet");
                Generate(template, lines, parquet);
                var table = $"synthetic_{lines}";
                watch.Restart();
                copied = PostgresRetailLoader.Load(postgres, "siq_scale", table, parquet);
                Console.WriteLine($"{{\"suite\":\"scale\",\"step\":\"postgres-load\",\"lines\":{copied},\"load_ms\":{watch.Elapsed.TotalMilliseconds:F0}}}");
                MeasureSource(output, new PostgresTableSource("bench", postgres, "siq_scale", table), copied, "postgresql", "table");
            }
        }
    }

    private static long[] ParseSizes(string sizes) =>
        [.. sizes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (long)double.Parse(s, CultureInfo.InvariantCulture))];

    private static void Generate(string template, long lines, string target)
    {
        if (File.Exists(target))
        {
            return;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        SyntheticRetail.Write(template, lines, target);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"suite\":\"scale\",\"step\":\"generate\",\"lines\":{lines},\"file\":\"{Path.GetFileName(target)}\",\"bytes\":{new FileInfo(target).Length},\"ms\":{watch.Elapsed.TotalMilliseconds:F0}}}"));
    }

    private static void MeasureDuckDb(BenchOutput output, DuckDbFileSource source, long lines, string format) =>
        MeasureSource(output, source, lines, "duckdb", format);

    private static void MeasureSource(BenchOutput output, ITransactionSource source, long lines, string path, string format)
    {
        PeakMemory.Reset();
        var cpu = new CpuSamples();
        output.Measure($"{path}:{format}:{lines}", () => cpu.Time(() => source.AggregateAsync(null, null, null, CancellationToken.None).GetAwaiter().GetResult()),
            a => Figures(lines, path, format, a.Features.Count, a.Report.RowsKept, cpu));
    }

    private static void MeasureInProcess(BenchOutput output, string file, long lines, string format)
    {
        PeakMemory.Reset();
        var cpu = new CpuSamples();
        output.Measure($"in-process:{format}:{lines}", () => cpu.Time(() => DatasetLoader.Load(file, Path.GetFileName(file), null, null, false, "bench", null, CancellationToken.None)),
            o => Figures(lines, "in-process", format, o.Dataset?.Features.Count ?? -1, o.Dataset?.Cleaning?.RowsKept ?? -1, cpu));
    }

    /// <summary>Invoice baskets of the real file grouped in process from the already cleaned table (reading and cleaning not timed: the in-process load step times them).</summary>
    private static void MeasureInProcessBaskets(BenchOutput output, string csv)
    {
        var table = BenchData.LoadCleanTransactions(csv);
        PeakMemory.Reset();
        output.Measure($"in-process:baskets:{SyntheticRetail.TemplateLines}", () => TransactionBaskets.Build(table, BasketGrouping.Invoice),
            db => BasketFigures("in-process", "cleaned table", 0, db, 0));
    }

    /// <summary>Invoice baskets of the real file pushed down (read, clean, group and filter, all timed) at each of <paramref name="supports"/>.</summary>
    private static void MeasurePushedBaskets(BenchOutput output, ITransactionSource source, string path, string format, double[] supports)
    {
        foreach (var support in supports)
        {
            PeakMemory.Reset();
            output.Measure($"{path}:baskets:{support}:{SyntheticRetail.TemplateLines}",
                () => source.BasketsAsync(null, null, BasketGrouping.Invoice, support, CancellationToken.None).GetAwaiter().GetResult(),
                b => BasketFigures(path, format, support, b.Baskets, b.Pairs.Count));
        }
    }

    private static Dictionary<string, object?> BasketFigures(string path, string format, double support, BasketDatabase db, int pairs) => new()
    {
        ["lines"] = SyntheticRetail.TemplateLines,
        ["path"] = path,
        ["format"] = format,
        ["filtered_at"] = support,
        ["peak_mb"] = PeakMemory.Megabytes(),
        ["baskets"] = db.BasketCount,
        ["items"] = db.ItemCount,
        ["basket_items"] = db.TotalItems,
        ["pairs"] = pairs,

        // Rows a source sends back: the total, one per product, one per pair, one per (basket, product).
        ["rows"] = 1 + db.ItemCount + pairs + db.TotalItems,
    };

    private static Dictionary<string, object?> Figures(long lines, string path, string format, int customers, long kept, CpuSamples cpu) => new()
    {
        ["lines"] = lines,
        ["path"] = path,
        ["format"] = format,
        ["peak_mb"] = PeakMemory.Megabytes(),
        ["cpu_ms"] = cpu.TimedMedian(),
        ["customers"] = customers,
        ["lines_kept"] = kept,
    };
}

/// <summary>
/// The process's CPU time (user and system, every thread: DuckDB's workers included) per call. On a machine shared with
/// other work, wall-clock medians swing with the load; CPU time swings far less, so the paths are also compared by it.
/// </summary>
internal sealed class CpuSamples
{
    private readonly List<double> _milliseconds = [];

    public T Time<T>(Func<T> action)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var result = action();
        process.Refresh();
        _milliseconds.Add((process.TotalProcessorTime - before).TotalMilliseconds);
        return result;
    }

    /// <summary>The median over the timed calls (the first call is the bench's warm-up and is left out), rounded to ms.</summary>
    public double TimedMedian()
    {
        var timed = _milliseconds.Skip(_milliseconds.Count > 1 ? 1 : 0).Order().ToArray();
        var median = timed.Length % 2 == 1 ? timed[timed.Length / 2] : (timed[(timed.Length / 2) - 1] + timed[timed.Length / 2]) / 2;
        return Math.Round(median);
    }
}

/// <summary>
/// The process's peak resident memory (VmHWM), reset before each step by writing 5 to /proc/self/clear_refs, so a
/// step's peak is its own and includes DuckDB's native memory, which the managed heap figures miss.
/// </summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static double Megabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return Math.Round(kb / 1024, 1);
            }
        }

        return double.NaN;
    }
}
