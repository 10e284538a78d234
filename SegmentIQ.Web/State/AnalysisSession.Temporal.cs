using SegmentIQ.Analytics.Temporal;

namespace SegmentIQ.Web.State;

/// <summary>
/// Segments over time for the Over time page: the snapshot settings, and the analysis of the current dataset, features
/// and segmentation settings computed in the background (cached per key in the pipeline's shared cache).
/// </summary>
public sealed partial class AnalysisSession
{
    private readonly Slot<TemporalAnalysis> _temporalSlot = new(DescribeTemporalError);
    private MoversSelection? _moversSelection;
    private string? _moversSelectionKey;

    /// <summary>The Over time page's snapshot settings.</summary>
    public TemporalOptions TemporalOptions { get; private set; } = TemporalOptions.Default;

    /// <summary>The analysis for the current dataset, features, segmentation settings and <see cref="TemporalOptions"/>, or null.</summary>
    public TemporalAnalysis? Temporal => _temporalSlot.ValueFor(TemporalKey);

    /// <summary>Why the analysis could not be computed for the current inputs, or null.</summary>
    public string? TemporalError => TemporalKey is { } key && _temporalSlot.Key == key ? _temporalSlot.Error : null;

    /// <summary>True while snapshots are computed.</summary>
    public bool IsComputingTemporal => _temporalSlot.IsRunning;

    /// <summary>Progress of the computation in flight (0–1).</summary>
    public double TemporalProgress => _temporalSlot.Progress;

    /// <summary>What the computation in flight is doing, in words: a source dataset's snapshot features are computed where it lives.</summary>
    public string TemporalStage => Dataset?.Source is { } source && TemporalProgress < 0.6
        ? $"{source.DisplayName} computes the snapshot features…"
        : "Computing snapshots…";

    /// <summary>
    /// The movers the Over time page shows (snapshots, scheme, state filters), which the Excel report's Movers sheet
    /// lists too; null when none was chosen for the current analysis (the report then takes the latest movement).
    /// </summary>
    public MoversSelection? MoversSelection => _moversSelectionKey is { } key && key == TemporalKey ? _moversSelection : null;

    /// <summary>Remembers the movers the page shows for the current analysis (no notification: nothing else shows it).</summary>
    public void SelectMovers(MoversSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        _moversSelection = selection;
        _moversSelectionKey = TemporalKey;
    }

    /// <summary>The key of the analysis the current inputs ask for; null without a clustering space.</summary>
    private string? TemporalKey => Space is { } space ? StepKeys.Temporal(space.Key, Settings, TemporalOptions) : null;

    /// <summary>Stores new snapshot settings and computes them; returns a message naming a bad setting instead of storing it.</summary>
    public async Task<string?> SetTemporalOptionsAsync(TemporalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return ex.Message;
        }

        TemporalOptions = options;
        Notify();
        await EnsureTemporalAsync();
        return null;
    }

    /// <summary>
    /// Computes the analysis for the current inputs unless it is held or running already (so a page may ask on every
    /// change); the newest inputs win.
    /// </summary>
    public async Task EnsureTemporalAsync()
    {
        if (Dataset is not { } dataset || Space is not { } space || TemporalKey is not { } key)
        {
            return;
        }

        var settings = Settings;
        var options = TemporalOptions;
        await _temporalSlot.RunAsync(key, (progress, ct) => _pipeline.Temporal(dataset, space.Options, settings, options, progress, ct));
    }

    private static string? DescribeTemporalError(Exception exception) =>
        exception is TemporalDataException temporal ? temporal.Message : DescribeDataError(exception);
}
