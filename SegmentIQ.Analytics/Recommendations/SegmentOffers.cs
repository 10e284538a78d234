using SegmentIQ.Analytics.Personas;

namespace SegmentIQ.Analytics.Recommendations;

/// <summary>A product offered to many customers of one segment: how many get it among their top picks, and one reason.</summary>
/// <param name="Product">Product (stock) code.</param>
/// <param name="Description">Product description.</param>
/// <param name="Customers">Customers of the segment with this product among their top recommendations.</param>
/// <param name="Reason">The reason of the strongest of those recommendations (its rule's figures).</param>
public sealed record SegmentOffer(string Product, string Description, int Customers, string Reason);

/// <summary>
/// What to offer each segment, for the executive summary: the products that appear most often in its customers'
/// top-N recommendations (ties by the best score), so the summary shows offers that actually reach many customers.
/// </summary>
public static class SegmentOffers
{
    /// <summary>
    /// Per segment label (0 … max label of the model), its <paramref name="count"/> most offered products among every
    /// customer's top <paramref name="top"/>; segments without any recommendation get an empty list. Reasons name the
    /// segment with <paramref name="personas"/> when given.
    /// </summary>
    public static IReadOnlyDictionary<int, IReadOnlyList<SegmentOffer>> BySegment(
        ProductRecommenderModel model, int top = 3, int count = 3, PersonaSet? personas = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var tallies = new Dictionary<int, Dictionary<int, (ProductRecommendation Best, int Customers)>>();
        for (var c = 0; c < model.CustomerCount; c++)
        {
            if ((c & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var segment = model.SegmentOf(c);
            if (segment < 0)
            {
                continue;
            }

            if (!tallies.TryGetValue(segment, out var tally))
            {
                tallies[segment] = tally = [];
            }

            foreach (var r in model.Recommend(c, top, personas))
            {
                tally[r.Item] = tally.TryGetValue(r.Item, out var seen)
                    ? (r.Score > seen.Best.Score ? r : seen.Best, seen.Customers + 1)
                    : (r, 1);
            }
        }

        return tallies.ToDictionary(
            t => t.Key,
            t => (IReadOnlyList<SegmentOffer>)[.. t.Value.Values
                .OrderByDescending(v => v.Customers)
                .ThenByDescending(v => v.Best.Score)
                .ThenBy(v => v.Best.Item)
                .Take(count)
                .Select(v => new SegmentOffer(v.Best.Product, v.Best.Description, v.Customers, v.Best.Reason))]);
    }
}
