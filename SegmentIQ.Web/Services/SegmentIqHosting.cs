using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace SegmentIQ.Web.Services;

/// <summary>
/// Hosting hardening in one place: circuit and hub limits from configuration, Secure cookies and HSTS outside
/// Development, security headers, a working error page and the start-up sweep of upload files.
/// </summary>
public static class SegmentIqHosting
{
    /// <summary>
    /// The Content-Security-Policy of the pages. Blazor Server needs only same-origin scripts and its WebSocket
    /// (<c>connect-src 'self'</c>); MudBlazor sets inline styles (hence <c>style-src 'unsafe-inline'</c>, styles only);
    /// Plotly draws SVG and uses data/blob images; no <c>unsafe-eval</c> (Plotly draws without it, checked in Chromium).
    /// Inline script is allowed only because the framework's <c>ImportMap</c> is an inline script whose hash changes with
    /// every asset fingerprint; Chromium refuses it under <c>script-src 'self'</c>.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Cookie and HSTS settings (circuit and hub limits are bound by <c>AddSegmentIq</c>). Cookies are Secure on HTTPS
    /// requests; with <c>SegmentIQ:HttpsOnly</c> true (outside Development) they are Secure always, so a deployment that
    /// serves only HTTPS never sends one in clear. The default must work on plain HTTP too: the container and a
    /// TLS-terminating proxy in front of it reach the app over HTTP, and an Always-secure antiforgery cookie would
    /// break every form and upload there.
    /// </summary>
    public static IServiceCollection AddSegmentIqHosting(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secure = !isDevelopment && configuration.GetValue<bool>("SegmentIQ:HttpsOnly") ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = secure);
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = secure;
            o.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>Error page and HSTS outside Development, the security headers, cookie policy; sweeps old upload files.</summary>
    public static WebApplication UseSegmentIqHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<SegmentIqOptions>>().Value;
        var swept = UploadedFiles.Sweep(options.UploadFolder);
        var logger = app.Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Upload folder {Folder}: {Count} files left by earlier processes deleted", UploadedFiles.Root, swept);
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";

            // The API reference page (Scalar) brings its own inline script; the pages and the API get the strict policy.
            if (!context.Request.Path.StartsWithSegments("/scalar"))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            await next();
        });
        app.UseCookiePolicy();
        app.Map("/Error", ErrorPage);
        return app;
    }

    /// <summary>
    /// The page <c>UseExceptionHandler</c> re-executes: a plain page (static, so it works when the app itself is
    /// failing) with the request id the log entry carries, which the exception handler logs at Error.
    /// </summary>
    private static IResult ErrorPage(HttpContext context)
    {
        var id = System.Net.WebUtility.HtmlEncode(System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
        return Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SegmentIQ – error</title></head><body>" +
            $"<h1>Something went wrong</h1><p>The request could not be completed. If it happens again, quote error id <code id=\"error-id\">{id}</code>.</p>" +
            "<p><a href=\"/\">Back to SegmentIQ</a></p></body></html>",
            "text/html; charset=utf-8",
            statusCode: StatusCodes.Status500InternalServerError);
    }
}
