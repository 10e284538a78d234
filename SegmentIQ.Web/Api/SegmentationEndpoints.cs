using SegmentIQ.Analytics.Lifetime;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SegmentIQ.Analytics.Clustering;
using SegmentIQ.Analytics.Features;
using SegmentIQ.Analytics.Personas;
using SegmentIQ.Analytics.Sources;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>A segmentation request checked against its dataset: the engine's settings and feature choice.</summary>
public sealed record ResolvedSegmentation(SegmentationSettings Settings, FeatureSpaceOptions Features)
{
    /// <summary>The settings as the API echoes them.</summary>
    public EffectiveSegmentation Describe() => new(
        Settings.Algorithm,
        Settings.NumberOfClusters,
        Settings.Seed,
        Settings.Eps,
        Settings.MinSamples,
        Settings.Linkage,
        Settings.CovarianceType,
        Settings.CutMode,
        Settings.CutHeight,
        Features.Features,
        Features.Log1p,
        Settings.Describe());
}

/// <summary>
/// <c>POST /api/v1/datasets/{id}/segmentations</c>: segments an uploaded dataset through the same
/// <see cref="AnalysisPipeline"/> steps (Space → Segment → Describe) the app's pages use, so the same settings give the
/// same segments, numbers and names as in the browser.
/// </summary>
public static class SegmentationEndpoints
{
    /// <summary>Maps the segmentation endpoint onto <paramref name="api"/>.</summary>
    public static RouteHandlerBuilder MapSegmentationEndpoints(this RouteGroupBuilder api, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.MapPost("/datasets/{id}/segmentations", SegmentAsync)
            .WithTags("Segmentations")
            .WithName("SegmentDataset")
            .WithSummary("Segment an uploaded dataset")
            .WithDescription(
                "Runs K-Means, hierarchical, DBSCAN or a Gaussian mixture on the dataset's features (log1p where asked, then z-scored). " +
                "Every field is optional (defaults: K-Means, k = 4, seed 42, the dataset's default features). Returns the segments numbered " +
                "from 1 with their persona names, the quality metrics, caveats and, unless includeCustomers=false, every customer's segment; includeLifetime=true adds lifetime value (BG/NBD, Gamma-Gamma, CLV per segment and customer).")
            .AcceptsDatasetRequest<SegmentationRequest>(maxBodyBytes);
    }

    /// <summary>
    /// Checks <paramref name="request"/> against <paramref name="table"/>: returns the engine settings, or a 400 problem
    /// naming the field (<paramref name="prefix"/> is put before nested field names, e.g. "segmentation.").
    /// </summary>
    public static (ResolvedSegmentation? Resolved, ProblemHttpResult? Problem) Resolve(SegmentationRequest? request, CustomerFeatureTable table, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(table);
        request ??= new SegmentationRequest();
        var defaults = new SegmentationSettings();
        var settings = defaults with
        {
            Algorithm = request.Algorithm ?? defaults.Algorithm,
            NumberOfClusters = request.NumberOfClusters ?? defaults.NumberOfClusters,
            Seed = request.Seed ?? defaults.Seed,
            Eps = request.Eps ?? defaults.Eps,
            MinSamples = request.MinSamples ?? defaults.MinSamples,
            Linkage = request.Linkage ?? defaults.Linkage,
            CovarianceType = request.CovarianceType ?? defaults.CovarianceType,
            CutMode = request.CutMode ?? defaults.CutMode,
            CutHeight = request.CutHeight ?? defaults.CutHeight,
        };
        if (Check(settings.Validate, prefix, "settings") is { } bad)
        {
            return (null, bad);
        }

        var available = string.Join(", ", table.Columns.Select(c => c.Name));
        var defaultFeatures = FeatureSpaceOptions.DefaultFor(table);
        if (request.Features is null && request.Log1p is null)
        {
            return (new ResolvedSegmentation(settings, defaultFeatures), null);
        }

        var features = new List<string>();
        foreach (var name in request.Features ?? defaultFeatures.Features)
        {
            if (string.IsNullOrWhiteSpace(name) || !table.Contains(name))
            {
                return (null, ApiProblems.BadField(prefix + "features", $"features names '{name}', which is not a feature of this dataset. Available: {available}."));
            }

            var canonical = table.Column(name).Name;
            if (features.Contains(canonical, StringComparer.OrdinalIgnoreCase))
            {
                return (null, ApiProblems.BadField(prefix + "features", $"features names '{canonical}' twice."));
            }

            features.Add(canonical);
        }

        if (features.Count == 0)
        {
            return (null, ApiProblems.BadField(prefix + "features", $"features must name at least one feature. Available: {available}."));
        }

        var log1p = new List<string>();
        foreach (var name in request.Log1p ?? [.. features.Where(f => table.Column(f).Skewed)])
        {
            var match = features.FirstOrDefault(f => f.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return (null, ApiProblems.BadField(prefix + "log1p", $"log1p names '{name}', which is not among the chosen features ({string.Join(", ", features)})."));
            }

            if (!log1p.Contains(match))
            {
                log1p.Add(match);
            }
        }

        return (new ResolvedSegmentation(settings, new FeatureSpaceOptions { Features = features, Log1p = log1p }), null);
    }

