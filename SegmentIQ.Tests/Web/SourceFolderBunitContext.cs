using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web;

/// <summary>
/// A bUnit context whose app has a DuckDB sources folder (<see cref="SourcesFolder"/>, inside the test's library folder,
/// which the base context deletes afterwards): what the Connect tab and saved source analyses read files from.
/// </summary>
public abstract class SourceFolderBunitContext : SegmentIqBunitContext
{
    protected SourceFolderBunitContext()
    {
        SourcesFolder = Path.Combine(LibraryFolder, "sources");
        Directory.CreateDirectory(SourcesFolder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SegmentIQ:Sources:DuckDb:AllowedRoot"] = SourcesFolder,
            ["SegmentIQ:Sources:DuckDb:SpillDirectory"] = Path.Combine(SourcesFolder, "spill"),
            ["SegmentIQ:Sources:DuckDb:Threads"] = "1",
        }).Build();
        Services.AddSingleton(new DataSources(configuration, SourcesFolder));
    }

    /// <summary>The folder DuckDB sources are read from (the app's <c>SegmentIQ:Sources:DuckDb:AllowedRoot</c>).</summary>
    protected string SourcesFolder { get; }
}
