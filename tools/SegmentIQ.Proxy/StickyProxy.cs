using Yarp.ReverseProxy.Configuration;

namespace SegmentIQ.Proxy;

/// <summary>
/// A small sticky-session reverse proxy (YARP) in front of several SegmentIQ instances: a browser's first request
/// picks an instance and a cookie keeps every later request (and the Blazor circuit's WebSocket) there. An instance
/// that stops answering its health check (<c>/api/v1/health/live</c>) or fails a request is taken out, and its users
/// are sent to another one, where they reconnect and reopen their saved work.
/// </summary>
public static class StickyProxy
{
    /// <summary>The affinity cookie's name.</summary>
    public const string AffinityCookie = ".SegmentIQ.Instance";

    /// <summary>Builds the proxy listening on <paramref name="listenUrl"/> in front of <paramref name="backends"/>.</summary>
    public static WebApplication Build(string listenUrl, IReadOnlyList<string> backends, TimeSpan? healthInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(listenUrl);
        ArgumentNullException.ThrowIfNull(backends);
        if (backends.Count == 0)
        {
            throw new ArgumentException("Name at least one instance (--backend http://127.0.0.1:5103).", nameof(backends));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(listenUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var cluster = new ClusterConfig
        {
            ClusterId = "segmentiq",
            LoadBalancingPolicy = "RoundRobin",
            SessionAffinity = new SessionAffinityConfig
            {
                Enabled = true,
                Policy = "Cookie",
                FailurePolicy = "Redistribute",
                AffinityKeyName = AffinityCookie,
            },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = healthInterval ?? TimeSpan.FromSeconds(5),
                    Timeout = TimeSpan.FromSeconds(3),
                    Policy = "ConsecutiveFailures",
                    Path = "/api/v1/health/live",
                },
                Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(30) },
            },
            Destinations = backends.Select((url, i) => (url, i)).ToDictionary(d => $"instance-{d.i + 1}", d => new DestinationConfig { Address = d.url }),
        };
        var route = new RouteConfig { RouteId = "all", ClusterId = cluster.ClusterId, Match = new RouteMatch { Path = "{**catch-all}" } };
        builder.Services.AddReverseProxy().LoadFromMemory([route], [cluster]);
        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }
}
