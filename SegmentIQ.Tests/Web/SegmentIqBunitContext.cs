using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SegmentIQ.Web;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web;

/// <summary>
/// The one bUnit base context: MudBlazor services, loose JS interop (Plotly and MudBlazor call JS we don't assert on),
/// and SegmentIQ's services as the app registers them, with the bundled sample as the default dataset and a library of
/// saved analyses in a temporary folder of the test's own.
/// </summary>
public abstract class SegmentIqBunitContext : BunitContext, IAsyncLifetime
{
    // Waits are for background computations (fits, mining); shared CI machines can be slow, so be patient.
    static SegmentIqBunitContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(30);

    protected SegmentIqBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        var options = Options.Create(new SegmentIqOptions());
        Services.AddSegmentIqSessionServices(options);
        Services.AddSingleton(new DefaultDataset(options, WebProject.Directory));
        Services.AddSingleton(new AnalysisLibrary(LibraryFolder));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new DataSources(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), WebProject.Directory));
    }

    /// <summary>The temporary library folder of this test (deleted afterwards).</summary>
    protected string LibraryFolder { get; } = Path.Combine(Path.GetTempPath(), "segmentiq-library-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that are only IAsyncDisposable, so the context must be disposed asynchronously;
    // xunit calls this before Dispose(), which is then a no-op.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(LibraryFolder))
        {
            Directory.Delete(LibraryFolder, recursive: true);
        }
    }
}

/// <summary>Finds the SegmentIQ.Web project folder (its content root) from the test binaries.</summary>
public static class WebProject
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "SegmentIQ.Web");
            if (File.Exists(Path.Combine(dir.FullName, "SegmentIQ.Blazor.sln")) && System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("SegmentIQ.Web not found above " + AppContext.BaseDirectory);
    }
}
