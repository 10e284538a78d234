using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.Extensions.Time.Testing;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Tests.Web;

namespace SegmentIQ.Tests.Scheduling;

/// <summary>
/// Cuts of the bundled sample (its first lines) as .csv.gz files, each with its customer count, and one saved
/// analysis made from the larger cut. Cuts keep a scheduled run to a fraction of a second; they are made once per
/// test run and deleted when it ends.
/// </summary>
internal static class SampleCuts
{
    public const int LargeLines = 6_000;
    public const int SmallLines = 2_500;

    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "segmentiq-scheduling-cuts-" + Guid.NewGuid().ToString("N"));
    private static readonly ConcurrentDictionary<int, Lazy<Cut>> Cuts = new();
    private static readonly Lazy<AnalysisDefinition> SavedDefinition = new(Define);

    static SampleCuts() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort at process exit.
        }
    };

    /// <summary>The analysis "Monthly RFM": defaults (K-Means, k = 4) captured on the large cut.</summary>
    public static AnalysisDefinition Definition => SavedDefinition.Value;

    public static Cut Large => Of(LargeLines);

    public static Cut Small => Of(SmallLines);

    private static Cut Of(int lines) => Cuts.GetOrAdd(lines, n => new Lazy<Cut>(() => Make(n))).Value;

    private static Cut Make(int lines)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"retail-first-{lines}.csv.gz");
        using (var source = new GZipStream(File.OpenRead(Path.Combine(WebProject.Directory, "Data", "online-retail-sample.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(source))
        using (var target = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new StreamWriter(target))
        {
            for (var i = 0; i <= lines && reader.ReadLine() is { } line; i++)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }

        var loaded = AnalysisPipeline.Load(path, Path.GetFileName(path), null, null, null, null, CancellationToken.None);
        return new Cut(path, loaded.Dataset?.Features.Count ?? throw new InvalidOperationException(loaded.Error));
    }

    private static AnalysisDefinition Define()
    {
        var pipeline = new AnalysisPipeline();
        var loaded = AnalysisPipeline.Load(Large.Path, Path.GetFileName(Large.Path), null, null, null, null, CancellationToken.None);
        var dataset = loaded.Dataset!;
        var space = pipeline.Space(dataset, null, CancellationToken.None);
        var settings = new SegmentationSettings();
        _ = pipeline.Segment(space, settings, null, CancellationToken.None);
        return AnalysisRunner.Capture(dataset, space, settings, null, "Monthly RFM", null, ScheduleTestBed.Start);
    }

    public sealed record Cut(string Path, int Customers);
}

/// <summary>
/// A library with the saved analysis, input and output folders in a temporary folder, a fake clock at
/// <see cref="Start"/> (Monday 2025-03-03 09:01 UTC), and the store and runner over them. Deleted on dispose.
/// </summary>
internal sealed class ScheduleTestBed : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 9, 1, 0, TimeSpan.Zero);

    public ScheduleTestBed()
    {
        Root = Path.Combine(Path.GetTempPath(), "segmentiq-scheduling-" + Guid.NewGuid().ToString("N"));
        InputFolder = Path.Combine(Root, "in");
        OutputFolder = Path.Combine(Root, "out");
        Directory.CreateDirectory(InputFolder);
        Library = new AnalysisLibrary(Path.Combine(Root, "library"));
        Analysis = Library.Save(SampleCuts.Definition, SampleCuts.Large.Path);
        Store = new ScheduleStore(Library);
        Runner = new ScheduleRunner(Library, Pipeline, Store, Time);
    }

    public string Root { get; }

    public string InputFolder { get; }

    public string OutputFolder { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public AnalysisPipeline Pipeline { get; } = new();

    public AnalysisLibrary Library { get; }

    public LibraryEntry Analysis { get; }

    public ScheduleStore Store { get; }

    public ScheduleRunner Runner { get; }

    /// <summary>A valid, not yet stored schedule: every 5 minutes, newest *.csv.gz of the input folder.</summary>
    public ReportSchedule NewSchedule(string name = "Retail every five minutes") => new()
    {
        Name = name,
        AnalysisId = Analysis.Id,
        InputFolder = InputFolder,
        FilePattern = "*.csv.gz",
        Cron = "*/5 * * * *",
        OutputFolder = OutputFolder,
    };

    /// <summary>Copies <paramref name="cut"/> into the input folder as <paramref name="name"/>, last written at <paramref name="writtenUtc"/>.</summary>
    public string AddInput(SampleCuts.Cut cut, string name, DateTime? writtenUtc = null)
    {
        var path = Path.Combine(InputFolder, name);
        File.Copy(cut.Path, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, writtenUtc ?? new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open by a failed test must not hide the test's own failure.
        }
    }
}
