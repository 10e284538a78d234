using SegmentIQ.Web;
using SegmentIQ.Web.Api;
using SegmentIQ.Web.Components;
using SegmentIQ.Web.Services;

// "--probe URL": the container's HEALTHCHECK (the runtime image has no curl); exits 0 when URL answers 2xx.
if (args is ["--probe", var probeUrl])
{
    return await HealthProbe.RunAsync(probeUrl);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSegmentIq(builder.Configuration);
builder.Services.AddSegmentIqHosting(builder.Configuration, builder.Environment.IsDevelopment());

var app = builder.Build();
app.UseSegmentIqHosting();
app.UseSegmentIqInstanceHeader(app.Configuration);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSegmentIqApi();
app.MapSessionUploads();
app.Run();
return 0;

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
