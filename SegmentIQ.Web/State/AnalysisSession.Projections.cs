using SegmentIQ.Analytics.Projection;

namespace SegmentIQ.Web.State;

/// <summary>Which projection the Projections page shows.</summary>
public enum ProjectionMethod
{
    /// <summary>Principal components of the clustering space (label-free, fitted once per space).</summary>
    Pca,

    /// <summary>Discriminant axes of the current segments (refitted whenever the segments change).</summary>
    Lda,
}

/// <summary>The Projections page's choices, kept in the session so they survive navigating away and back.</summary>
/// <param name="Method">PCA or LDA.</param>
/// <param name="Dimensions">2 or 3.</param>
/// <param name="ComponentsKept">PCA components kept (null = all).</param>
public sealed record ProjectionView(ProjectionMethod Method = ProjectionMethod.Pca, int Dimensions = 2, int? ComponentsKept = null);

/// <summary>
/// Projection state. PCA lives on <see cref="ClusteringSpace.Pca"/> and never refits when segments change; LDA is fitted
/// on the current segment labels, so it follows each new <see cref="Segmentation"/> (a few milliseconds on thousands
/// of customers, but it runs off the render thread through a newest-wins runner because uploads can be much larger).
/// </summary>
public sealed partial class AnalysisSession
{
    private readonly LatestWinsRunner _ldaRunner = new();
    private SegmentationResult? _ldaRunningFor;

    /// <summary>The Projections page's current choices.</summary>
    public ProjectionView ProjectionView { get; private set; } = new();

    /// <summary>LDA of the segmentation in <see cref="LdaSegmentation"/>, once fitted.</summary>
    public LdaModel? Lda { get; private set; }

    /// <summary>The segmentation <see cref="Lda"/> (or <see cref="LdaError"/>) belongs to.</summary>
    public SegmentationResult? LdaSegmentation { get; private set; }

    /// <summary>Why LDA could not be fitted on the current segments (e.g. a single segment), if it could not.</summary>
    public string? LdaError { get; private set; }

    /// <summary>True while LDA is being fitted.</summary>
    public bool IsFittingLda => _ldaRunner.IsRunning;

    /// <summary>Stores the Projections page's choices.</summary>
    public void SetProjectionView(ProjectionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.Dimensions is not (2 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(view), view.Dimensions, "Dimensions must be 2 or 3.");
        }

        ProjectionView = view;
        Notify();
    }

    /// <summary>
    /// Fits LDA on the current segments unless it is already fitted for them; the newest segmentation wins.
    /// Returns at once when nothing needs fitting.
    /// </summary>
    public async Task EnsureLdaAsync()
    {
        var space = Space;
        var segmentation = Segmentation;
        if (space is null || segmentation is null || ReferenceEquals(segmentation, LdaSegmentation) || ReferenceEquals(segmentation, _ldaRunningFor))
        {
            // Nothing new, or the fit for these very segments is already running: restarting it would only delay it.
            return;
        }

        _ldaRunningFor = segmentation;

        string? error = null;
        var outcome = await _ldaRunner.RunAsync(ct =>
        {
            try
            {
                return new Lda().Fit(space.Features.Matrix, segmentation.Labels, ct);
            }
            catch (ArgumentException ex)
            {
                // Data-dependent limits (one segment, too few rows): a message for the page, not a failure.
                error = ex.Message;
                return null;
            }
        });
        if (ReferenceEquals(_ldaRunningFor, segmentation))
        {
            _ldaRunningFor = null;
        }

        if (outcome.IsDone && ReferenceEquals(segmentation, Segmentation))
        {
            Lda = outcome.Value;
            LdaError = error;
            LdaSegmentation = segmentation;
            Notify();
        }
    }
}
