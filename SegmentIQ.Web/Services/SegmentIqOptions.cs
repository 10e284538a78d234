namespace SegmentIQ.Web.Services;

/// <summary>Settings of the <c>SegmentIQ</c> section of appsettings.json.</summary>
public sealed class SegmentIqOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "SegmentIQ";

    /// <summary>Largest upload accepted, in megabytes.</summary>
    public int MaxUploadMegabytes { get; set; } = 256;

    /// <summary>Silhouette is exact up to this many customers and sampled above.</summary>
    public int SilhouetteExactLimit { get; set; } = 10_000;

    /// <summary>Hierarchical clustering fits on a sample above this many customers.</summary>
    public int AgglomerativeSampleLimit { get; set; } = 20_000;

    /// <summary>
    /// Complete and average linkage keep the condensed distance matrix (n²/2 doubles: 1.6 GB at 20,000 customers, per
    /// session), so they sample above this smaller size; Ward and single linkage need only O(n) memory.
    /// </summary>
    public int MatrixLinkageSampleLimit { get; set; } = 8_000;

    /// <summary>The bundled default dataset, relative to the content root.</summary>
    public string DefaultDatasetPath { get; set; } = "Data/online-retail-sample.csv.gz";

    /// <summary>
    /// The library folder (saved analyses, their data copies, schedules), relative to the content root unless
    /// absolute. The process must be able to write there.
    /// </summary>
    public string LibraryPath { get; set; } = "App_Data/library";

    /// <summary>
    /// The folders scheduled reports may read from and write to (relative to the content root unless absolute); empty
    /// allows any folder the process can reach. Set it wherever the app is shared.
    /// </summary>
    public IReadOnlyList<string> ScheduleFolders { get; set; } = [];

    /// <summary>Browser tabs whose work (dataset and settings) survives a reload; the least recently used go first.</summary>
    public int MaxWorkspaces { get; set; } = 64;

    /// <summary>Memory the kept work of all tabs may take together, in megabytes.</summary>
    public int MaxWorkspaceMegabytes { get; set; } = 2048;

    /// <summary>How long a tab's work is kept after its circuit ended (a reload comes back within it), in seconds.</summary>
    public int WorkspaceRetentionSeconds { get; set; } = 60;

    /// <summary>
    /// Quiet seconds after the last circuit closed (or kept work was dropped) before the freed memory is handed back to
    /// the operating system with one compacting collection (see <c>IdleMemoryTrimmer</c>); 0 turns this off.
    /// </summary>
    public int IdleTrimSeconds { get; set; } = 15;

    /// <summary>
    /// Idle 4 KB network buffers (Kestrel's connections) kept for reuse; more are dropped when returned, so a load peak
    /// does not stay pinned in memory after it (see <c>BoundedBlockMemoryPool</c>).
    /// </summary>
    public int MaxPooledNetworkBlocks { get; set; } = 2048;

    /// <summary>
    /// CPU-heavy fits (segmentations, sweeps, stability…) running at once across all sessions; 0 means one per
    /// processor. Further fits wait their turn, interactive ones first (see <c>FitScheduler</c>).
    /// </summary>
    public int MaxConcurrentFits { get; set; }

    /// <summary>Background fits one session may run at once, so one session's sweeps never take every slot.</summary>
    public int MaxFitsPerSession { get; set; } = 1;

    /// <summary><see cref="MaxConcurrentFits"/> with 0 resolved to the processor count.</summary>
    public int ConcurrentFits => MaxConcurrentFits > 0 ? MaxConcurrentFits : Environment.ProcessorCount;

    /// <summary>Limits every file reader enforces while it streams (section <c>SegmentIQ:ReaderLimits</c>).</summary>
    public Analytics.Ingestion.ReaderLimits ReaderLimits { get; set; } = new();

    /// <summary>The private folder uploads are streamed to; empty for <c>$TMPDIR/segmentiq-uploads</c>.</summary>
    public string UploadFolder { get; set; } = "";

    /// <summary>The engine's limits as configured here.</summary>
    public PipelineOptions Pipeline => new()
    {
        SilhouetteExactLimit = SilhouetteExactLimit,
        AgglomerativeSampleLimit = AgglomerativeSampleLimit,
        MatrixLinkageSampleLimit = MatrixLinkageSampleLimit,
    };

    /// <summary>Upload limit in bytes.</summary>
    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;
}
