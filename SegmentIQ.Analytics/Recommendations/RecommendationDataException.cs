namespace SegmentIQ.Analytics.Recommendations;

/// <summary>The data cannot support product recommendations (a customer table has no products); the message says why.</summary>
public sealed class RecommendationDataException(string message) : Exception(message)
{
    /// <summary>
    /// Why <paramref name="datasetName"/>, which has no product lines, gets no recommendations: it is a customer table,
    /// or order lines (<paramref name="orderLines"/>: purchases without products).
    /// </summary>
    public static string NeedsProducts(string datasetName, bool orderLines = false) =>
        $"{datasetName} is {(orderLines ? "order lines" : "a customer table")} without products: recommendations come from what customers bought together, so they need transaction lines (invoice, product, customer).";
}
