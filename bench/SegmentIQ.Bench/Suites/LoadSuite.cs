using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// Many users at once against the Release app in its own process on 127.0.0.1 (port 5103 by default): N Playwright
/// contexts in one Debian Chromium, each uploading its own 50,000-line slice of Online Retail (distinct file names, so
/// a session showing another's data or the sample is caught), moving the k slider four times and exporting the
/// customers CSV. Prints one line with <c>sessions, errors, lost_uploads, disconnects, k_p95_ms, rss_peak_mb,
/// rss_after_mb, rss_idle_mb</c> and the figures that say which side is slow: an error is any step that failed or a
/// visible error message; a lost upload is a session whose upload neither succeeded nor showed a message; a disconnect
/// is a circuit the browser lost (the reconnect dialog or a closed connection in the console).
/// <list type="bullet">
/// <item><c>k_p95_ms</c>: in the browser, from filling the slider to the profile table showing k rows. It includes the
/// browsers' own work on the same cores (every context draws its Plotly charts, WebGL in software) and the time an
/// input event waits for a busy renderer.</item>
/// <item><c>k_server_p95_ms</c>: logged by the session, from the slider's request to the stored result (waiting for a
/// fit slot and a thread, then fitting); <c>k_server_wait_p95_ms</c> the waiting part.</item>
/// <item><c>k_rendered_p95_ms</c>: logged by the Segments page, from the slider's event on the server to the browser
/// acknowledging the render with the new segments (server, round trip, DOM update; not the chart drawing).</item>
/// <item><c>cpu_app_s</c> and <c>cpu_browser_s</c>: CPU seconds of the app and of the browser processes while the
/// sessions run (other users of the machine are in neither).</item>
/// </list>
/// RSS is the app process's (VmRSS): "started" after start-up and one visit; "idle" after one more whole journey (so
/// the code every session runs is compiled) and --settle seconds of rest; the peak while the sessions run; "after"
/// --settle seconds (120) after the last session closed, with the series every 15 s and both split into anonymous,
/// file-backed and shared memory. <c>idle_trims</c> are the app's idle memory trims after the sessions, each with the
/// resident memory before, after the collection and after the native trim.
/// </summary>
public sealed partial class LoadSuite : IBenchSuite
{
    private const string Chromium = "/usr/bin/chromium";

    public string Name => "load";

