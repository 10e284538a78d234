using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Recommendations;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>What <c>POST /api/v1/datasets/{id}/recommendations</c> accepts; every field is optional.</summary>
public sealed record RecommendationRequest
{
    /// <summary>The segmentation whose segments' rules recommend (as for segmentations; default K-Means, k = 4).</summary>
    public SegmentationRequest? Segmentation { get; init; }

    /// <summary>Products per customer (N), 1 to 50; default 5.</summary>
    public int? Top { get; init; }

    /// <summary>The customers to recommend to (default: every customer in a segment).</summary>
    public IReadOnlyList<string>? CustomerIds { get; init; }
}

/// <summary>One recommended product and the figures of the rule (or segment index) behind it.</summary>
/// <param name="Rank">1 = best.</param>
/// <param name="Product">Product (stock) code.</param>
/// <param name="Description">Product description, or the code when there is none.</param>
/// <param name="Source">SegmentRule (an association rule of the customer's segment) or OverIndexed (a product typical of the segment).</param>
/// <param name="Score">Lift × confidence of the rule (0 for an over-indexed product, which ranks after every rule).</param>
/// <param name="BecauseOf">The rule's antecedent: products the customer bought (empty for an over-indexed product).</param>
/// <param name="Support">Rule: share of the segment's orders holding the antecedent and the product. Over-indexed: the product's share of the segment's orders.</param>
/// <param name="Confidence">Rule: share of the segment's orders with the antecedent that also hold the product; null for an over-indexed product.</param>
/// <param name="Lift">Rule: lift; over-indexed: the segment's index (segment share ÷ share in all orders).</param>
/// <param name="Reason">The reason in words, from the same figures.</param>
public sealed record RecommendedProduct(
    int Rank,
    string Product,
    string Description,
    RecommendationSource Source,
    double Score,
    IReadOnlyList<string> BecauseOf,
    double Support,
    double? Confidence,
    double Lift,
    string Reason);

/// <summary>One customer's next-best products; <see cref="Segment"/> is null (and the list empty) for DBSCAN noise.</summary>
public sealed record CustomerRecommendations(string CustomerId, int? Segment, string SegmentName, IReadOnlyList<RecommendedProduct> Products);

/// <summary>A segment whose rules recommend: its number (from 1), "Segment 1 · Persona" name and customers.</summary>
public sealed record RecommendationSegment(int Number, string Name, int Customers);

/// <summary>Per-customer next-best products of a segmentation, with the segmentation's settings and the mining's caveats.</summary>
public sealed record RecommendationsResponse(
    string DatasetId,
    EffectiveSegmentation Settings,
    int Top,
    IReadOnlyList<RecommendationSegment> Segments,
    IReadOnlyList<CustomerRecommendations> Customers,
    IReadOnlyList<string> Warnings);

/// <summary>
/// <c>POST /api/v1/datasets/{id}/recommendations</c>: next-best products per customer from the association rules of the
/// customer's own segment, through the pipeline's <see cref="AnalysisPipeline.Recommender"/> step the Personas page
/// uses, so the same settings give the same products and reasons.
/// </summary>
public static class RecommendationEndpoints
{
    private const int UnknownIdsListed = 5;

    /// <summary>Maps the recommendation endpoint onto <paramref name="api"/>.</summary>
    public static RouteHandlerBuilder MapRecommendationEndpoints(this RouteGroupBuilder api, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.MapPost("/datasets/{id}/recommendations", RecommendAsync)
            .WithTags("Recommendations")
            .WithName("RecommendProducts")
            .WithSummary("Next-best products per customer")
            .WithDescription(
                "Segments the dataset (settings as for segmentations), mines each segment's orders for association rules and gives every customer " +
                "(or those named in customerIds) the top N products they have not bought, ranked by lift × confidence of the segment's rules " +
                "(places left are filled with products typical of the segment), each with its figures and a reason " +
                "(\"bought with X by 38 % of Segment 2 · Loyal's orders that hold it, lift 4.1\"). Needs transaction lines: a customer table has no products.")
            .AcceptsDatasetRequest<RecommendationRequest>(maxBodyBytes);
    }

