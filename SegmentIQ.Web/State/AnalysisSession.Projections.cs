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
    private readonly Slot<LdaModel> _ldaSlot = new(DescribeDataError);

    /// <summary>The Projections page's current choices.</summary>
    public ProjectionView ProjectionView { get; private set; } = new();

    /// <summary>LDA of the current segmentation, once fitted (null while it is fitted or when it cannot be).</summary>
    public LdaModel? Lda => _ldaSlot.ValueFor(CurrentSegmentationValueKey);

    /// <summary>The segmentation <see cref="Lda"/> (or <see cref="LdaError"/>) belongs to.</summary>
    public SegmentationResult? LdaSegmentation =>
        CurrentSegmentationValueKey is { } key && _ldaSlot.Key == key ? Segmentation : null;

    /// <summary>Why LDA could not be fitted on the current segments (e.g. a single segment), if it could not.</summary>
    public string? LdaError => CurrentSegmentationValueKey is { } key && _ldaSlot.Key == key ? _ldaSlot.Error : null;

    /// <summary>True while LDA is being fitted.</summary>
    public bool IsFittingLda => _ldaSlot.IsRunning;

    /// <summary>The key of the segmentation shown now (the one in <see cref="Segmentation"/>).</summary>
    private string? CurrentSegmentationValueKey => _segmentationSlot.ValueKey;

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
        if (Space is not { } space || Segmentation is not { } segmentation || CurrentSegmentationValueKey is not { } key)
        {
            return;
        }

        await _ldaSlot.RunAsync(key, (_, ct) => new Lda().Fit(space.Features.Matrix, segmentation.Labels, ct));
    }
}
