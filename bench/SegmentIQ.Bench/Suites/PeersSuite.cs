using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SegmentIQ.Analytics.Clustering.Dbscan;
using SegmentIQ.Analytics.Clustering.GaussianMixture;
using SegmentIQ.Analytics.Clustering.KMeans;
using SegmentIQ.Analytics.Numerics;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Issue 16's side-by-side run: our K-Means, DBSCAN and Gaussian mixture fits and the peers' scripts under
/// <c>bench/anchors/</c> (scikit-learn at one thread and at its default threads, R dbscan) on the same exported
/// customer matrix, in one invocation. One JSON line per kernel and peer: our timing, the peer's, the ratio
/// peer ÷ ours against the issue's target, and whether the results agree.
/// </summary>
public sealed class PeersSuite : IBenchSuite
{
    private const string Python = "/usr/bin/python3";
    private const string Rscript = "/usr/bin/Rscript";
    private static readonly string[] ThreadVariables = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"];

    /// <inheritdoc />
    public string Name => "peers";

    /// <inheritdoc />
    public string Description => "kmeans/dbscan/gmm fits beside scikit-learn and R dbscan on the same matrix (--export-matrix FILE keeps it; apt: python3-sklearn r-cran-dbscan)";

    /// <inheritdoc />
    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var matrix = BenchData.LoadDefaultMatrix(args.DataOrDefault());
        var kept = args.Option("export-matrix", string.Empty);
        var path = kept.Length > 0 ? Path.GetFullPath(kept) : Path.Combine(Path.GetTempPath(), $"siq-peers-{Environment.ProcessId}.csv");
        BenchData.WriteMatrixCsv(matrix, path);
        try
        {
            Compare(args, output, matrix, path);
        }
        finally
        {
            if (kept.Length == 0)
            {
                File.Delete(path);
            }
        }
    }

    private static void Compare(BenchArgs args, BenchOutput output, FeatureMatrix matrix, string path)
    {
        var kmeansOptions = new KMeansOptions { NumberOfClusters = 4, NInit = 10 };
        var dbscanOptions = new DbscanOptions
        {
            Eps = double.Parse(args.Option("eps", "0.5"), CultureInfo.InvariantCulture),
            MinSamples = int.Parse(args.Option("min-samples", "5"), CultureInfo.InvariantCulture),
        };
        var gmmOptions = new GaussianMixtureOptions { NumberOfComponents = 4, CovarianceType = CovarianceType.Full };

        // Ours first, while no peer process competes for the cores.
        var (kmeans, kmeansTimes) = output.Time(() => new KMeans(kmeansOptions).Fit(matrix));
        var (dbscan, dbscanTimes) = output.Time(() => new Dbscan(dbscanOptions).Fit(matrix));
        var (gmm, gmmTimes) = output.Time(() => new GaussianMixture(gmmOptions).Fit(matrix));

        var anchors = FindAnchors();
        var scriptArgs = new[] { path, "--runs", args.Runs.ToString(CultureInfo.InvariantCulture), "--eps", dbscanOptions.Eps.ToString("R", CultureInfo.InvariantCulture), "--min-samples", dbscanOptions.MinSamples.ToString(CultureInfo.InvariantCulture) };
        var single = RunScript(Python, [Path.Combine(anchors, "kernels.py"), .. scriptArgs], singleThread: true, "python3-sklearn");
        var threaded = RunScript(Python, [Path.Combine(anchors, "kernels.py"), .. scriptArgs], singleThread: false, "python3-sklearn");
        var r = RunScript(Rscript, [Path.Combine(anchors, "dbscan.R"), .. scriptArgs], singleThread: true, "r-cran-dbscan");

        var ours = new Dictionary<string, object?>
        {
            ["rows"] = matrix.Rows,
            ["columns"] = matrix.Columns,
            ["inertia"] = Math.Round(kmeans.Inertia, 6),
            ["sizes"] = kmeans.Sizes.OrderDescending().ToArray(),
        };
        ReportPair(output, "kmeans/scikit-learn", kmeansTimes, single, threaded, "kmeans", 5, ours, peer =>
        {
            var inertia = (double)peer["inertia"]!;
            var sizes = peer["sizes"]!.AsArray().Select(s => (int)s!).ToArray();
            return new()
            {
                ["peer_inertia"] = inertia,
                ["peer_sizes"] = sizes,
                ["agrees"] = Math.Abs(inertia - kmeans.Inertia) <= 1e-6 * Math.Max(1, Math.Abs(inertia)) && sizes.SequenceEqual(kmeans.Sizes.OrderDescending()),
            };
        });

        ours = new Dictionary<string, object?> { ["eps"] = dbscanOptions.Eps, ["min_samples"] = dbscanOptions.MinSamples, ["clusters"] = dbscan.NumberOfClusters, ["noise"] = dbscan.NoiseCount };
        Func<JsonObject, Dictionary<string, object?>> sameCounts = peer => new()
        {
            ["peer_clusters"] = (int)peer["clusters"]!,
            ["peer_noise"] = (int)peer["noise"]!,
            ["agrees"] = (int)peer["clusters"]! == dbscan.NumberOfClusters && (int)peer["noise"]! == dbscan.NoiseCount,
        };
        ReportPair(output, "dbscan/scikit-learn", dbscanTimes, single, threaded, "dbscan", 3, ours, sameCounts);
        ReportPair(output, "dbscan/R-dbscan", dbscanTimes, r, null, "dbscan", 1, ours, sameCounts);

        // Ours with ten starts too (untimed), to see whether a BIC gap to the peer's best start is a matter of starts.
        var gmm10 = new GaussianMixture(gmmOptions with { NInit = 10 }).Fit(matrix);
        ours = new Dictionary<string, object?>
        {
            ["bic"] = Math.Round(gmm.Bic, 4),
            ["converged"] = gmm.Converged,
            ["iterations"] = gmm.Iterations,
            ["bic_10_starts"] = Math.Round(gmm10.Bic, 4),
        };
        ReportPair(output, "gmm/scikit-learn", gmmTimes, single, threaded, "gmm", 2, ours, peer =>
        {
            var best = (double)peer["best_bic_of_10_starts"]!;
            return new()
            {
                ["peer_bic"] = (double)peer["bic"]!,
                ["peer_best_bic_of_10_starts"] = best,
                ["peer_iterations"] = (int)peer["iterations"]!,
                ["bic_no_worse"] = gmm.Bic <= best + (1e-9 * Math.Abs(best)),
            };
        });
    }

    /// <summary>
    /// Prints our samples beside one peer's result at one thread and, when given, at its default threads. The ratio
    /// that decides the target is against the faster of the two, so a multi-threaded peer is not handicapped.
    /// </summary>
    private static void ReportPair(
        BenchOutput output, string step, IReadOnlyList<double> ourTimes, PeerRun single, PeerRun? threaded, string kernel, double target,
        Dictionary<string, object?> ours, Func<JsonObject, Dictionary<string, object?>> agreement)
    {
        var figures = new Dictionary<string, object?>(ours);
        var oursMs = BenchOutput.Median(ourTimes);
        figures["ours_ms"] = Math.Round(oursMs, 3);
        var peer1 = single.Kernel(kernel);
        if (peer1 is null)
        {
            figures["skipped"] = single.Error;
            output.Report(step, ourTimes, figures);
            return;
        }

        var peerN = threaded?.Kernel(kernel);
        var ms1 = (double)peer1["median_ms"]!;
        var msN = peerN is null ? double.NaN : (double)peerN["median_ms"]!;
        var peerMs = double.IsNaN(msN) ? ms1 : Math.Min(ms1, msN);
        figures["peer"] = (string?)peer1["peer"];
        figures["peer_ms"] = Math.Round(peerMs, 3);
        figures["peer_ms_1_thread"] = ms1;
        if (threaded is not null)
        {
            figures["peer_ms_default_threads"] = peerN is null ? null : msN;
            figures["peer_threads_default"] = peerN is null ? threaded.Error : $"omp {peerN["omp_threads"]}, blas {peerN["blas_threads"]?.ToString() ?? "none detected (reference BLAS)"}";
        }

        figures["ratio"] = Math.Round(peerMs / oursMs, 2);
        figures["ratio_1_thread"] = Math.Round(ms1 / oursMs, 2);
        figures["target"] = target > 1 ? $">= {target.ToString(CultureInfo.InvariantCulture)}x" : "faster than the peer";
        figures["met"] = target > 1 ? peerMs / oursMs >= target : oursMs < peerMs;
        foreach (var (key, value) in agreement(peer1))
        {
            figures[key] = value;
        }

        output.Report(step, ourTimes, figures);
    }

    private static string FindAnchors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "anchors");
            if (File.Exists(Path.Combine(candidate, "kernels.py")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"bench/anchors/kernels.py not found in a folder above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs one anchor script; a missing interpreter or package becomes a skip message naming the apt package.</summary>
    private static PeerRun RunScript(string interpreter, string[] arguments, bool singleThread, string aptPackage)
    {
        var install = $"skipped: install Debian's {aptPackage} (apt-get install -y python3-sklearn r-cran-dbscan), see bench/anchors/README.md";
        if (!File.Exists(interpreter))
        {
            return new PeerRun(new Dictionary<string, JsonObject>(), $"{interpreter} not found; {install}");
        }

        var start = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in ThreadVariables)
        {
            start.Environment.Remove(variable);
            if (singleThread)
            {
                start.Environment[variable] = "1";
            }
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var lastLine = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
            return new PeerRun(new Dictionary<string, JsonObject>(), $"{Path.GetFileName(arguments[0])} failed ({lastLine}); {install}");
        }

        var kernels = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToDictionary(line => (string)line["kernel"]!);
        return new PeerRun(kernels, null);
    }

    /// <summary>One script's result lines by kernel name, or why there are none.</summary>
    private sealed record PeerRun(IReadOnlyDictionary<string, JsonObject> Kernels, string? Error)
    {
        public JsonObject? Kernel(string name) => Kernels.GetValueOrDefault(name);
    }
}
