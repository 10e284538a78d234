using Microsoft.Extensions.Options;

namespace SegmentIQ.Web.Services;

/// <summary>
/// The bundled sample every new session opens on. Parsed once per process and shared (it is immutable), so opening the
/// app costs no parsing after the first visitor.
/// </summary>
public sealed class DefaultDataset(IOptions<SegmentIqOptions> options, string contentRoot)
{
    private readonly Lazy<Task<LoadOutcome>> _load = new(() => Task.Run(() =>
    {
        var path = FindPath(options.Value.DefaultDatasetPath, contentRoot);
        return File.Exists(path)
            ? DatasetLoader.Load(path, "Online Retail sample (bundled)", null, null, isDefaultSample: true, null, CancellationToken.None)
            : LoadOutcome.Failed($"The bundled sample {options.Value.DefaultDatasetPath} is missing from the installation.");
    }));

    /// <summary>The sample's file (what a saved analysis of it keeps a copy of); it may be missing from a broken install.</summary>
    public string FilePath { get; } = FindPath(options.Value.DefaultDatasetPath, contentRoot);

    /// <summary>The loaded sample, or the reason it could not be loaded.</summary>
    public Task<LoadOutcome> GetAsync() => _load.Value;

    private static string FindPath(string relative, string contentRoot)
    {
        var path = Path.Combine(contentRoot, relative);
        return File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, relative);
    }
}
