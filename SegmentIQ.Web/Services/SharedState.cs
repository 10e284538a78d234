using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SegmentIQ.Web.Services;

/// <summary>Settings of the <c>SegmentIQ:Redis</c> section: state shared by several app instances.</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "SegmentIQ:Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string (e.g. <c>redis:6379,password=…</c>); empty (the default) keeps
    /// everything in this process and its library folder. Set it from the environment
    /// (<c>SegmentIQ__Redis__Configuration</c>), never in a committed file; it is never logged.
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefix of every key SegmentIQ writes, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "segmentiq:";
}

/// <summary>Registers what several instances share when Redis is configured: data-protection keys and the library.</summary>
public static class SharedState
{
    /// <summary>
    /// With <see cref="RedisOptions.Configuration"/> set: one Redis connection, the data-protection key ring in Redis
    /// (so antiforgery tokens and cookies of one instance are valid on the other) and the saved-analysis library in
    /// Redis (<see cref="RedisLibraryStorage"/>). Without it: nothing (keys and library stay local).
    /// </summary>
    public static IServiceCollection AddSegmentIqSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (string.IsNullOrWhiteSpace(redis.Configuration))
        {
            return services;
        }

        var connection = ConnectionMultiplexer.Connect(redis.Configuration);
        services.AddSingleton<IConnectionMultiplexer>(connection);
        services.AddDataProtection()
            .SetApplicationName("SegmentIQ")
            .PersistKeysToStackExchangeRedis(connection, redis.KeyPrefix + "dataprotection-keys");
        services.AddSingleton<ILibraryStorage>(sp => new RedisLibraryStorage(
            connection,
            redis.KeyPrefix,
            Path.Combine(LibraryFolder(sp), "redis-data-cache")));
        return services;
    }

    /// <summary>The library folder as configured (relative to the content root unless absolute).</summary>
    public static string LibraryFolder(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Path.Combine(services.GetRequiredService<IWebHostEnvironment>().ContentRootPath, services.GetRequiredService<IOptions<SegmentIqOptions>>().Value.LibraryPath);
    }

    /// <summary>
    /// With <c>SegmentIQ:InstanceName</c> set, every response names the instance that served it
    /// (<c>X-SegmentIQ-Instance</c>), so behind the proxy one can see that a user stays on one instance.
    /// </summary>
    public static IApplicationBuilder UseSegmentIqInstanceHeader(this IApplicationBuilder app, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration["SegmentIQ:InstanceName"];
        return string.IsNullOrWhiteSpace(name)
            ? app
            : app.Use((context, next) =>
            {
                context.Response.Headers[InstanceHeader] = name;
                return next(context);
            });
    }

    /// <summary>The response header naming the instance.</summary>
    public const string InstanceHeader = "X-SegmentIQ-Instance";
}
