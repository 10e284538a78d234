using SegmentIQ.Web;
using SegmentIQ.Web.Api;
using SegmentIQ.Web.Components;
using SegmentIQ.Web.Services;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSegmentIq(builder.Configuration);

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapSegmentIqApi();
app.MapSessionUploads();
app.Run();

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
