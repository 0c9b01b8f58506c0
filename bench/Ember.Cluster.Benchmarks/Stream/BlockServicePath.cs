using System.Net;
using System.Reflection;

namespace Ember.Cluster.Benchmarks.Stream;

/// <summary>
/// The block service's own path, in this process: a <c>LocalBlockStore</c> served by a <c>BlockServer</c> (Kestrel,
/// h2c, 1 MiB chunks) on 127.0.0.1 and read by a <c>BlockClient</c> (pooled buffers, bytes in flight bounded), as an
/// executor's shuffle reader uses them. Those types are internal to Ember.Cluster and the benchmark may not widen
/// src/, so they are reached by reflection; a call costs microseconds against milliseconds per 4 MiB block.
/// </summary>
internal sealed class BlockServicePath : IAsyncDisposable
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
    private static readonly Assembly Cluster = typeof(RemoteTaskException).Assembly;
    private static readonly Type StoreType = Cluster.GetType("Ember.Cluster.Blocks.LocalBlockStore", throwOnError: true)!;
    private static readonly Type ServerType = Cluster.GetType("Ember.Cluster.Blocks.BlockServer", throwOnError: true)!;
    private static readonly Type ClientType = Cluster.GetType("Ember.Cluster.Blocks.BlockClient", throwOnError: true)!;
    private static readonly Type IdType = Cluster.GetType("Ember.Cluster.Blocks.BlockId", throwOnError: true)!;
    private static readonly Type PeerType = Cluster.GetType("Ember.Cluster.Blocks.BlockPeer", throwOnError: true)!;

    private readonly IDisposable store;
    private readonly IAsyncDisposable server;
    private readonly IDisposable client;
    private readonly object peer;
    private readonly object[] ids;
    private readonly MethodInfo fetch;
    private readonly int blockSize;

    private BlockServicePath(IDisposable store, IAsyncDisposable server, IDisposable client, object peer, object[] ids, int blockSize)
    {
        this.store = store;
        this.server = server;
        this.client = client;
        this.peer = peer;
        this.ids = ids;
        this.blockSize = blockSize;
        fetch = ClientType.GetMethod("FetchAsync", Members)!;
    }

    /// <summary>Stores <paramref name="blocks"/> blocks of <paramref name="blockSize"/> bytes in memory and serves them.</summary>
    public static async Task<BlockServicePath> StartAsync(int blocks, int blockSize)
    {
        var store = (IDisposable)Activator.CreateInstance(StoreType, Members, null, [null, (long)blocks * blockSize + (1L << 20)], null)!;
        var put = StoreType.GetMethod("Put", Members)!;
        var shuffle = IdType.GetMethod("Shuffle", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var ids = new object[blocks];
        for (var i = 0; i < blocks; i++)
        {
            ids[i] = shuffle.Invoke(null, [0, i, 0])!;
            var bytes = new byte[blockSize];
            Payload.Fill(i, bytes);
            put.Invoke(store, [ids[i], (ReadOnlyMemory<byte>)bytes]);
        }
        var server = (IAsyncDisposable)Activator.CreateInstance(ServerType, Members, null, [store, IPAddress.Loopback, 0, null], null)!;
        await (Task)ServerType.GetMethod("StartAsync", Members)!.Invoke(server, [CancellationToken.None])!;
        var peer = ServerType.GetProperty("Peer", Members)!.GetValue(server)!;
        var client = (IDisposable)Activator.CreateInstance(ClientType, Members, null, [null], null)!;
        return new BlockServicePath(store, server, client, peer, ids, blockSize);
    }

    /// <summary>Where the server listens, for a bare gRPC reader of the same service.</summary>
    public Uri Address => (Uri)PeerType.GetProperty("Address", Members)!.GetValue(peer)!;

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

    private async Task<long> FetchAsync(object id)
    {
        var task = (Task)fetch.Invoke(client, [peer, id, (long?)blockSize, CancellationToken.None])!;
        await task;
        using var block = (IDisposable)task.GetType().GetProperty("Result")!.GetValue(task)!;
        return (int)block.GetType().GetProperty("Length")!.GetValue(block)!;
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await server.DisposeAsync();
        store.Dispose();
    }
}
