using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SegmentIQ.Web.Services;

/// <summary>A file the upload endpoint received for a page, waiting for that page's session to claim it.</summary>
/// <param name="Id">Receipt id the browser hands back to the page.</param>
/// <param name="FileName">The file's name as the browser gave it.</param>
/// <param name="Path">Temporary file holding the bytes.</param>
/// <param name="Sha256">Hash computed while streaming.</param>
/// <param name="Bytes">Size in bytes.</param>
public sealed record ReceivedUpload(string Id, string FileName, string Path, string Sha256, long Bytes);

/// <summary>
/// Upload tickets: each page (Blazor circuit) that can upload gets a random ticket bound to its antiforgery request
/// token, so the streaming endpoint (<see cref="SessionUploadEndpoint"/>) accepts a file only from that page and hands
/// it to that page's session alone. A ticket dies with its page; an unclaimed file is deleted then.
/// </summary>
public sealed class SessionUploads
{
    private readonly ConcurrentDictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    /// <summary>Issues a ticket for a page whose antiforgery request token is <paramref name="requestToken"/>.</summary>
    public string Issue(string requestToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestToken);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tickets[id] = new Ticket(requestToken);
        return id;
    }

    /// <summary>Ends a ticket (its page is gone), deleting any file it did not claim.</summary>
    public void Revoke(string? ticket)
    {
        if (ticket is not null && _tickets.TryRemove(ticket, out var removed))
        {
            lock (removed)
            {
                foreach (var upload in removed.Received.Values)
                {
                    UploadedFiles.TryDelete(upload.Path);
                }

                removed.Received.Clear();
            }
        }
    }

    /// <summary>
    /// True when <paramref name="ticket"/> exists and was issued to the page holding <paramref name="requestToken"/>
    /// (compared in constant time).
    /// </summary>
    public bool IsIssuedTo(string ticket, string? requestToken) =>
        requestToken is not null && _tickets.TryGetValue(ticket, out var found)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(found.RequestToken), Encoding.UTF8.GetBytes(requestToken));

    /// <summary>Keeps a received file for the ticket's page; false (and the file deleted) when the ticket ended meanwhile.</summary>
    public bool Deliver(string ticket, ReceivedUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (_tickets.TryGetValue(ticket, out var found))
        {
            lock (found)
            {
                if (_tickets.ContainsKey(ticket))
                {
                    found.Received[upload.Id] = upload;
                    return true;
                }
            }
        }

        UploadedFiles.TryDelete(upload.Path);
        return false;
    }

    /// <summary>Takes the file received under <paramref name="receipt"/> for <paramref name="ticket"/>; null when there is none.</summary>
    public ReceivedUpload? Claim(string ticket, string receipt)
    {
        if (!_tickets.TryGetValue(ticket, out var found))
        {
            return null;
        }

        lock (found)
        {
            return found.Received.Remove(receipt, out var upload) ? upload : null;
        }
    }

    private sealed record Ticket(string RequestToken)
    {
        public Dictionary<string, ReceivedUpload> Received { get; } = new(StringComparer.Ordinal);
    }
}