    private static async Task<Results<Ok<RecommendationsResponse>, ProblemHttpResult>> RecommendAsync(
        string id,
        HttpRequest request,
        DatasetStore store,
        AnalysisPipeline pipeline,
        ApiJson json,
        IOptions<SegmentIqOptions> options,
        CancellationToken cancellationToken)
    {
        var (stored, read, problem) = await json.ReadForDatasetAsync<RecommendationRequest>(store, id, request, options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var body = read!;
        var recommenderOptions = ProductRecommenderOptions.Defaults with { Top = body.Top ?? ProductRecommenderOptions.Defaults.Top };
        if (SegmentationEndpoints.Check(recommenderOptions.Validate, "", "top") is { } badTop)
        {
            return badTop;
        }

        var dataset = stored!.Dataset;
        var (resolved, invalid) = SegmentationEndpoints.Resolve(body.Segmentation, dataset.Features, "segmentation.");
        if (invalid is not null)
        {
            return invalid;
        }

        if (dataset.Purchases is not { HasProducts: true } purchases)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "The data cannot support recommendations", RecommendationDataException.NeedsProducts(dataset.Name, orderLines: dataset.Purchases is not null));
        }

        var (space, insights, failed) = SegmentationEndpoints.Run(pipeline, dataset, resolved!, "segmentation.", cancellationToken);
        if (failed is not null)
        {
            return failed;
        }

        var model = pipeline.Recommender(dataset, space!, insights!.Segmentation, null, cancellationToken);
        var customers = purchases.Pools.Customers;
        List<int> codes;
        if (body.CustomerIds is { } wanted)
        {
            codes = [];
            var unknown = new List<string>();
            foreach (var customerId in wanted.Distinct(StringComparer.Ordinal))
            {
                var code = customerId is null ? -1 : customers.Find(customerId.Trim());
                if (code < 0 || code >= model.CustomerCount)
                {
                    unknown.Add(customerId ?? "null");
                }
                else
                {
                    codes.Add(code);
                }
            }

            if (unknown.Count > 0)
            {
                return UnknownCustomers(dataset.Name, unknown);
            }
        }
        else
        {
            codes = [.. Enumerable.Range(0, model.CustomerCount).Where(c => model.SegmentOf(c) >= 0)];
        }

        return TypedResults.Ok(Describe(id, model, insights, resolved!, customers, codes, recommenderOptions.Top));
    }

    /// <summary>The API's description of the top <paramref name="top"/> products of the customers <paramref name="codes"/>.</summary>
    internal static RecommendationsResponse Describe(
        string datasetId,
        ProductRecommenderModel model,
        PersonaInsights insights,
        ResolvedSegmentation resolved,
        Analytics.Ingestion.StringPool customers,
        IReadOnlyList<int> codes,
        int top)
    {
        var personas = insights.Personas;
        var segmentation = insights.Segmentation;
        var segments = Enumerable.Range(0, segmentation.NumberOfClusters)
            .Select(label => new RecommendationSegment(SegmentNames.Number(label)!.Value, SegmentNames.Display(label, personas), segmentation.Sizes[label]))
            .ToList();
        var list = new List<CustomerRecommendations>(codes.Count);
        foreach (var code in codes)
        {
            var label = model.SegmentOf(code);
            var products = model.Recommend(code, top, personas)
                .Select((r, i) => new RecommendedProduct(
                    i + 1, r.Product, r.Description, r.Source, r.Score, r.BecauseOf, r.Support, double.IsNaN(r.Confidence) ? null : r.Confidence, r.Lift, r.Reason))
                .ToList();
            list.Add(new CustomerRecommendations(customers[code], SegmentNames.Number(label), SegmentNames.Display(label, personas), products));
        }

        return new RecommendationsResponse(datasetId, resolved.Describe(), top, segments, list, [.. segmentation.Warnings.Concat(model.Warnings).Distinct()]);
    }

    private static ProblemHttpResult UnknownCustomers(string datasetName, List<string> unknown)
    {
        var listed = string.Join(", ", unknown.Take(UnknownIdsListed).Select(u => $"'{u}'"));
        var more = unknown.Count > UnknownIdsListed ? string.Create(CultureInfo.InvariantCulture, $" and {unknown.Count - UnknownIdsListed:N0} more") : "";
        var noun = unknown.Count == 1 ? "customer" : "customers";
        return ApiProblems.Problem(
            StatusCodes.Status404NotFound,
            "Customer not found",
            $"customerIds names {noun} {listed}{more}, who bought nothing in {datasetName} (after cleaning).",
            "customerIds");
    }
}
