using Microsoft.AspNetCore.Http.HttpResults;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Web.Api;

/// <summary>
/// <c>/api/v1/health</c>: liveness (the process answers) and readiness (the bundled sample every new session opens on is
/// loaded). Both need no API key and are not rate limited, so probes never fail for want of one.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Maps the health endpoints onto <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapHealthEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var health = api.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new LiveResponse("live")))
            .WithName("Live")
            .WithSummary("Liveness: 200 while the process runs");
        health.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Readiness: 200 once the bundled sample is loaded, else 503")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return health;
    }

    private static Results<Ok<ReadyResponse>, ProblemHttpResult> Ready(DefaultDataset sample)
    {
        // The first probe starts loading the sample (sessions share it); later probes see it loaded.
        var load = sample.GetAsync();
        if (!load.IsCompleted)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Not ready", "The bundled sample dataset is still loading.");
        }

        return load.IsCompletedSuccessfully && load.Result.Dataset is { } dataset
            ? TypedResults.Ok(new ReadyResponse("ready", dataset.Name, dataset.Features.Count))
            : ApiProblems.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "Not ready",
                load.IsCompletedSuccessfully ? load.Result.Error ?? "The bundled sample could not be loaded." : "The bundled sample could not be loaded; see the server log.");
    }
}
