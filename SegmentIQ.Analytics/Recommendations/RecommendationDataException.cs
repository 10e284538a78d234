namespace SegmentIQ.Analytics.Recommendations;

/// <summary>The data cannot support product recommendations (a customer table has no products); the message says why.</summary>
public sealed class RecommendationDataException(string message) : Exception(message)
{
    /// <summary>Why <paramref name="datasetName"/>, which has no product lines, gets no recommendations.</summary>
    public static string NeedsProducts(string datasetName) =>
        $"{datasetName} is a customer table without products: recommendations come from what customers bought together, so they need transaction lines (invoice, product, customer).";
}