    /// <summary>
    /// Runs the pipeline's Space, Segment and Describe steps, or returns the problem to answer: 400 naming log1p when a
    /// feature cannot take it, 422 with the engine's message when the data cannot support the settings.
    /// </summary>
    public static (ClusteringSpace? Space, PersonaInsights? Insights, ProblemHttpResult? Problem) Run(
        AnalysisPipeline pipeline,
        LoadedDataset dataset,
        ResolvedSegmentation resolved,
        string prefix,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(resolved);
        ClusteringSpace space;
        try
        {
            space = pipeline.Space(dataset, resolved.Features, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return (null, null, ApiProblems.BadField(prefix + "log1p", FirstSentence(ex.Message)));
        }

        try
        {
            var segmentation = pipeline.Segment(space, resolved.Settings, null, cancellationToken);
            return (space, pipeline.Describe(space, segmentation, cancellationToken), null);
        }
        catch (ClusteringDataException ex)
        {
            var field = resolved.Settings.Algorithm == SegmentationAlgorithm.Dbscan ? "minSamples" : "numberOfClusters";
            return (null, null, ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "The data cannot support these settings", ex.Message, prefix + field));
        }
    }

    /// <summary>The API's description of a segmentation.</summary>
    public static SegmentationResponse Describe(string datasetId, ClusteringSpace space, PersonaInsights insights, ResolvedSegmentation resolved, bool includeCustomers)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(insights);
        ArgumentNullException.ThrowIfNull(resolved);
        var result = insights.Segmentation;
        var labels = result.Labels;
        var k = result.NumberOfClusters;
        var features = space.Options.Features;
        var sums = new double[k, features.Count];
        for (var j = 0; j < features.Count; j++)
        {
            var values = space.Table[features[j]];
            for (var i = 0; i < labels.Count; i++)
            {
                if (labels[i] >= 0)
                {
                    sums[labels[i], j] += values[i];
                }
            }
        }

        var names = new string[k];
        var personas = new string[k];
        var segments = new SegmentSummary[k];
        for (var label = 0; label < k; label++)
        {
            var size = result.Sizes[label];
            var means = new Dictionary<string, double>(features.Count);
            for (var j = 0; j < features.Count; j++)
            {
                means[features[j]] = size == 0 ? 0 : sums[label, j] / size;
            }

            personas[label] = insights.Personas.NameOf(label);
            names[label] = SegmentNames.Display(label, insights.Personas);
            segments[label] = new SegmentSummary(SegmentNames.Number(label)!.Value, names[label], personas[label], size, labels.Count == 0 ? 0 : (double)size / labels.Count, means);
        }

        IReadOnlyList<CustomerSegment>? customers = null;
        if (includeCustomers)
        {
            var ids = space.Table.CustomerIds;
            var list = new CustomerSegment[labels.Count];
            for (var i = 0; i < list.Length; i++)
            {
                var label = labels[i];
                list[i] = label < 0
                    ? new CustomerSegment(ids[i], null, SegmentNames.Noise, null)
                    : new CustomerSegment(ids[i], label + 1, names[label], personas[label]);
            }

            customers = list;
        }

