using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SegmentIQ.Bench.Suites;

/// <summary>
/// The latency a person feels, measured in Debian's Chromium (Playwright, never a downloaded browser) against the
/// Release app, which the suite starts itself on a free loopback port. It uploads the data file (decompressed to a
/// temporary CSV when it is a <c>.gz</c>, then the <c>.gz</c> as is) and times drop → segments; then it moves the
/// K-Means k, DBSCAN eps and Market Basket min-support sliders 20 times by keyboard and 5 times by a mouse drag.
/// Every time is taken in the page: a MutationObserver notes <c>performance.now()</c> when the new value label, the
/// result table and the redrawn chart carry the DOM markers of the new value (<c>data-value</c>, <c>data-result</c>,
/// <c>data-drawn</c>, <c>data-min-support</c>), measured from the key press or the mouse release. No sleeps.
/// Prints one JSON line per slider and stage (p50/p95/max) and a summary line with the figures we steer by.
/// </summary>
public sealed partial class UiSuite : IBenchSuite
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int KeyMoves = 20;
    private const int Drags = 5;
    private const float ThumbHalf = 8;

    private static readonly float StageTimeoutMs = 120_000;

    private static bool Trace { get; set; }

    public string Name => "ui";

    public string Description => "browser latency (Chromium, Release app): upload drop→segments; k, eps, min support: 20 key moves + 5 drags, p50/p95/max per stage; --only upload for the uploads alone; --xlsx PATH also the two-sheet workbook (written if missing); --trace true prints each move's frames and Plotly calls";

    public void Run(BenchArgs args, BenchOutput output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        RunAsync(args, output).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(BenchArgs args, BenchOutput output)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new FileNotFoundException($"The ui suite drives Debian's Chromium at {ChromiumPath} (apt-get install chromium).");
        }

        var data = Path.GetFullPath(args.DataOrDefault());
        // "--only upload" times the uploads alone (a minute instead of several), for A/B runs of the upload path.
        var uploadOnly = args.Option("only", "all") == "upload";
        // "--trace true" prints, per key move, when each circuit frame arrived and each Plotly call ran (stderr).
        Trace = args.Option("trace", "false") == "true";
        var (csv, temporaryCsv) = PlainCsv(data);
        var library = Path.Combine(Path.GetTempPath(), "segmentiq-ui-bench-" + Guid.NewGuid().ToString("N"));
        using var server = AppProcess.Start(library);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            // The in-page recorder compiles its stage predicates with eval, which the app's Content-Security-Policy (no
            // unsafe-eval) forbids; bypassing the policy for the benchmark's own script changes nothing the app runs.
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, BypassCSP = true });
            await context.AddInitScriptAsync(Recorder);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(StageTimeoutMs);
            var frames = await WebSocketBytes.AttachAsync(page);
            var summary = new Dictionary<string, object?>();

            await page.GotoAsync(server.BaseUrl + "/data");
            await page.Locator("[data-testid=quality-report]").WaitForAsync();

            var uploads = new List<double>();
            // "--xlsx PATH" also uploads the two-sheet workbook (one sheet per year, like Online Retail II), written from
            // the CSV by the ingest suite's writer when PATH does not exist yet.
            var xlsx = args.Option("xlsx", "");
            if (xlsx.Length > 0 && !File.Exists(xlsx))
            {
                WorkbookWriter.WriteByYear(csv, xlsx);
            }

            foreach (var file in new[] { csv, data, xlsx }.Where(f => f.Length > 0).Distinct())
            {
                var stages = await UploadAsync(page, file);
                var ms = stages["segments"];
                if (Trace)
                {
                    // Large frames (over 20 KB) and every Plotly call after the drop; progress frames are left out.
                    var trace = await page.EvaluateAsync<string>("() => JSON.stringify(window.__siqBench.trace().filter(([w]) => !w.startsWith('frame ') || parseInt(w.slice(6)) > 20000).map(([w, s, d]) => `${s.toFixed(0)}+${d.toFixed(0)} ${w}`))");
                    Console.Error.WriteLine($"upload {Path.GetFileName(file)}: {string.Join(", ", stages.Select(t => $"{t.Key} {t.Value:F0}"))}; {trace}");
                }

                uploads.Add(ms);
                output.Report("upload", [ms], new Dictionary<string, object?>
                {
                    ["file"] = Path.GetFileName(file) + (ReferenceEquals(file, csv) && temporaryCsv ? " (decompressed)" : ""),
                    ["megabytes"] = Math.Round(new FileInfo(file).Length / (1024.0 * 1024.0), 1),
                    ["upload_drop_to_transferred_ms"] = Math.Round(stages["transferred"], 1),
                    ["upload_drop_to_loaded_ms"] = Math.Round(stages["loaded"], 1),
                    ["upload_drop_to_segments_ms"] = Math.Round(ms, 1),
                });
                await NavigateAsync(page, "Data", "[data-testid=quality-report]");
            }

            summary["upload_drop_to_segments_ms"] = Math.Round(uploads[0], 1);
            if (!string.Equals(csv, data, StringComparison.Ordinal))
            {
                summary["upload_gz_drop_to_segments_ms"] = Math.Round(uploads[1], 1);
            }

            if (xlsx.Length > 0)
            {
                summary["upload_xlsx_drop_to_segments_ms"] = Math.Round(uploads[^1], 1);
            }

            if (uploadOnly)
            {
                output.Report("summary", uploads, summary);
                return;
            }

            var settles = new List<double>();
            await NavigateAsync(page, "Segments", "[data-testid=profile-table]");
            await WaitDrawnAsync(page, "segments-scatter");
            // As for the upload, a person moves k on a page that has finished: its elbow chart drawn from the k sweep (which
            // runs once per dataset, about a second, and after which a k move is served from the sweep) and no chart queued.
            await page.WaitForFunctionAsync(
                "() => (!window.siqCharts?.idle || window.siqCharts.idle()) && (document.getElementById('elbow-chart')?.data?.[0]?.x?.length ?? 0) > 1");
            await MeasureSliderAsync(page, frames, output, summary, settles, Sliders.K);

            await page.Locator("[data-testid=algorithm-select]").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "DBSCAN" }).First.ClickAsync();
            await page.Locator("[data-testid=profile-table][data-result*='alg=Dbscan;']").WaitForAsync();
            await WaitDrawnAsync(page, "segments-scatter");
            await MeasureSliderAsync(page, frames, output, summary, settles, Sliders.Eps);

            await NavigateAsync(page, "Market Basket", "[data-testid=rules-table][data-min-support]");
            await MeasureSliderAsync(page, frames, output, summary, settles, Sliders.Support);

            summary["drag_settle_ms"] = Math.Round(Percentile(settles, 0.50), 1);
            summary["drag_settle_p95_ms"] = Math.Round(Percentile(settles, 0.95), 1);
            summary["drag_settle_max_ms"] = Math.Round(settles.Max(), 1);
            output.Report("summary", uploads, summary);
        }
        finally
        {
            if (temporaryCsv)
            {
                File.Delete(csv);
            }

            if (Directory.Exists(library))
            {
                Directory.Delete(library, recursive: true);
            }
        }
    }

    /// <summary>A slider the suite moves: where it is, what its stages look like in the DOM, how to drive it.</summary>
    /// <remarks>
    /// Key moves go by <paramref name="Step"/>, turning back at the slider's ends, or after half the moves when
    /// <paramref name="TurnHalfway"/>; drags go between the fractions <paramref name="DragLow"/> and <paramref name="DragHigh"/> of its range.
    /// </remarks>
    private sealed record Slider(string Name, string Input, IReadOnlyDictionary<string, string> Stages, double Step, bool TurnHalfway, double DragLow, double DragHigh);

    private static class Sliders
    {
        // Predicates run in the page with v = the slider's expected value (its input's value string).
        private const string EpsOf = "(s, name) => { const m = (s ?? '').match(new RegExp(';' + name + '=([^;]+);')); return m ? parseFloat(m[1]) : NaN; }";

        public static readonly Slider K = new(
            "k",
            "input[data-testid=k-slider]",
            new Dictionary<string, string>
            {
                ["label"] = "v => document.querySelector('[data-testid=k-value]')?.dataset.value === v",
                ["table"] = "v => (document.querySelector('[data-testid=profile-table]')?.dataset.result ?? '').includes(';k=' + v + ';')",
                ["scatter"] = "v => (document.getElementById('segments-scatter')?.dataset.drawn ?? '').includes(';k=' + v + ';')",
            },
            // Up to the top, down to the bottom, up again: every move changes k by one.
            1,
            false,
            0.0,
            1.0);

        public static readonly Slider Eps = new(
            "eps",
            "input[data-testid=eps-slider]",
            new Dictionary<string, string>
            {
                ["label"] = "v => Math.abs(parseFloat(document.querySelector('[data-testid=eps-value]')?.dataset.value) - parseFloat(v)) < 1e-9",
                ["table"] = $"v => Math.abs(({EpsOf})(document.querySelector('[data-testid=profile-table]')?.dataset.result, 'eps') - parseFloat(v)) < 1e-9",
                ["scatter"] = $"v => Math.abs(({EpsOf})(document.getElementById('segments-scatter')?.dataset.drawn, 'eps') - parseFloat(v)) < 1e-9",
            },
            0.01,
            true,
            0.10,
            0.30);

        public static readonly Slider Support = new(
            "support",
            "input[data-testid=min-support-slider]",
            new Dictionary<string, string>
            {
                ["label"] = "v => document.querySelector('[data-testid=min-support-value]')?.dataset.position === v",
                ["table"] = "v => { const l = document.querySelector('[data-testid=min-support-value]'); const t = document.querySelector('[data-testid=rules-table]'); return l?.dataset.position === v && !!t && t.dataset.minSupport === l.dataset.minSupport; }",
            },
            // Upwards first: lower supports than the default mine far more itemsets than a person explores live.
            1,
            true,
            0.55,
            0.75);
    }

    private static async Task MeasureSliderAsync(IPage page, WebSocketBytes frames, BenchOutput output, Dictionary<string, object?> summary, List<double> settles, Slider slider)
    {
        var input = page.Locator(slider.Input);
        await input.WaitForAsync();
        var min = double.Parse(await input.GetAttributeAsync("min") ?? "0", CultureInfo.InvariantCulture);
        var max = double.Parse(await input.GetAttributeAsync("max") ?? "1", CultureInfo.InvariantCulture);
        var stageTimes = slider.Stages.Keys.ToDictionary(s => s, _ => new List<double>());
        var bytes = new List<double>();
        var direction = 1;
        await input.FocusAsync();
        for (var move = 0; move < KeyMoves; move++)
        {
            var value = double.Parse(await input.InputValueAsync(), CultureInfo.InvariantCulture);
            if (slider.TurnHalfway ? move == KeyMoves / 2 : value + (direction * slider.Step) > max + 1e-9 || value + (direction * slider.Step) < min - 1e-9)
            {
                direction = -direction;
            }

            var target = value + (direction * slider.Step);
            var expected = Math.Round(target, 6).ToString(CultureInfo.InvariantCulture);
            await ArmAsync(page, "keydown", slider.Stages, expected);
            frames.Reset();
            await page.Keyboard.PressAsync(target > value ? "ArrowRight" : "ArrowLeft");
            var times = await WaitAsync(page);
            bytes.Add(frames.Received);
            if (Trace)
            {
                var trace = await page.EvaluateAsync<string>("() => JSON.stringify(window.__siqBench.trace().map(([w, s, d]) => `${s.toFixed(1)}+${d.toFixed(1)} ${w}`))");
                Console.Error.WriteLine($"{slider.Name} → {expected}: {string.Join(", ", times.Select(t => $"{t.Key} {t.Value:F1}"))}; {trace}");
            }
            foreach (var (stage, ms) in times)
            {
                stageTimes[stage].Add(ms);
            }
        }

        foreach (var (stage, times) in stageTimes)
        {
            var prefix = $"{slider.Name}_{stage}";
            output.Report($"{slider.Name}_keyboard_{stage}", times, new Dictionary<string, object?>
            {
                [$"{prefix}_p50_ms"] = Math.Round(Percentile(times, 0.50), 1),
                [$"{prefix}_p95_ms"] = Math.Round(Percentile(times, 0.95), 1),
                [$"{prefix}_max_ms"] = Math.Round(times.Max(), 1),
                ["moves"] = times.Count,
                ["server_bytes_per_move_p50"] = Math.Round(Percentile(bytes, 0.50)),
            });
            summary[$"{prefix}_p50_ms"] = Math.Round(Percentile(times, 0.50), 1);
            summary[$"{prefix}_p95_ms"] = Math.Round(Percentile(times, 0.95), 1);
        }

        summary[$"{slider.Name}_server_bytes_per_move_p50"] = Math.Round(Percentile(bytes, 0.50));

        var dragTimes = new List<double>();
        for (var drag = 0; drag < Drags; drag++)
        {
            var box = await input.BoundingBoxAsync() ?? throw new InvalidOperationException($"The {slider.Name} slider is not visible.");
            var value = double.Parse(await input.InputValueAsync(), CultureInfo.InvariantCulture);
            var from = (value - min) / (max - min);
            var to = from > (slider.DragLow + slider.DragHigh) / 2 ? slider.DragLow : slider.DragHigh;
            float X(double fraction) => box.X + ThumbHalf + (float)fraction * (box.Width - (2 * ThumbHalf));
            var y = box.Y + (box.Height / 2);
            await page.Mouse.MoveAsync(X(from), y);
            await page.Mouse.DownAsync();
            await ArmAsync(page, "pointerup", slider.Stages, null, slider.Input);
            await page.Mouse.MoveAsync(X(to), y, new MouseMoveOptions { Steps = 20 });
            await page.Mouse.UpAsync();
            var times = await WaitAsync(page);
            dragTimes.Add(times.Values.Max());
        }

        settles.AddRange(dragTimes);
        output.Report($"{slider.Name}_drag_settle", dragTimes, new Dictionary<string, object?>
        {
            [$"{slider.Name}_drag_settle_p50_ms"] = Math.Round(Percentile(dragTimes, 0.50), 1),
            [$"{slider.Name}_drag_settle_max_ms"] = Math.Round(dragTimes.Max(), 1),
            ["drags"] = dragTimes.Count,
        });
        summary[$"{slider.Name}_drag_settle_p50_ms"] = Math.Round(Percentile(dragTimes, 0.50), 1);
    }

    /// <summary>
    /// Drops <paramref name="file"/> on the Data page's upload and times, in the page, drop → the bytes sent
    /// (<c>transferred</c>), the dataset read (<c>loaded</c>) and the segments page drawn for it (<c>segments</c>).
    /// </summary>
    private static async Task<Dictionary<string, double>> UploadAsync(IPage page, string file)
    {
        var input = page.Locator("input[type=file]").First;
        await page.WaitForFunctionAsync(UploadReady);
        // A person drops the file on a page that has finished drawing. The uploader is ready before the circuit's first
        // render batches have drawn the Data page's explorer, and its first scatter matrix alone holds the browser for
        // over a second in software WebGL: dropping then times the page opening, not the upload. So wait until every
        // chart on the page has been drawn and none is queued.
        await page.WaitForFunctionAsync(
            "() => (!window.siqCharts?.idle || window.siqCharts.idle()) && !!document.querySelector('#scatter-matrix.js-plotly-plot')" +
            " && [...document.querySelectorAll('.siq-chart > div[id]')].every(d => d.classList.contains('js-plotly-plot'))");
        var stages = new Dictionary<string, string>
        {
            ["transferred"] = "v => document.querySelector('[data-upload-percent]')?.getAttribute('data-upload-percent') === '100' || /customers/.test(document.querySelector('[data-testid=upload-success]')?.textContent ?? '')",
            ["loaded"] = "v => /customers/.test(document.querySelector('[data-testid=upload-success]')?.textContent ?? '')",
            // Trace 0 of the scatter holds every customer; the traces after it are one-point legend entries.
            ["segments"] = "v => { const n = window.__siqBench.customers(); const el = document.getElementById('segments-scatter'); " +
                           "return n > 0 && !!el?.dataset.drawn && !!document.querySelector('[data-testid=profile-table]') && (el.data?.[0]?.x?.length ?? 0) === n; }",
        };
        // The previous upload leaves its 100 % on the panel; the new one starts from nothing.
        await page.EvaluateAsync("() => document.querySelector('[data-upload-percent]')?.removeAttribute('data-upload-percent')");
        await page.EvaluateAsync("([stages]) => window.__siqBench.arm('change', stages, '', null, { loaded: 'segments' })", new object[] { stages });
        await input.SetInputFilesAsync(file);
        return await WaitAsync(page);
    }

    // The upload input is live once our HTTP uploader has attached (it marks the panel, which says it has one), or, in
    // builds without it, once Blazor's InputFile has (it marks the element).
    private const string UploadReady =
        "() => document.querySelector('[data-upload-http]') ? !!document.querySelector('[data-upload-ready=true] input[type=file]') " +
        ": document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined";

    private static async Task NavigateAsync(IPage page, string link, string marker)
    {
        // Client-side navigation keeps the circuit and so the uploaded dataset.
        await page.Locator(".mud-nav-link").Filter(new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(link) + "\\s*$") }).First.ClickAsync();
        await page.Locator(marker).First.WaitForAsync();
    }

    private static Task WaitDrawnAsync(IPage page, string chart) =>
        page.WaitForFunctionAsync("id => !!document.getElementById(id)?.dataset.drawn", chart);

    private static Task ArmAsync(IPage page, string startEvent, IReadOnlyDictionary<string, string> stages, string? expected, string? sliderInput = null) =>
        page.EvaluateAsync("([e, s, v, i]) => window.__siqBench.arm(e, s, v, i, null)", new object?[] { startEvent, stages, expected, sliderInput });

    private static async Task<Dictionary<string, double>> WaitAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.__siqBench.done()", null, new PageWaitForFunctionOptions { Timeout = StageTimeoutMs, PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            // Say which stages appeared and keep a picture of the page, so a stuck run can be read afterwards.
            var reached = await page.EvaluateAsync<string>("() => JSON.stringify(window.__siqBench.result())");
            var picture = Path.Combine(Path.GetTempPath(), "segmentiq-ui-timeout.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = picture, FullPage = true });
            throw new TimeoutException($"No result within {StageTimeoutMs} ms; stages reached (ms): {reached}; page: {picture}");
        }

        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__siqBench.result())");
        using var times = JsonDocument.Parse(json);
        return times.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    /// <summary>
    /// The in-page recorder. <c>arm(event, stages, expected, sliderInput, clicks)</c>: the next <c>event</c> is time 0;
    /// a MutationObserver checks each stage's predicate (with the expected value, or the slider's value at the check)
    /// on every DOM change and notes when it first holds. <c>clicks</c> maps a stage to a nav link clicked when it holds
    /// (the upload moves on to the Segments page the moment it is loaded, as a person would).
    /// </summary>
    private const string Recorder = """
        (() => {
          const state = { t0: null, times: {}, stages: null, expected: null, slider: null, clicks: null, observer: null, customers: 0 };
          const value = () => state.slider ? document.querySelector(state.slider)?.value : state.expected;
          function check() {
            if (state.t0 === null || !state.stages) return;
            const now = performance.now();
            let pending = 0;
            for (const [name, predicate] of Object.entries(state.stages)) {
              if (name in state.times) continue;
              let holds = false;
              try { holds = !!predicate(value()); } catch { holds = false; }
              if (!holds) { pending++; continue; }
              state.times[name] = now - state.t0;
              if (name === 'loaded') {
                const m = (document.querySelector('[data-testid=upload-success]')?.textContent ?? '').match(/([\d,]+) customers/);
                state.customers = m ? parseInt(m[1].replace(/,/g, ''), 10) : 0;
              }
              const link = state.clicks?.[name];
              if (link) [...document.querySelectorAll('.mud-nav-link')].find(a => a.textContent.trim() === 'Segments')?.click();
            }
            if (pending === 0 && state.observer) { state.observer.disconnect(); state.observer = null; }
          }
          function start() {
            if (state.t0 !== null || !state.stages) return;
            state.t0 = performance.now();
            check();
          }
          // Where a move's time goes: circuit frames arriving and each Plotly call (chart, start, duration), from t0.
          state.trace = [];
          const note = (what, start, end) => { if (state.t0 !== null && start >= state.t0) state.trace.push([what, start - state.t0, end - start]); };
          const NativeSocket = window.WebSocket;
          window.WebSocket = function (...a) {
            const socket = new NativeSocket(...a);
            socket.addEventListener('message', e => { const t = performance.now(); note('frame ' + (e.data?.byteLength ?? e.data?.length ?? 0), t, t); });
            return socket;
          };
          window.WebSocket.prototype = NativeSocket.prototype;
          Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
          const wrapPlotly = () => {
            if (!window.Plotly || window.Plotly.__siqTraced) return !!window.Plotly;
            for (const name of ['react', 'restyle', 'newPlot', 'relayout']) {
              const inner = window.Plotly[name];
              window.Plotly[name] = function (element, ...rest) {
                const start = performance.now();
                const id = (typeof element === 'string' ? element : element?.id) ?? '?';
                const result = inner.call(this, element, ...rest);
                const sync = performance.now();
                Promise.resolve(result).finally(() => note(name + ' ' + id + ' (sync ' + Math.round(sync - start) + ')', start, performance.now()));
                return result;
              };
            }
            window.Plotly.__siqTraced = true;
            return true;
          };
          const plotlyTimer = setInterval(() => { if (wrapPlotly()) clearInterval(plotlyTimer); }, 20);
          window.__siqBench = {
            trace: () => state.trace,
            arm(event, stages, expected, slider, clicks) {
              state.observer?.disconnect();
              state.t0 = null; state.times = {}; state.trace = []; state.expected = expected; state.slider = slider; state.clicks = clicks; state.customers = 0;
              state.stages = Object.fromEntries(Object.entries(stages).map(([k, src]) => [k, (0, eval)('(' + src + ')')]));
              document.addEventListener(event, start, { capture: true, once: true });
              state.observer = new MutationObserver(check);
              state.observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
            },
            customers: () => state.customers,
            done: () => !!state.stages && Object.keys(state.stages).every(k => k in state.times),
            result: () => state.times,
          };
        })();
        """;

    private static (string Path, bool Temporary) PlainCsv(string data)
    {
        if (!data.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return (data, false);
        }

        var csv = Path.Combine(Path.GetTempPath(), Path.GetFileNameWithoutExtension(data) + "-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        using (var source = new GZipStream(File.OpenRead(data), CompressionMode.Decompress))
        using (var target = File.Create(csv))
        {
            source.CopyTo(target);
        }

        return (csv, true);
    }

    private static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Bytes the server sent over the circuit's WebSocket (Chromium DevTools protocol), counted since <see cref="Reset"/>.</summary>
    private sealed class WebSocketBytes
    {
        private long _received;

        public long Received => Interlocked.Read(ref _received);

        public void Reset() => Interlocked.Exchange(ref _received, 0);

        public static async Task<WebSocketBytes> AttachAsync(IPage page)
        {
            var counter = new WebSocketBytes();
            var session = await page.Context.NewCDPSessionAsync(page);
            session.Event("Network.webSocketFrameReceived").OnEvent += (_, e) =>
            {
                if (e is { } frame && frame.TryGetProperty("response", out var response) && response.TryGetProperty("payloadData", out var payload))
                {
                    // Binary frames (MessagePack) arrive base64-encoded: count the bytes on the wire.
                    var opcode = response.TryGetProperty("opcode", out var op) ? op.GetDouble() : 1;
                    var length = payload.GetString()?.Length ?? 0;
                    Interlocked.Add(ref counter._received, opcode == 2 ? length * 3 / 4 : length);
                }
            };
            await session.SendAsync("Network.enable");
            return counter;
        }
    }

    /// <summary>The built Release web app, started as its own process on a free loopback port (as a person runs it).</summary>
    private sealed partial class AppProcess : IDisposable
    {
        private readonly Process _process;

        private AppProcess(Process process, string baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public static AppProcess Start(string library)
        {
            var project = FindWebProject();
            var dll = Path.Combine(project, "bin", "Release", "net10.0", "SegmentIQ.Web.dll");
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"Build the web app in Release first (dotnet build SegmentIQ.Blazor.sln -c Release): {dll} is missing.");
            }

            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { dll, "--urls", "http://127.0.0.1:0" },
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };

            // Development serves the static web assets straight from the build output (no publish step); the code is Release.
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["SegmentIQ__LibraryPath"] = library;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            if (Trace)
            {
                // The server's side of each move: the fit's timing and the browser's acknowledgement of the render.
                start.Environment["Logging__LogLevel__SegmentIQ.Web.State"] = "Information";
                start.Environment["Logging__LogLevel__SegmentIQ.Web.Components.Pages.Segments"] = "Information";
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web app.");
            var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null && Listening().Match(e.Data) is { Success: true } m)
                {
                    address.TrySetResult(m.Groups[1].Value.TrimEnd('/'));
                }
                else if (Trace && e.Data is not null && (e.Data.Contains("timing:", StringComparison.Ordinal) || e.Data.StartsWith("fail:", StringComparison.Ordinal)
                    || e.Data.StartsWith("crit:", StringComparison.Ordinal) || e.Data.StartsWith("      ", StringComparison.Ordinal)))
                {
                    Console.Error.WriteLine("app: " + e.Data.Trim());
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrEmpty(e.Data))
                {
                    Console.Error.WriteLine("app: " + e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!address.Task.Wait(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("The web app did not start within 90 s.");
            }

            return new AppProcess(process, address.Task.Result);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
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

        [GeneratedRegex(@"Now listening on:\s*(http://\S+)")]
        private static partial Regex Listening();
    }
}
