using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>
/// Registers and maps the REST API under <c>/api/v1</c>: API-key authentication, per-key rate limits, ProblemDetails
/// errors, the bounded dataset and model stores, the training queue, the OpenAPI document at <c>/openapi/v1.json</c>
/// and its reference page at <c>/scalar</c>.
/// </summary>
public static class SegmentIqApiExtensions
{
    /// <summary>The path every API endpoint lives under.</summary>
    public const string Prefix = "/api/v1";

    /// <summary>The API's services (called by the app's composition root).</summary>
    public static IServiceCollection AddSegmentIqApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SegmentIqApiOptions>()
            .Bind(configuration.GetSection(SegmentIqApiOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());

            // Segment names ("Segment 1 · Champions") and customer ids stay readable instead of \u-escaped; characters
            // that matter in HTML are still escaped.
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        services.AddProblemDetails();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyDefaults.Policy, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SegmentIqApiOptions>>((limiter, api) => ApiRateLimiting.Configure(limiter, api.Value));
        services.AddOpenApi("v1", ConfigureOpenApi);
        services.AddSingleton<ApiJson>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ModelTrainingQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelTrainingQueue>());
        return services;
    }

    /// <summary>
    /// Adds the API's middleware (errors as ProblemDetails, rate limits) and maps its endpoints, the OpenAPI document and
    /// the Scalar reference page. Call once, after the app's own middleware.
    /// </summary>
    public static WebApplication MapSegmentIqApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase), api => api.UseMiddleware<ApiErrorMiddleware>());
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("SegmentIQ API").AddPreferredSecuritySchemes([ApiKeyDefaults.Scheme]));

        var maxBytes = app.Services.GetRequiredService<IOptions<SegmentIqOptions>>().Value.MaxUploadBytes;
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(ApiKeyDefaults.Policy)
            .WithMetadata(new ApiRateLimiting.KeyedEndpoint())
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapDatasetEndpoints(maxBytes);
        api.MapSegmentationEndpoints(maxBytes);
        api.MapMigrationEndpoints(maxBytes);
        api.MapRecommendationEndpoints(maxBytes);
        api.MapModelEndpoints(maxBytes);
        api.MapAnalysisEndpoints(maxBytes);
        app.MapGroup(Prefix).MapHealthEndpoints();
        return app;
    }

    /// <summary>Limits the request body of an endpoint (Kestrel answers 413 past it; the API turns that into a ProblemDetails).</summary>
    public static TBuilder WithRequestSizeLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new RequestSizeLimit(maxBytes));
    }

    private static void ConfigureOpenApi(Microsoft.AspNetCore.OpenApi.OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith(Prefix[1..], StringComparison.OrdinalIgnoreCase) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "SegmentIQ API",
                Version = "v1",
                Description =
                    "Customer segmentation as a service: upload purchase lines or a customer table, segment it with the same engine as the " +
                    "SegmentIQ app, train a classifier that places new customers in the segments, and re-run saved analyses on new files. " +
                    $"Send an API key in the {ApiKeyDefaults.Header} header (keys are configured in SegmentIQ:Api:Keys). Errors are RFC 7807 " +
                    "problem details naming the field at fault. Segments are numbered from 1.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyDefaults.Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyDefaults.Header,
                Description = "One of the keys configured in SegmentIQ:Api:Keys.",
            };
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Types and properties read or written by the API's own converters: say what their JSON looks like.
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(FeatureValueDictionary) || type == typeof(SegmentProbabilityDictionary))
            {
                schema.Type = JsonSchemaType.Object;
                schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" };
            }
            else if (context.JsonPropertyInfo?.CustomConverter is StringOrNumberConverter)
            {
                schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
    }

    private sealed class RequestSizeLimit(long maxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => maxBytes;
    }
}
