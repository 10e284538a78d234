using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SegmentIQ.Web.Services;

namespace SegmentIQ.Tests.Web.Services;

/// <summary>Kestrel's network buffers: reused, but a load peak is not kept after it, and the idle trim drops the rest.</summary>
public sealed class BoundedBlockMemoryPoolTests
{
    [Fact]
    public void ReturnedBlocks_BeyondTheBound_AreDropped()
    {
        using var pool = new BoundedBlockMemoryPool(maxPooledBlocks: 3);
        var peak = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToList();
        Assert.Equal(0, pool.PooledBlocks);

        foreach (var block in peak)
        {
            block.Dispose();
        }

        Assert.Equal(3, pool.PooledBlocks);
    }

    [Fact]
    public void ARentedBlock_IsAReturnedOne_WhenThePoolHasOne()
    {
        using var pool = new BoundedBlockMemoryPool(maxPooledBlocks: 4);
        var first = pool.Rent();
        var memory = first.Memory;
        first.Dispose();

        using var again = pool.Rent();

        Assert.Equal(BoundedBlockMemoryPool.BlockSize, again.Memory.Length);
        Assert.True(memory.Span.Overlaps(again.Memory.Span));
        Assert.Equal(0, pool.PooledBlocks);
    }

    [Fact]
    public void Rent_LargerThanABlock_IsRefused()
    {
        using var pool = new BoundedBlockMemoryPool(maxPooledBlocks: 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(BoundedBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void IdleTrim_DropsThePooledBlocks()
    {
        using var pool = new BoundedBlockMemoryPool(maxPooledBlocks: 100);
        foreach (var block in Enumerable.Range(0, 50).Select(_ => pool.Rent()).ToList())
        {
            block.Dispose();
        }

        var time = new FakeTimeProvider();
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new SegmentIqOptions { IdleTrimSeconds = 1 }), time, fits: null, logger: null, networkBlocks: pool);
        trimmer.CircuitOpened();
        trimmer.CircuitClosed();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, trimmer.Trims);
        Assert.Equal(0, pool.PooledBlocks);
    }

    [Fact]
    public void TheApp_GivesKestrelTheBoundedPool_WithTheConfiguredBound()
    {
        using var app = new WebApplicationFactory<Program>();
        var factory = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>();
        var pool = app.Services.GetRequiredService<BoundedBlockMemoryPool>();
        var options = app.Services.GetRequiredService<IOptions<SegmentIqOptions>>().Value;

        Assert.IsType<BoundedBlockMemoryPoolFactory>(factory);
        Assert.Equal(options.MaxPooledNetworkBlocks, pool.MaxPooledBlocks);

        // A transport disposing its pool when it stops leaves the shared pool working.
        var leased = factory.Create();
        leased.Rent().Dispose();
        leased.Dispose();
        using var block = pool.Rent();
        Assert.Equal(BoundedBlockMemoryPool.BlockSize, block.Memory.Length);
    }
}
