using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SegmentIQ.Tests.Api;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>
/// The app on a real Kestrel server (loopback, a free port) with a 1 MB upload limit. The in-memory TestServer cannot
/// show what these tests are about: it hands the whole request body over as one buffer, so neither a refusal while
/// streaming nor a client abort mid-body ever happens there (the tests hung when written against it).
/// </summary>
public sealed class KestrelSmallUploadLimitHost : ApiTestHost
{
    /// <summary>Starts Kestrel on a port the system picks.</summary>
    public KestrelSmallUploadLimitHost()
        : base(new Dictionary<string, string?> { ["SegmentIQ:MaxUploadMegabytes"] = "1" })
    {
        UseKestrel(0);
    }

    /// <summary>A plain client of the running server (started on first use), as a browser would reach it.</summary>
    public HttpClient SocketClient()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address) };
    }
}

/// <summary>The page's streaming upload endpoint over real sockets: 413 while the body streams in, and a browser that cancels.</summary>
public class SessionUploadStreamingTests(KestrelSmallUploadLimitHost host) : IClassFixture<KestrelSmallUploadLimitHost>
{
    private const int Limit = 1024 * 1024;

    private SessionUploads Uploads => host.Services.GetRequiredService<SessionUploads>();

    [Fact]
    public async Task Upload_OverTheLimit_Is413WhileStreamingWithoutReadingTheWholeBody()
    {
        var page = NewPage();
        var ticket = Uploads.Issue(page.RequestToken);
        using var client = host.SocketClient();

        // 64 MB offered in chunks without a Content-Length: the endpoint can only notice while reading. A raw socket,
        // because HttpClient reports the server closing mid-body as a broken pipe and drops the answer it already got.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST {SessionUploadEndpoint.Route}/{ticket} HTTP/1.1\r\nHost: {client.BaseAddress.Authority}\r\n" +
                   $"{SessionUploadEndpoint.FileNameHeader}: huge.csv\r\nCookie: {page.Cookie}\r\nRequestVerificationToken: {page.RequestToken}\r\n" +
                   "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var chunk = Encoding.ASCII.GetBytes($"{64 * 1024:x}\r\n").Concat(new byte[64 * 1024]).Concat("\r\n"u8.ToArray()).ToArray();
        long sent = 0;
        try
        {
            while (sent < 64L * Limit && tcp.Available == 0)
            {
                await stream.WriteAsync(chunk);
                sent += 64 * 1024;
            }
        }
        catch (IOException)
        {
            // The server closed its side after answering: what it answered is still in the receive buffer.
        }

        if (sent >= 64L * Limit)
        {
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }

        var answer = await ReadAnswerAsync(stream);
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("1 MB", answer, StringComparison.Ordinal);
        Assert.True(sent < 16L * Limit, $"the server let {sent:N0} bytes in before refusing a body past {Limit:N0}");
    }

    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, patience.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                var text = Encoding.UTF8.GetString(received.ToArray());
                if (text.Contains("upload limit", StringComparison.Ordinal))
                {
                    return text;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Reset after the answer, or no answer at all: keep what arrived for the assertion to show.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    [Fact]
    public async Task Upload_CancelledByTheBrowser_LeavesNoFileAndTheTicketStillWorks()
    {
        using var client = host.SocketClient();
        var page = NewPage();
        var ticket = Uploads.Issue(page.RequestToken);
        const string extension = ".cncl16";
        var before = PartialFiles(extension);
        var body = new GeneratedContent(64L * Limit, stallAfter: Limit / 2);
        using var cancel = new CancellationTokenSource();

        var sending = client.SendAsync(Request(ticket, body, page, "shop" + extension), cancel.Token);
        await body.Stalled.WaitAsync(TimeSpan.FromSeconds(60));
        var started = DateTime.UtcNow.AddSeconds(60);
        while (PartialFiles(extension) == before && DateTime.UtcNow < started)
        {
            await Task.Delay(25);
        }

        Assert.True(PartialFiles(extension) > before, "the server never started writing the upload");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        // The server sees the abort on its own thread: its partial file must go (a bounded wait, not a timing claim).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (PartialFiles(extension) > before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        Assert.Equal(before, PartialFiles(extension));
        using var retry = await client.SendAsync(Request(ticket, new ByteArrayContent(new byte[1000]), page));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    private static int PartialFiles(string extension) => Directory.GetFiles(UploadedFiles.Folder, "segmentiq-*" + extension).Length;

    private sealed record PageTokens(string Cookie, string RequestToken);

    /// <summary>What a prerendered page holds: an antiforgery cookie and the matching request token.</summary>
    private PageTokens NewPage()
    {
        using var scope = host.Services.CreateScope();
        var tokens = host.Services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(new DefaultHttpContext { RequestServices = scope.ServiceProvider });
        var cookieName = host.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        return new PageTokens($"{cookieName}={tokens.CookieToken}", tokens.RequestToken!);
    }

    private static HttpRequestMessage Request(string ticket, HttpContent body, PageTokens page, string fileName = "shop.csv")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SessionUploadEndpoint.Route}/{ticket}") { Content = body };
        request.Headers.Add(SessionUploadEndpoint.FileNameHeader, Uri.EscapeDataString(fileName));
        request.Headers.Add("Cookie", page.Cookie);
        request.Headers.Add("RequestVerificationToken", page.RequestToken);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return request;
    }

    /// <summary>A request body produced on demand (no Content-Length), counting what the server pulled; optionally stalls.</summary>
    private sealed class GeneratedContent(long length, long? stallAfter = null) : HttpContent
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _produced;

        public long Produced => Interlocked.Read(ref _produced);

        public Task Stalled => _stalled.Task;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var chunk = new byte[64 * 1024];
            while (Produced < length)
            {
                if (stallAfter is { } stall && Produced >= stall)
                {
                    _stalled.TrySetResult();
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                await stream.WriteAsync(chunk, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                Interlocked.Add(ref _produced, chunk.Length);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
