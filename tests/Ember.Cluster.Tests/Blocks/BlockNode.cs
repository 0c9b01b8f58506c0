using System.Security.Cryptography;
using Ember.Cluster.Blocks;
using Ember.Cluster.Security;

namespace Ember.Cluster.Tests.Blocks;

/// <summary>One process's block side in a test: a store and the server on 127.0.0.1 that serves it.</summary>
internal sealed class BlockNode : IAsyncDisposable
{
    private BlockNode(LocalBlockStore store, BlockServer server)
    {
        Store = store;
        Server = server;
    }

    public LocalBlockStore Store { get; }

    public BlockServer Server { get; }

    public BlockPeer Peer => Server.Peer;

    /// <param name="memoryBudgetBytes">The store's memory budget.</param>
    /// <param name="secret">The cluster's shared secret: the server then speaks mutual TLS only.</param>
    public static async Task<BlockNode> StartAsync(long memoryBudgetBytes = LocalBlockStore.DefaultMemoryBudgetBytes, ClusterSecret? secret = null)
    {
        var store = new LocalBlockStore(memoryBudgetBytes: memoryBudgetBytes);
        var server = new BlockServer(store, secret: secret);
        await server.StartAsync();
        return new BlockNode(store, server);
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Store.Dispose();
    }
}
