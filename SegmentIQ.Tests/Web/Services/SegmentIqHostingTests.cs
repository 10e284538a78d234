using Microsoft.AspNetCore.Hosting;
using SegmentIQ.Tests.Api;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>Security headers on pages and API, and the upload folder: private, per process, swept at start-up.</summary>
public sealed class SegmentIqHostingTests(ApiTestHost host) : IClassFixture<ApiTestHost>
{
    [Fact]
    public async Task Page_CarriesTheSecurityHeaders()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/v1/health/live", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' 'unsafe-inline';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Production_OverPlainHttp_IssuesTheAntiforgeryCookie()
    {
        // A container or a TLS-terminating proxy reaches the app over HTTP in Production: forms and the upload ticket
        // need the antiforgery cookie there, so it must not be Always-secure by default.
        await using var app = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}");
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        var antiforgery = Assert.Single(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ErrorPage_AnswersWithAnErrorIdAndNoExceptionText()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/Error", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-id\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_DeletesWhatDeadProcessesLeft_KeepsItsOwnFolderPrivate()
    {
        var original = UploadedFiles.Root;
        var root = Path.Combine(Path.GetTempPath(), $"segmentiq-sweep-{Guid.NewGuid():N}");
        try
        {
            // A pid above Linux's pid_max (4,194,304) never runs.
            var dead = Directory.CreateDirectory(Path.Combine(root, "99999999")).FullName;
            File.WriteAllText(Path.Combine(dead, "segmentiq-left.csv"), "customer data");

            var deleted = UploadedFiles.Sweep(root);
            var own = UploadedFiles.TemporaryPathFor("mine.csv");
            File.WriteAllText(own, "x");
            UploadedFiles.Sweep(root);

            Assert.Equal(1, deleted);
            Assert.False(Directory.Exists(dead));
            Assert.True(File.Exists(own));
            Assert.StartsWith(root, own, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                Assert.Equal(Private, File.GetUnixFileMode(root));
                Assert.Equal(Private, File.GetUnixFileMode(Path.GetDirectoryName(own)!));
            }
        }
        finally
        {
            UploadedFiles.Sweep(original);
            Directory.Delete(root, recursive: true);
        }
    }
}
