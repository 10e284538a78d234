using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SegmentIQ.Analytics.Scheduling;
using SegmentIQ.Web.Api;
using SegmentIQ.Web.Services;
using SegmentIQ.Web.State;

namespace SegmentIQ.Web;

/// <summary>The one composition root: everything the web app registers.</summary>
public static class SegmentIqServiceCollectionExtensions
{
    /// <summary>Blazor circuit limits (<c>CircuitOptions</c>: retained disconnected circuits, JS interop timeout…).</summary>
    public const string CircuitSection = "SegmentIQ:Circuit";

    /// <summary>SignalR limits of the Blazor hub (<c>HubOptions</c>: message size, timeouts, parallel invocations).</summary>
    public const string SignalRSection = "SegmentIQ:SignalR";

    /// <summary>Registers Razor components, MudBlazor and SegmentIQ's services.</summary>
    public static IServiceCollection AddSegmentIq(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SegmentIqOptions.Section).Get<SegmentIqOptions>() ?? new SegmentIqOptions();
        services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit => configuration.GetSection(CircuitSection).Bind(circuit))
            .AddHubOptions(hub => configuration.GetSection(SignalRSection).Bind(hub));
        services.AddMudServices();
        services.AddSingleton(sp => new DefaultDataset(sp.GetRequiredService<IOptions<SegmentIqOptions>>(), sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        services.AddSegmentIqSharedState(configuration);
        services.AddSingleton(sp => new AnalysisLibrary(SharedState.LibraryFolder(sp), sp.GetService<ILibraryStorage>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataSources(configuration, sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath));
        AddSegmentIqSessionServices(services, Options.Create(options));
        AddSegmentIqSchedules(services);
        services.AddSegmentIqApi(configuration);
        return services;
    }

    /// <summary>
    /// Scheduled reports: the store (in the library folder), the runner and the background service that fires them.
    /// Needs <see cref="AnalysisLibrary"/>, <see cref="AnalysisPipeline"/> and a <see cref="TimeProvider"/> registered.
    /// </summary>
    public static IServiceCollection AddSegmentIqSchedules(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ScheduleStore(
            sp.GetRequiredService<AnalysisLibrary>(),
            [.. sp.GetRequiredService<IOptions<SegmentIqOptions>>().Value.ScheduleFolders.Select(f => Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, f))]));
        services.AddSingleton(sp => new ScheduleRunner(
            sp.GetRequiredService<AnalysisLibrary>(), sp.GetRequiredService<AnalysisPipeline>(), sp.GetRequiredService<ScheduleStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<DataSources>()?.Catalog));
        services.AddSingleton<ScheduleService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleService>());
        return services;
    }

    /// <summary>The services behind the pages (also used by component tests, which bring their own host services).</summary>
    public static IServiceCollection AddSegmentIqSessionServices(this IServiceCollection services, IOptions<SegmentIqOptions> options)
    {
        services.AddSingleton(options);
        services.AddSingleton(new StepCache(128));
        services.AddSingleton(sp => new Segmenter(sp.GetRequiredService<IOptions<SegmentIqOptions>>().Value.Pipeline));
        services.AddSingleton(sp => new AnalysisPipeline(sp.GetRequiredService<Segmenter>(), sp.GetRequiredService<StepCache>()));
        services.AddSingleton(sp => new BoundedBlockMemoryPool(Math.Max(0, sp.GetRequiredService<IOptions<SegmentIqOptions>>().Value.MaxPooledNetworkBlocks)));
        services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, BoundedBlockMemoryPoolFactory>();
        services.AddSingleton<IdleMemoryTrimmer>();
        services.AddSingleton<WorkspaceStore>();
        services.AddSingleton(sp => new FitScheduler(
            sp.GetRequiredService<IOptions<SegmentIqOptions>>().Value.ConcurrentFits, Math.Max(1, sp.GetRequiredService<IOptions<SegmentIqOptions>>().Value.MaxFitsPerSession)));
        services.AddSingleton<FailureLog>();
        services.AddSingleton<SessionUploads>();
        services.AddScoped<AnalysisSession>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SessionCircuitHandler>();
        return services;
    }
}
