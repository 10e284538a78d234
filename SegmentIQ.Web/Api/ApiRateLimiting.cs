using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SegmentIQ.Web.Api;

/// <summary>
/// Per-key rate limits of the API with ASP.NET Core's rate-limiting middleware: every keyed request counts against
/// <see cref="SegmentIqApiOptions.PermitsPerMinute"/> of its key (a fixed one-minute window), and starting a model
/// training also against the lower <see cref="SegmentIqApiOptions.TrainingPermitsPerMinute"/>. A rejection is a 429
/// ProblemDetails with Retry-After. Requests without a valid key never reach the limiter (they get 401 first), and
/// health probes are not limited.
/// </summary>
public static class ApiRateLimiting
{
    /// <summary>The policy of endpoints that start a model training.</summary>
    public const string TrainingPolicy = "SegmentIqTraining";

    /// <summary>Sets the limiters and the rejection answer on <paramref name="options"/>.</summary>
    public static void Configure(RateLimiterOptions options, SegmentIqApiOptions api)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(api);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            KeyOf(context) is { } key ? PerMinute(key, api.PermitsPerMinute) : RateLimitPartition.GetNoLimiter(""));
        options.AddPolicy(TrainingPolicy, context =>
            KeyOf(context) is { } key ? PerMinute(key, api.TrainingPermitsPerMinute) : RateLimitPartition.GetNoLimiter(""));
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 60;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiProblems.Write(
                context,
                StatusCodes.Status429TooManyRequests,
                "Too many requests",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"This API key ({KeyOf(context)}) used up its requests for this minute: at most {api.PermitsPerMinute} requests and {api.TrainingPermitsPerMinute} model trainings a minute " +
                    $"(SegmentIQ:Api:PermitsPerMinute, TrainingPermitsPerMinute). Retry after {seconds} s."),
                ApiKeyDefaults.Header);
        };
    }

    /// <summary>The name of the authenticated API key ("key-1") of a keyed endpoint, or null (health, documents, the app's pages).</summary>
    private static string? KeyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<KeyedEndpoint>() is not null
        && context.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyDefaults.Scheme, Name: { } name }
            ? name
            : null;

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>Marks the endpoints that need an API key and count against its limits.</summary>
    public sealed class KeyedEndpoint;
}
