using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SegmentIQ.Bench;

/// <summary>A benchmark suite: one file per suite under <c>Suites/</c>, discovered by reflection.</summary>
public interface IBenchSuite
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>What it measures, for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the suite, writing JSON lines through <paramref name="output"/>.</summary>
    void Run(BenchArgs args, BenchOutput output);
}

/// <summary>Command-line arguments: <c>&lt;suite&gt; --data FILE [--runs N]</c> plus suite-specific <c>--key value</c>.</summary>
public sealed class BenchArgs(string? data, int runs, IReadOnlyDictionary<string, string> options)
{
    /// <summary>The data file, if given.</summary>
    public string? Data { get; } = data;

    /// <summary>Timed runs per step (after one warm-up).</summary>
    public int Runs { get; } = runs;

    /// <summary>Other options.</summary>
    public IReadOnlyDictionary<string, string> Options { get; } = options;

    /// <summary>The data file, or the default Online Retail file in ../shared/data.</summary>
    public string DataOrDefault(string fileName = "online_retail.csv.gz") => Data ?? FindShared(fileName);

    /// <summary>An option or its default.</summary>
    public string Option(string key, string fallback) => Options.TryGetValue(key, out var v) ? v : fallback;

    private static string FindShared(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No --data given and {fileName} not found in a shared/data folder above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Times steps and prints one JSON object per line.</summary>
public sealed class BenchOutput(string suite, int runs)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Runs <paramref name="action"/> once to warm up, then <c>runs</c> times, and prints
    /// <c>{"suite","step","median_ms","min_ms","max_ms","runs","first_ms", …figures}</c>; the figures come from the last
    /// run, <c>first_ms</c> is the warm-up's time (the first run in the process pays for compiling the code it runs, as
    /// an app's first request of that kind does).
    /// </summary>
    public T Measure<T>(string step, Func<T> action, Func<T, IDictionary<string, object?>> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var (result, times, firstMs) = TimeWithFirst(action);
        var reported = new Dictionary<string, object?>(figures(result)) { ["first_ms"] = Math.Round(firstMs, 3) };
        Report(step, times, reported);
        return result;
    }

    /// <summary>
    /// Times <paramref name="action"/> as <see cref="Measure{T}"/> does (one warm-up, then <c>runs</c> timed calls after
    /// a full collection) without printing, for a caller that reports the samples beside someone else's.
    /// </summary>
    public (T Result, IReadOnlyList<double> Samples) Time<T>(Func<T> action)
    {
        var (result, times, _) = TimeWithFirst(action);
        return (result, times);
    }

    private (T Result, IReadOnlyList<double> Samples, double FirstMs) TimeWithFirst<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var first = Stopwatch.StartNew();
        var result = action();
        var firstMs = first.Elapsed.TotalMilliseconds;
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var sw = Stopwatch.StartNew();
            result = action();
            sw.Stop();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return (result, times, firstMs);
    }

    /// <summary>The median of <paramref name="samples"/> (NaN when empty), as <see cref="Report"/> prints it.</summary>
    public static double Median(IReadOnlyCollection<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Prints samples measured elsewhere (e.g. in a browser) in the same shape as <see cref="Measure{T}"/>:
    /// median, min and max of <paramref name="samples"/>, their count as runs, plus <paramref name="figures"/>.
    /// </summary>
    public void Report(string step, IReadOnlyCollection<double> samples, IDictionary<string, object?> figures)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(figures);
        var sorted = samples.Order().ToArray();
        var median = Median(sorted);
        var line = new JsonObject
        {
            ["suite"] = suite,
            ["step"] = step,
            ["median_ms"] = Math.Round(median, 3),
            ["min_ms"] = sorted.Length == 0 ? null : Math.Round(sorted[0], 3),
            ["max_ms"] = sorted.Length == 0 ? null : Math.Round(sorted[^1], 3),
            ["runs"] = sorted.Length,
        };
        foreach (var (key, value) in figures)
        {
            line[key] = JsonSerializer.SerializeToNode(value);
        }

        Console.WriteLine(line.ToJsonString(JsonOptions));
    }

    /// <summary>Managed heap size after a full collection, in MB (what a loaded object keeps alive).</summary>
    public static double ManagedMegabytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Math.Round(GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0), 1);
    }
}

/// <summary>Parses arguments and dispatches to a suite.</summary>
public static class BenchRunner
{
    /// <summary>Runs the suite named by the first argument.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var suites = typeof(BenchRunner).Assembly.GetTypes()
            .Where(t => typeof(IBenchSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchSuite)Activator.CreateInstance(t)!)
            .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
        {
            Console.Error.WriteLine("usage: SegmentIQ.Bench <suite> [--data FILE] [--runs N] [--key value]…");
            foreach (var s in suites.Values.OrderBy(s => s.Name))
            {
                Console.Error.WriteLine($"  {s.Name,-14} {s.Description}");
            }

            return 2;
        }

        string? data = null;
        var runs = 7;
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"Unexpected argument '{args[i]}': options are --key value pairs.");
                return 2;
            }

            var key = args[i][2..];
            var value = args[++i];
            switch (key)
            {
                case "data": data = value; break;
                case "runs": runs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                default: options[key] = value; break;
            }
        }

        suite.Run(new BenchArgs(data, runs, options), new BenchOutput(suite.Name, runs));
        return 0;
    }
}
