using System.Net;
using Ember.Cluster.Blocks;

namespace Ember.Cluster.Benchmarks.Stream;

/// <summary>
/// The block service's own path, in this process: a <see cref="LocalBlockStore"/> served by a <see cref="BlockServer"/>
/// (Kestrel, h2c, 1 MiB chunks) on 127.0.0.1 and read by a <see cref="BlockClient"/> (pooled buffers, bytes in flight
/// bounded), as an executor's shuffle reader uses them.
/// </summary>
internal sealed class BlockServicePath : IAsyncDisposable
{
    private readonly LocalBlockStore store;
    private readonly BlockServer server;
    private readonly BlockClient client = new();
    private readonly BlockId[] ids;
    private readonly int blockSize;

    private BlockServicePath(LocalBlockStore store, BlockServer server, BlockId[] ids, int blockSize)
    {
        this.store = store;
        this.server = server;
        this.ids = ids;
        this.blockSize = blockSize;
    }

    /// <summary>Stores <paramref name="blocks"/> blocks of <paramref name="blockSize"/> bytes in memory and serves them.</summary>
    public static async Task<BlockServicePath> StartAsync(int blocks, int blockSize)
    {
        var store = new LocalBlockStore(memoryBudgetBytes: (long)blocks * blockSize + (1L << 20));
        var ids = new BlockId[blocks];
        for (var i = 0; i < blocks; i++)
        {
            ids[i] = BlockId.Shuffle(0, i, 0);
            var bytes = new byte[blockSize];
            Payload.Fill(i, bytes);
            store.Put(ids[i], bytes);
        }
        var server = new BlockServer(store, IPAddress.Loopback);
        await server.StartAsync();
        return new BlockServicePath(store, server, ids, blockSize);
    }

    /// <summary>Where the server listens, for a bare gRPC reader of the same service.</summary>
    public Uri Address => server.Peer.Address(tls: false);

    /// <summary>Fetches every block, one at a time or all at once (then the client's bytes in flight bound them); returns the bytes.</summary>
    public async Task<long> FetchAllAsync(bool concurrently)
    {
        if (!concurrently)
        {
            long bytes = 0;
            foreach (var id in ids)
            {
                bytes += await FetchAsync(id);
            }
            return bytes;
        }
        return (await Task.WhenAll(ids.Select(FetchAsync))).Sum();
    }

    /// <summary>Fetches block 0 (connection and JIT warm-up).</summary>
    public Task<long> FetchFirstAsync() => FetchAsync(ids[0]);

    private async Task<long> FetchAsync(BlockId id)
    {
        using var block = await client.FetchAsync(server.Peer, id, blockSize);
        return block.Length;
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        store.Dispose();
    }
}
