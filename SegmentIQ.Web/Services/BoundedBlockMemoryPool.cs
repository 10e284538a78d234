using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace SegmentIQ.Web.Services;

/// <summary>
/// The memory pool of Kestrel's connections (socket buffers, request and response pipes, the Blazor WebSockets), like
/// the framework's own: 4 KB blocks on the pinned object heap, reused. The framework's pool keeps every block it ever
/// handed out and gives back only 5 % of the idle ones every 10 s; under load (twenty browsers that read their render
/// batches slowly, uploads) it grew to about 20,000 blocks, and two minutes after the users had left half of them were
/// still held, pinned and scattered, so the collection could neither free nor compact those regions (measured with
/// <c>dotnet-dump</c>: 41 MB of pooled blocks and 36 MB of free space between them). This pool keeps at most
/// <see cref="MaxPooledBlocks"/> returned blocks; a block returned beyond that is dropped and collected like any array.
/// </summary>
public sealed class BoundedBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>Bytes per block, as the framework's pool (most systems' page size).</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _pooled;

    /// <summary>A pool keeping at most <paramref name="maxPooledBlocks"/> idle blocks.</summary>
    public BoundedBlockMemoryPool(int maxPooledBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPooledBlocks);
        MaxPooledBlocks = maxPooledBlocks;
    }

    /// <summary>Most idle blocks kept for reuse.</summary>
    public int MaxPooledBlocks { get; }

    /// <summary>Idle blocks held now.</summary>
    public int PooledBlocks => Volatile.Read(ref _pooled);

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _pooled);
            return block;
        }

        return new Block(this);
    }

    /// <summary>Drops every idle block (the idle trim calls this before collecting).</summary>
    public void Clear()
    {
        while (_free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => Clear();

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _pooled) <= MaxPooledBlocks)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    /// <summary>One pinned block; disposing it returns it to its pool.</summary>
    private sealed class Block(BoundedBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);

        public void Dispose() => pool.Return(this);
    }
}

/// <summary>Gives Kestrel (and anything else asking the container for a byte pool) the shared <see cref="BoundedBlockMemoryPool"/>.</summary>
public sealed class BoundedBlockMemoryPoolFactory(BoundedBlockMemoryPool pool) : IMemoryPoolFactory<byte>
{
    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new Lease(pool);

    /// <summary>Each transport disposes the pool it was given when it stops; the shared pool outlives it.</summary>
    private sealed class Lease(BoundedBlockMemoryPool pool) : MemoryPool<byte>
    {
        public override int MaxBufferSize => pool.MaxBufferSize;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => pool.Rent(minBufferSize);

        protected override void Dispose(bool disposing)
        {
        }
    }
}
