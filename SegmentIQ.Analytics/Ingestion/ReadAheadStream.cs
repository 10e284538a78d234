using System.Collections.Concurrent;

namespace SegmentIQ.Analytics.Ingestion;

/// <summary>
/// Reads an inner stream on a background task into a bounded queue of blocks, so that an expensive producer
/// (gzip inflation) runs in parallel with the consumer (CSV parsing). Read-only, forward-only.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Stream _inner;
    private readonly BlockingCollection<(byte[] Buffer, int Count)> _blocks;
    private readonly CancellationTokenSource _cts;
    private readonly Task _producer;
    private byte[]? _current;
    private int _count;
    private int _offset;
    private bool _finished;
    private bool _disposed;

    public ReadAheadStream(Stream inner, int blockSize, int depth, CancellationToken ct)
    {
        _inner = inner;
        _blocks = new BlockingCollection<(byte[], int)>(depth);
        _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = _cts.Token;
        _producer = Task.Run(() =>
        {
            try
            {
                while (!token.IsCancellationRequested)
                {
                    var buffer = new byte[blockSize];
                    var n = _inner.ReadAtLeast(buffer, blockSize, throwOnEndOfStream: false);
                    if (n == 0)
                    {
                        break;
                    }

                    _blocks.Add((buffer, n), token);
                    if (n < blockSize)
                    {
                        break;
                    }
                }
            }
            finally
            {
                _blocks.CompleteAdding();
            }
        }, CancellationToken.None); // Never skipped: a producer that never starts would never complete the queue.
    }

    /// <summary>Bytes handed to the reader so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_current is null || _offset == _count)
        {
            if (_finished)
            {
                return 0;
            }

            // Waits with the token too, so a cancelled read ends here even while the producer is stuck in a slow read.
            if (!_blocks.TryTake(out var block, Timeout.Infinite, _cts.Token))
            {
                _finished = true;

                // Surface the producer's failure (corrupt gzip data, cancellation) on the reading thread.
                _producer.GetAwaiter().GetResult();
                return 0;
            }

            (_current, _count, _offset) = (block.Buffer, block.Count, 0);
        }

        var n = Math.Min(buffer.Length, _count - _offset);
        _current.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _cts.Cancel();
            while (_blocks.TryTake(out _))
            {
            }

            try
            {
                _producer.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled or failed: the reader has already seen (or no longer needs) the outcome.
            }

            _blocks.Dispose();
            _cts.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
