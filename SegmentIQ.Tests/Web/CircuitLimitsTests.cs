using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentIQ.Web;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web;

/// <summary>The circuit and fit limits come from configuration (appsettings.json, overridable by the environment).</summary>
public sealed class CircuitLimitsTests : IDisposable
{
    private readonly WebApplicationFactory<Program> _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting($"{SegmentIqServiceCollectionExtensions.CircuitSection}:DisconnectedCircuitMaxRetained", "7"));

    [Fact]
    public void CircuitOptions_AreBoundFromTheShippedSettings_AndOverridable()
    {
        var shipped = new ConfigurationBuilder().SetBasePath(WebProject.Directory).AddJsonFile("appsettings.json").Build();
        var circuit = _app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        Assert.Equal(7, circuit.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.Parse(shipped[$"{SegmentIqServiceCollectionExtensions.CircuitSection}:DisconnectedCircuitRetentionPeriod"]!, System.Globalization.CultureInfo.InvariantCulture), circuit.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(TimeSpan.Parse(shipped[$"{SegmentIqServiceCollectionExtensions.CircuitSection}:JSInteropDefaultCallTimeout"]!, System.Globalization.CultureInfo.InvariantCulture), circuit.JSInteropDefaultCallTimeout);
        Assert.NotEqual(TimeSpan.FromMinutes(3), circuit.DisconnectedCircuitRetentionPeriod);
    }

    [Fact]
    public void BlazorHubOptions_AreBoundFromTheShippedSettings()
    {
        var shipped = new ConfigurationBuilder().SetBasePath(WebProject.Directory).AddJsonFile("appsettings.json").Build();

        // The Blazor hub type is internal; its options are reached through the generic options type.
        var hubType = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var optionsType = typeof(IOptions<>).MakeGenericType(typeof(Microsoft.AspNetCore.SignalR.HubOptions<>).MakeGenericType(hubType));
        var hub = (Microsoft.AspNetCore.SignalR.HubOptions)optionsType.GetProperty("Value")!.GetValue(_app.Services.GetRequiredService(optionsType))!;

        Assert.Equal(long.Parse(shipped[$"{SegmentIqServiceCollectionExtensions.SignalRSection}:MaximumReceiveMessageSize"]!, System.Globalization.CultureInfo.InvariantCulture), hub.MaximumReceiveMessageSize);
        Assert.Equal(TimeSpan.Parse(shipped[$"{SegmentIqServiceCollectionExtensions.SignalRSection}:ClientTimeoutInterval"]!, System.Globalization.CultureInfo.InvariantCulture), hub.ClientTimeoutInterval);
        Assert.Equal(TimeSpan.Parse(shipped[$"{SegmentIqServiceCollectionExtensions.SignalRSection}:KeepAliveInterval"]!, System.Globalization.CultureInfo.InvariantCulture), hub.KeepAliveInterval);
    }

    [Fact]
    public void FitScheduler_UsesTheConfiguredLimits()
    {
        var options = _app.Services.GetRequiredService<IOptions<SegmentIqOptions>>().Value;
        var scheduler = _app.Services.GetRequiredService<FitScheduler>();

        Assert.Equal(options.ConcurrentFits, scheduler.MaxConcurrentFits);
        Assert.Equal(options.MaxFitsPerSession, scheduler.MaxPerOwner);
    }

    public void Dispose() => _app.Dispose();
}
