using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentIQ.Tests.Api;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>The app hosted in memory with a 1 MB upload limit.</summary>
public sealed class SmallUploadLimitHost() : ApiTestHost(new Dictionary<string, string?> { ["SegmentIQ:MaxUploadMegabytes"] = "1" });

/// <summary>The page's streaming upload endpoint: antiforgery, the page's own ticket, the size limit while streaming, cancelling.</summary>
public class SessionUploadEndpointTests(SmallUploadLimitHost host) : IClassFixture<SmallUploadLimitHost>
{
    private const int Limit = 1024 * 1024;

    private sealed record PageTokens(string Cookie, string RequestToken);

    /// <summary>What a prerendered page holds: an antiforgery cookie and the matching request token.</summary>
    private PageTokens NewPage()
    {
        using var scope = host.Services.CreateScope();
        var tokens = host.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(new DefaultHttpContext { RequestServices = scope.ServiceProvider });
        var cookieName = host.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        return new PageTokens($"{cookieName}={tokens.CookieToken}", tokens.RequestToken!);
    }

    private HttpClient Client() => host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    private static HttpRequestMessage Request(string ticket, HttpContent body, PageTokens? page, string fileName = "shop.csv")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SessionUploadEndpoint.Route}/{ticket}") { Content = body };
        request.Headers.Add(SessionUploadEndpoint.FileNameHeader, Uri.EscapeDataString(fileName));
        if (page is not null)
        {
            request.Headers.Add("Cookie", page.Cookie);
            request.Headers.Add("RequestVerificationToken", page.RequestToken);
        }

        return request;
    }

    private SessionUploads Uploads => host.Services.GetRequiredService<SessionUploads>();

    [Fact]
    public async Task Upload_FromItsPage_DeliversTheFileToThatPagesTicket()
    {
        var page = NewPage();
        var ticket = Uploads.Issue(page.RequestToken);
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        using var client = Client();

        using var response = await client.SendAsync(Request(ticket, new ByteArrayContent(bytes), page));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("receipt").GetString()!;
        var upload = Uploads.Claim(ticket, receipt);
        Assert.NotNull(upload);
        try
        {
            Assert.Equal("shop.csv", upload.FileName);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(upload.Path));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), upload.Sha256);
        }
        finally
        {
            File.Delete(upload.Path);
        }
    }

    [Fact]
    public async Task Upload_WithoutAntiforgeryToken_IsRefused()
    {
        var page = NewPage();
        var ticket = Uploads.Issue(page.RequestToken);
        using var client = Client();

        using var response = await client.SendAsync(Request(ticket, new ByteArrayContent(new byte[1000]), page: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upload_FromAnotherSessionsPage_IsRefused()
    {
        var owner = NewPage();
        var ticket = Uploads.Issue(owner.RequestToken);
        var other = NewPage();
        using var client = Client();

        // A valid antiforgery pair, but of another page: the ticket is not theirs.
        using var response = await client.SendAsync(Request(ticket, new ByteArrayContent(new byte[1000]), other));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DeclaredOverTheLimit_Is413BeforeReading()
    {
        var page = NewPage();
        var ticket = Uploads.Issue(page.RequestToken);
        using var client = Client();

        using var response = await client.SendAsync(Request(ticket, new ByteArrayContent(new byte[Limit + 1]), page, "big.csv"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
