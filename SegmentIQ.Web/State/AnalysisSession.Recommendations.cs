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
            ? StepKeys.Segmentation(space.Key, segmentation.Settings) + "|recommend"
            : null;

    /// <summary>Mines the current segmentation's rules unless done or running (transaction data only).</summary>
    public Task EnsureRecommenderAsync()
    {
        var key = RecommenderKey;
        if (key is null || Dataset is not { Purchases: { } purchases } dataset || Space is not { } space || Segmentation is not { } segmentation || !_recommenderSlot.IsStaleFor(key))
        {
            return Task.CompletedTask;
        }

        return RunCachedAsync(_recommenderSlot, key, (progress, ct) =>
        {
            var baskets = BasketDatabaseFor(dataset, BasketGrouping.Invoice, ct);
            var labels = BasketMiner.CustomerCodeLabels(space.Table.CustomerIds, segmentation.Labels, purchases.Pools.Customers);
            var model = new ProductRecommender().Fit(baskets, labels, ct);
            progress.Report(1);
            return model;
        });
    }
}