        var quality = result.Quality;
        var metrics = new SegmentationMetrics(
            double.IsFinite(quality.Silhouette.Mean) ? quality.Silhouette.Mean : null,
            quality.DaviesBouldin.IsDefined && double.IsFinite(quality.DaviesBouldin.Value) ? quality.DaviesBouldin.Value : null,
            quality.CalinskiHarabasz.IsDefined && double.IsFinite(quality.CalinskiHarabasz.Value) ? quality.CalinskiHarabasz.Value : null,
            quality.Silhouette.IsSampled,
            quality.Notes);
        return new SegmentationResponse(datasetId, resolved.Describe(), segments, metrics, new NoiseSummary(result.NoiseCount, result.NoiseShare), result.Warnings, customers);
    }

    /// <summary>
    /// Runs an options record's <c>Validate</c>; its out-of-range error becomes a 400 naming the field in camelCase
    /// (after <paramref name="prefix"/>; <paramref name="fallback"/> when the error names none).
    /// </summary>
    internal static ProblemHttpResult? Check(Action validate, string prefix, string fallback)
    {
        try
        {
            validate();
            return null;
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return ApiProblems.BadField(prefix + Camel(ex.ParamName ?? fallback), FirstSentence(ex.Message));
        }
    }

    /// <summary>camelCase of a settings property name, as the JSON spells it.</summary>
    internal static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>The message of an argument exception without the "(Parameter …)" and "Actual value" lines .NET appends.</summary>
    internal static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline >= 0 ? text[..newline] : text).Trim();
    }

    private static async Task<Results<Ok<SegmentationResponse>, ProblemHttpResult>> SegmentAsync(
        string id,
        HttpRequest request,
        DatasetStore store,
        AnalysisPipeline pipeline,
        ApiJson json,
        IOptions<SegmentIqOptions> options,
        CancellationToken cancellationToken,
        bool includeCustomers = true,
        bool includeLifetime = false)
    {
        var (stored, read, problem) = await json.ReadForDatasetAsync<SegmentationRequest>(store, id, request, options.Value.MaxUploadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var body = read!;
        var (resolved, invalid) = Resolve(body, stored!.Dataset.Features);
        if (invalid is not null)
        {
            return invalid;
        }

        var (space, insights, failed) = Run(pipeline, stored.Dataset, resolved!, "", cancellationToken);
        if (failed is not null)
        {
            return failed;
        }

        var response = Describe(id, space!, insights!, resolved!, includeCustomers);
        return TypedResults.Ok(includeLifetime ? WithLifetime(pipeline, response, stored.Dataset, space!, insights!, cancellationToken) : response);
    }

    /// <summary>
    /// Adds lifetime value with the Lifetime value page's defaults: the fit's parameters, figures per segment and, when
    /// customers are listed, each one's P(alive), expected purchases and CLV. Data that cannot support the models gives
    /// a message in <see cref="LifetimeResult.Unavailable"/>, not an error.
    /// </summary>
    internal static SegmentationResponse WithLifetime(AnalysisPipeline pipeline, SegmentationResponse response, LoadedDataset dataset, ClusteringSpace space, PersonaInsights insights, CancellationToken cancellationToken)
    {
        var options = LifetimeOptions.Default;
        LifetimeResult Unavailable(string reason) => new(reason, null, options.HorizonMonths, options.MonthlyDiscountRate, options.AtRiskThreshold, [], null);
        if (dataset is { Purchases: null, Source: null })
        {
            return response with { Lifetime = Unavailable("The dataset is a customer table without purchase dates; lifetime value needs dated purchases.") };
        }

        // The session's step: a source dataset's purchase days are summed where its lines are, once, and cached.
        LifetimeFit fit;
        try
        {
            fit = pipeline.Lifetime(dataset, options, cancellationToken);
        }
        catch (Exception ex) when (ex is LifetimeDataException or SourceException)
        {
            return response with { Lifetime = Unavailable(ex.Message) };
        }

        var values = fit.Values(options.Clv, cancellationToken);
        var labels = insights.Segmentation.Labels;
        var segments = ChurnRisk.BySegment(values, space.Table.CustomerIds, labels, insights.Personas, options.AtRiskThreshold)
            .Select(s => new SegmentLifetimeSummary(
                SegmentNames.Number(s.Label), s.Name, s.Customers, s.ExpectedPurchases, Finite(s.ExpectedRevenue), Finite(s.ClvTotal), Finite(s.ClvMean),
                s.MeanProbabilityAlive, s.AtRisk, s.RevenueAtRisk))
            .ToList();
        var parameters = new Dictionary<string, double>();
        for (var k = 0; k < BgNbdModel.ParameterNames.Count; k++)
        {
            parameters[BgNbdModel.ParameterNames[k]] = fit.Purchases.Parameters[k];
        }

        for (var k = 0; fit.Spend is { } spend && k < GammaGammaModel.ParameterNames.Count; k++)
        {
            parameters[GammaGammaModel.ParameterNames[k]] = spend.Parameters[k];
        }

        string?[] warnings = [fit.Purchases.BoundaryMessage, fit.SpendUnavailable, fit.Spend?.CorrelationWarning];
        var lifetime = new LifetimeResult(null, parameters, options.HorizonMonths, options.MonthlyDiscountRate, options.AtRiskThreshold, [.. warnings.OfType<string>()], segments);
        if (response.Customers is not { } customers)
        {
            return response with { Lifetime = lifetime };
        }

        var rowOf = new Dictionary<string, int>(fit.Summary.Count, StringComparer.Ordinal);
        for (var row = 0; row < fit.Summary.Count; row++)
        {
            rowOf[fit.Summary.CustomerIds[row]] = row;
        }

        var withValues = customers
            .Select(c => rowOf.TryGetValue(c.CustomerId, out var row)
                ? c with { ProbabilityAlive = values.ProbabilityAlive[row], ExpectedPurchases = values.ExpectedPurchases[row], Clv = Finite(values.Clv[row]) }
                : c)
            .ToList();
        return response with { Lifetime = lifetime, Customers = withValues };
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
