using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SegmentIQ.Tests.Browser;

/// <summary>
/// Starts the real app (the built SegmentIQ.Web.dll) on 127.0.0.1 with a free port and Debian's Chromium through
/// Playwright, once for all browser tests. Never downloads a browser.
/// </summary>
public sealed partial class AppServerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private Process? _server;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's library of saved analyses: a temporary folder, so tests never write into the source tree.</summary>
    public string LibraryFolder { get; } = Path.Combine(Path.GetTempPath(), "segmentiq-browser-library-" + Guid.NewGuid().ToString("N"));

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// The app's log and every page's console errors, so a failed journey in CI can be explained afterwards
    /// (.ci/run prints its tail when the tests fail).
    /// </summary>
    public static string LogPath { get; } = Path.Combine(AppContext.BaseDirectory, "browser-journeys.log");

    private readonly Lock _logLock = new();

    private void Log(string source, string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        lock (_logLock)
        {
            File.AppendAllText(LogPath, $"{DateTime.UtcNow:HH:mm:ss.fff} {source}: {line}{Environment.NewLine}");
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // BrowserFact skips the tests outside CI; inside CI a missing browser is an install failure.
            return;
        }

        File.Delete(LogPath);
        StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A new tab in its own browser context, 1400×1000 unless <paramref name="viewport"/> says otherwise.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"browser {message.Type}", $"{page.Url} {message.Text}");
            }
        };
        page.PageError += (_, error) => Log("browser page error", $"{page.Url} {error}");
        // Generous: CI machines are shared and a chart may take seconds to draw under load.
        page.SetDefaultTimeout(60_000);

        // Expect(...) has its own clock (5 s by default): give assertions the same patience as actions.
        Assertions.SetDefaultExpectTimeout(60_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        if (Directory.Exists(LibraryFolder))
        {
            Directory.Delete(LibraryFolder, recursive: true);
        }
    }

    private void StartServer()
    {
        var (dll, contentRoot) = LocateApp();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_CONTENTROOT"] = contentRoot;
        start.Environment["SegmentIQ__LibraryPath"] = LibraryFolder;
        if (Environment.GetEnvironmentVariable("SEGMENTIQ_TEST_POSTGRES") is { Length: > 0 } postgres)
        {
            // The Connect journey's named connection, from the environment like any production secret.
            start.Environment["ConnectionStrings__warehouse"] = postgres;
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _server = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");

        var address = new TaskCompletionSource<string>();
        var errors = new System.Text.StringBuilder();
        _server.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ListeningRegex().Match(e.Data) is { Success: true } m)
            {
                address.TrySetResult(m.Groups[1].Value);
            }

            // Warnings and errors only (the log level is Warning), so this stays short.
            Log("app", e.Data);
        };
        _server.ErrorDataReceived += (_, e) =>
        {
            errors.AppendLine(e.Data);
            Log("app stderr", e.Data);
        };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        if (!address.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException($"The app did not start within 60 s. stderr: {errors}");
        }

        BaseUrl = address.Task.Result.TrimEnd('/');
    }

    internal static (string Dll, string ContentRoot) LocateApp()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "SegmentIQ.Web");
            if (File.Exists(Path.Combine(dir.FullName, "SegmentIQ.Blazor.sln")) && Directory.Exists(project))
            {
                // Same configuration as the tests (Debug or Release), built by the test project's reference.
                var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
                var dll = Path.Combine(project, "bin", configuration, "net10.0", "SegmentIQ.Web.dll");
                return File.Exists(dll) ? (dll, project) : throw new FileNotFoundException($"Build the web app first: {dll} is missing.");
            }
        }

        throw new DirectoryNotFoundException("SegmentIQ.Web not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Now listening on:\s*(http://\S+)")]
    private static partial Regex ListeningRegex();
}

/// <summary>
/// A browser journey: needs Debian's Chromium. Skipped with a reason only outside CI when it is not installed;
/// under CI (CI=true) it always runs, so a missing install fails loudly.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(AppServerFixture.ChromiumPath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"Browser tests need Debian's Chromium at {AppServerFixture.ChromiumPath} (apt-get install chromium); .ci/run installs it.";
        }
    }
}

// Run alone, after the parallel tests: journeys time chart draws, and API or schedule tests on the same 2 cores starve them.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<AppServerFixture>
{
    public const string Name = "Browser";
}

/// <summary>A browser journey on a real dataset of <c>../shared</c>: skipped as <see cref="BrowserFactAttribute"/> is, or when the data is absent.</summary>
public sealed class SharedDataBrowserFactAttribute : FactAttribute
{
    public SharedDataBrowserFactAttribute()
    {
        Skip = new BrowserFactAttribute().Skip ?? new Infrastructure.SharedDataFactAttribute().Skip;
    }
}
