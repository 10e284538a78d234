using SegmentIQ.Analytics.Baskets;
using SegmentIQ.Analytics.Recommendations;

namespace SegmentIQ.Web.State;

/// <summary>Next-best products of the current segmentation: each segment's rules mined in the background, in a slot.</summary>
public sealed partial class AnalysisSession
{
    private readonly Slot<ProductRecommenderModel> _recommenderSlot = new(DescribeDataError);

    /// <summary>The recommender of the current segmentation, or null until mined for it.</summary>
    public ProductRecommenderModel? Recommender => _recommenderSlot.ValueFor(RecommenderKey);

    /// <summary>Progress of the mining in flight, 0..1.</summary>
    public double RecommenderProgress => _recommenderSlot.Progress;

    /// <summary>Why the recommender could not be built for the current segmentation, if it could not.</summary>
    public string? RecommenderError => _recommenderSlot.IsStaleFor(RecommenderKey) ? null : _recommenderSlot.Error;

    private string? RecommenderKey =>
        Space is { } space && Segmentation is { } segmentation && Dataset?.HasProducts == true
            ? AnalysisPipeline.RecommenderKey(space, segmentation.Settings)
            : null;

    /// <summary>Mines the current segmentation's rules unless done or running (transaction data only).</summary>
    public Task EnsureRecommenderAsync()
    {
        var key = RecommenderKey;
        if (key is null || Dataset is not { } dataset || Space is not { } space || Segmentation is not { } segmentation || !_recommenderSlot.IsStaleFor(key))
        {
            return Task.CompletedTask;
        }

        // The pipeline caches the model under the same key, so the API and every session share one mining.
        return _recommenderSlot.RunAsync(key, (progress, ct) =>
        {
            var model = _pipeline.Recommender(dataset, space, segmentation, BasketDatabaseFor(dataset, BasketGrouping.Invoice, BasketSettings.MinSupport, ct), ct);
            progress.Report(1);
            return model;
        });
    }

    private readonly Slot<RecommendationEvaluation> _evaluationSlot = new(DescribeDataError);

    /// <summary>The cut date of the time-split evaluation last asked for, or null.</summary>
    public DateTime? EvaluationCut { get; private set; }

    /// <summary>The time-split evaluation of the current segmentation's settings at <see cref="EvaluationCut"/>, or null until computed.</summary>
    public RecommendationEvaluation? RecommendationEvaluation => _evaluationSlot.ValueFor(EvaluationKey);

    /// <summary>Why the evaluation could not be computed (e.g. a cut outside the data), if it could not.</summary>
    public string? RecommendationEvaluationError => _evaluationSlot.IsStaleFor(EvaluationKey) ? null : _evaluationSlot.Error;

    /// <summary>True while the evaluation runs.</summary>
    public bool RecommendationEvaluationRunning => _evaluationSlot.IsRunning;

    private string? EvaluationKey =>
        EvaluationCut is { } cut && RecommenderKey is { } key
            ? key + "|evaluate|" + cut.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// The default cut of the evaluation: the first day of the month three quarters into the data's date range, so
    /// about a quarter of the time is left to test on (2011-09-01 on Online Retail).
    /// </summary>
    public static DateTime DefaultEvaluationCut(Analytics.Ingestion.TransactionTable purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        if (purchases.Count == 0)
        {
            return DateTime.MinValue;
        }

        var first = purchases.Date.Min();
        var last = purchases.Date.Max();
        var at = first + ((last - first) * 0.75);
        return new DateTime(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// Evaluates the recommender honestly at <paramref name="cut"/> in the background: segments and rules formed with the
    /// current settings on the lines before the cut, hit rate at 5 on the purchases after it, next to the popularity
    /// baseline and rules mined without segments.
    /// </summary>
    public Task EvaluateRecommendationsAsync(DateTime cut)
    {
        EvaluationCut = cut.Date;
        var key = EvaluationKey;
        if (key is null || Dataset?.Purchases is not { } purchases || Space is not { } space || Segmentation is not { } segmentation)
        {
            return Task.CompletedTask;
        }

        return _evaluationSlot.RunAsync(key, (progress, ct) =>
        {
            var evaluation = RecommendationEvaluator.Evaluate(purchases, cut.Date, segmentation.Settings, space.Options, _pipeline.Segmenter, null, ct);
            progress.Report(1);
            return evaluation;
        });
    }
}