    public string Description => "N browser sessions (--sessions 5) upload their own 50,000-line file, move k, export; errors, lost uploads, disconnects, k p95, RSS (--port 5103, --lines 50000, --settle 120)";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        RunAsync(args).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(BenchArgs args)
    {
        var sessions = int.Parse(args.Option("sessions", "5"), CultureInfo.InvariantCulture);
        var lines = int.Parse(args.Option("lines", "50000"), CultureInfo.InvariantCulture);
        var settle = int.Parse(args.Option("settle", "120"), CultureInfo.InvariantCulture);
        var port = int.Parse(args.Option("port", "5103"), CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("segmentiq-load-");
        try
        {
            // One more slice than sessions: the warm-up journey uses the last, so no measured session reuses its data.
            var files = WriteSlices(args.DataOrDefault(), folder.FullName, sessions + 1, lines);
            var warmFile = files[^1];
            files.RemoveAt(files.Count - 1);
            var server = new ServerLog();
            using var app = StartApp(port, folder.FullName, server);
            try
            {
                var baseUrl = $"http://127.0.0.1:{port}";
                await WaitLiveAsync(baseUrl);
                using var playwright = await Playwright.CreateAsync();
                await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = Chromium,
                    Headless = true,
                    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
                });

                // Started: the app up and the sample loaded by one visit. Idle: then one whole journey (upload, k,
                // export), so the code every session runs is loaded and compiled, and --settle seconds of rest, as
                // after the sessions. What stays above idle after the sessions is what they left behind.
                var warm = await browser.NewContextAsync();
                var warmPage = await warm.NewPageAsync();
                await warmPage.GotoAsync(baseUrl + "/");
                await warmPage.Locator("[data-testid=profile-table] tbody tr").First.WaitForAsync(new() { Timeout = 120_000 });
                await warmPage.GotoAsync("about:blank");
                await warm.CloseAsync();
                await Task.Delay(TimeSpan.FromSeconds(20));
                var started = Rss(app);
                var warmUp = await SessionAsync(browser, baseUrl, warmFile, -1);
                if (warmUp.Error is not null)
                {
                    Console.Error.WriteLine("warm-up journey: " + warmUp.Error);
                }

                await Task.Delay(TimeSpan.FromSeconds(settle));
                var idle = Rss(app);
                var idleParts = RssParts(app);
                server.Clear();

                using var sampling = new CancellationTokenSource();
                var peak = idle;
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Rss(app));
                        await Task.Delay(500, CancellationToken.None);
                    }
                });

                var appCpu = CpuSeconds(app.Id);
                var browserCpu = DescendantCpuSeconds(Environment.ProcessId, app.Id);
                var watch = Stopwatch.StartNew();
                var results = await Task.WhenAll(files.Select((file, i) => SessionAsync(browser, baseUrl, file, i)));
                var wall = watch.Elapsed.TotalSeconds;
                appCpu = CpuSeconds(app.Id) - appCpu;
                browserCpu = DescendantCpuSeconds(Environment.ProcessId, app.Id) - browserCpu;
                await sampling.CancelAsync();
                await sampler;
                var serverK = server.SliderFits();
                var rendered = server.SliderRenders();
                // RSS every 15 s while the ended sessions' memory is released (circuit and workspace retention, sweeps).
                var series = new List<double>();
                for (var waited = 0; waited < settle; waited += 15)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(15, settle - waited)));
                    series.Add(Math.Round(Rss(app), 0));
                }

                var after = Rss(app);
                var afterParts = RssParts(app);
                var k = results.SelectMany(r => r.KLatencies).Order().ToArray();
                var serverTotal = serverK.Select(t => t.TotalMs).Order().ToArray();
                var serverWait = serverK.Select(t => t.WaitMs).Order().ToArray();
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["suite"] = "load",
                    ["sessions"] = sessions,
                    ["lines_per_file"] = lines,
                    ["errors"] = results.Count(r => r.Error is not null),
                    ["lost_uploads"] = results.Count(r => r.LostUpload),
                    ["disconnects"] = results.Sum(r => r.Disconnects),
                    ["k_moves"] = k.Length,
                    ["k_p50_ms"] = Math.Round(Percentile(k, 0.50), 1),
                    ["k_p95_ms"] = Math.Round(Percentile(k, 0.95), 1),
                    ["k_server_fits"] = serverTotal.Length,
                    ["k_server_p50_ms"] = Math.Round(Percentile(serverTotal, 0.50), 1),
                    ["k_server_p95_ms"] = Math.Round(Percentile(serverTotal, 0.95), 1),
                    ["k_server_wait_p95_ms"] = Math.Round(Percentile(serverWait, 0.95), 1),
                    ["k_rendered_moves"] = rendered.Length,
                    ["k_rendered_p50_ms"] = Math.Round(Percentile(rendered, 0.50), 1),
                    ["k_rendered_p95_ms"] = Math.Round(Percentile(rendered, 0.95), 1),
                    ["upload_median_ms"] = Math.Round(Percentile([.. results.Where(r => r.UploadMs > 0).Select(r => r.UploadMs).Order()], 0.5), 0),
                    ["wall_s"] = Math.Round(wall, 1),
                    ["cpu_app_s"] = Math.Round(appCpu, 1),
                    ["cpu_browser_s"] = Math.Round(browserCpu, 1),
                    ["server_failures_logged"] = server.Failures,
                    ["rss_started_mb"] = Math.Round(started, 1),
                    ["rss_idle_mb"] = Math.Round(idle, 1),
                    ["rss_peak_mb"] = Math.Round(peak, 1),
                    ["rss_settling_mb"] = series,
                    ["rss_after_mb"] = Math.Round(after, 1),
                    ["rss_idle_parts_mb"] = idleParts,
                    ["rss_after_parts_mb"] = afterParts,
                    ["settle_s"] = settle,
                    ["idle_trims"] = server.Trims(),
                    ["first_errors"] = results.Where(r => r.Error is not null).Select(r => $"session {r.Index + 1}: {r.Error}").Take(5).ToArray(),
                }));
            }
            finally
            {
                // Whatever failed above, the app must not outlive the run (it would hold the port for the next one).
                app.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<SessionResult> SessionAsync(IBrowser browser, string baseUrl, string file, int index)
    {
        var result = new SessionResult(index);
        var name = Path.GetFileName(file);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(300_000);
            page.Console += (_, message) =>
            {
                if (DisconnectPattern().IsMatch(message.Text))
                {
                    Interlocked.Increment(ref result.Disconnects);
                }
            };
            result.Stage = "opening the Data page";
            await page.GotoAsync(baseUrl + "/data");
            await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
            var watch = Stopwatch.StartNew();
            result.Stage = "uploading";
            await page.Locator("input[type=file]").SetInputFilesAsync(file);
            var outcome = page.Locator("[data-testid=upload-success], [data-testid=upload-error]").First;
            try
            {
                await outcome.WaitForAsync();
            }
            catch (TimeoutException)
            {
                result.LostUpload = true;
                result.Error = "the upload neither succeeded nor showed a message within 5 minutes";
                return result;
            }

            if (await page.Locator("[data-testid=upload-error]").CountAsync() > 0)
            {
                result.Error = "upload message: " + await page.Locator("[data-testid=upload-error]").InnerTextAsync();
                return result;
            }

            result.UploadMs = watch.Elapsed.TotalMilliseconds;
            var chip = await page.Locator("[data-testid=dataset-chip]").InnerTextAsync();
            if (!chip.Contains(name, StringComparison.Ordinal))
            {
                result.LostUpload = true;
                result.Error = $"after uploading {name} the session shows \"{chip}\"";
                return result;
            }

            result.Stage = "opening Segments and moving k";
            await page.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
            await page.Locator("[data-testid=profile-table] tbody tr").First.WaitForAsync();
            foreach (var k in new[] { 5, 3, 6, 4 })
            {
                var move = Stopwatch.StartNew();
                await page.Locator("input[data-testid=k-slider]").FillAsync(k.ToString(CultureInfo.InvariantCulture));
                await page.WaitForFunctionAsync("k => document.querySelectorAll('[data-testid=profile-table] tbody tr').length === k && document.querySelector('[data-testid=k-value]')?.textContent === String(k)", k);
                result.KLatencies.Add(move.Elapsed.TotalMilliseconds);
            }

            if (!(await page.Locator("[data-testid=dataset-chip]").InnerTextAsync()).Contains(name, StringComparison.Ordinal))
            {
                result.Error = "the session no longer shows its own file after moving k";
                return result;
            }

            result.Stage = "exporting";
            await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
            var exported = Path.Combine(Path.GetDirectoryName(file)!, $"export-{index}.csv");
            await download.SaveAsAsync(exported);
            if (new FileInfo(exported).Length == 0)
            {
                result.Error = "the export was empty";
            }

            if (await page.Locator("#components-reconnect-modal").IsVisibleAsync())
            {
                Interlocked.Increment(ref result.Disconnects);
            }

            // Leaving the page ends the circuit at once, as a user closing the tab does.
            await page.GotoAsync("about:blank");
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            result.Error ??= $"{result.Stage}: {ex.Message.Split('\n')[0]}";
        }
        finally
        {
            await context.CloseAsync();
        }

        return result;
    }

    /// <summary>Slices of the data file: the header plus <paramref name="lines"/> consecutive lines each, wrapping around.</summary>
    private static List<string> WriteSlices(string source, string folder, int count, int lines)
    {
        var all = new List<string>();
        using (var reader = new StreamReader(source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(File.OpenRead(source), CompressionMode.Decompress) : File.OpenRead(source)))
        {
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                all.Add(line);
            }
        }

        var header = all[0];
        var body = all.Count - 1;
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, $"load-session-{i + 1:D2}.csv");
            using var writer = new StreamWriter(path);
            writer.WriteLine(header);
            var start = (int)((long)i * lines % body);
            for (var j = 0; j < lines; j++)
            {
                writer.WriteLine(all[1 + ((start + j) % body)]);
            }

            files.Add(path);
        }

        return files;
    }

    private static Process StartApp(int port, string folder, ServerLog server)
    {
        var project = FindWebProject();
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "SegmentIQ.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the app in Release first: {dll} is missing.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["SegmentIQ__LibraryPath"] = Path.Combine(folder, "library");
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // The session logs each slider fit's server time (request to result), the Segments page the time until the
        // browser acknowledged the new segments, both at Information.
        start.Environment["Logging__LogLevel__SegmentIQ.Web.State.AnalysisSession"] = "Information";
        start.Environment["Logging__LogLevel__SegmentIQ.Web.Components.Pages.Segments.SegmentsPage"] = "Information";

        // The idle trim logs what it gave back to the system (resident before -> after), so the run can say so.
        start.Environment["Logging__LogLevel__SegmentIQ.Web.Services.IdleMemoryTrimmer"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                server.Add(line);
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.Error.WriteLine("app stderr: " + line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitLiveAsync(string baseUrl)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(baseUrl + "/api/v1/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"The app at {baseUrl} did not start.");
    }

    private static string FindWebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "SegmentIQ.Web");
            if (File.Exists(Path.Combine(dir.FullName, "SegmentIQ.Blazor.sln")) && Directory.Exists(project))
            {
                return project;
            }
        }

        throw new DirectoryNotFoundException("SegmentIQ.Web not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The app's resident set (VmRSS), in MB.</summary>
    private static double Rss(Process process) => Status(process, "VmRSS");

    /// <summary>
    /// The resident set in parts, MB: anonymous (managed heap, native allocations, stacks), file-backed (mapped
    /// assemblies) and shared memory (the runtime maps its compiled code twice through it, write-xor-execute).
    /// </summary>
    private static Dictionary<string, double> RssParts(Process process) => new()
    {
        ["anon"] = Math.Round(Status(process, "RssAnon"), 0),
        ["file"] = Math.Round(Status(process, "RssFile"), 0),
        ["shmem"] = Math.Round(Status(process, "RssShmem"), 0),
    };

    private static double Status(Process process, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }

    /// <summary>User plus system CPU time of one process, in seconds (Linux /proc; clock ticks of 100 Hz).</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // After the name: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds of the processes below <paramref name="root"/> (the Playwright driver and its Chromium), leaving out the app.</summary>
    private static double DescendantCpuSeconds(int root, int exclude)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                }
            }
        }

        bool Below(int pid)
        {
            for (var p = pid; parents.TryGetValue(p, out var parent) && p > 1; p = parent)
            {
                if (p == exclude)
                {
                    return false;
                }

                if (parent == root)
                {
                    return true;
                }
            }

            return false;
        }

        return parents.Keys.Where(Below).Sum(CpuSeconds);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    [GeneratedRegex("Connection disconnected|Server timeout elapsed|WebSocket closed with status code: 1006|Connection closed with an error", RegexOptions.IgnoreCase)]
    private static partial Regex DisconnectPattern();

    /// <summary>What the app logs: failures are echoed, slider fit timings kept.</summary>
    private sealed partial class ServerLog
    {
        private readonly ConcurrentQueue<(double TotalMs, double WaitMs)> _sliderFits = new();
        private readonly ConcurrentQueue<double> _sliderRenders = new();
        private readonly ConcurrentQueue<string> _trims = new();
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public void Add(string line)
        {
            if (SliderFitPattern().Match(line) is { Success: true } match)
            {
                _sliderFits.Enqueue((Number(match.Groups["total"].Value), Number(match.Groups["wait"].Value)));
            }
            else if (SliderRenderPattern().Match(line) is { Success: true } render)
            {
                _sliderRenders.Enqueue(Number(render.Groups["ms"].Value));
            }
            else if (line.Contains("Idle memory trim:", StringComparison.Ordinal))
            {
                _trims.Enqueue(line[line.IndexOf("Idle memory trim:", StringComparison.Ordinal)..]);
            }
            else if (line.StartsWith("fail", StringComparison.Ordinal) || line.StartsWith("crit", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _failures);
                Console.Error.WriteLine("app: " + line);
            }
        }

        public void Clear()
        {
            _sliderFits.Clear();
            _sliderRenders.Clear();
            _trims.Clear();
            Interlocked.Exchange(ref _failures, 0);
        }

        public IReadOnlyList<(double TotalMs, double WaitMs)> SliderFits() => [.. _sliderFits];

        public double[] SliderRenders() => [.. _sliderRenders.Order()];

        /// <summary>The idle trims' log lines since <see cref="Clear"/>: resident memory before and after each.</summary>
        public string[] Trims() => [.. _trims];

        private static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

        [GeneratedRegex(@"Slider fit timing: k \d+, (?<total>[\d.,]+) ms from request to result, (?<wait>[\d.,]+) ms waiting")]
        private static partial Regex SliderFitPattern();

        [GeneratedRegex(@"Slider render timing: k \d+, (?<ms>[\d.,]+) ms from the slider")]
        private static partial Regex SliderRenderPattern();
    }

    private sealed class SessionResult(int index)
    {
        public int Disconnects;

        public int Index { get; } = index;

        public string? Error { get; set; }

        public bool LostUpload { get; set; }

        /// <summary>The step under way, named in a failure.</summary>
        public string Stage { get; set; } = "opening a page";

        public double UploadMs { get; set; }

        public ConcurrentBag<double> KLatencies { get; } = [];
    }
}
