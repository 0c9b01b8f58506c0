using System.Net.Security;
using Ember.Cluster.Blocks;
using Ember.Cluster.Blocks.Protocol;
using Ember.Cluster.Security;
using Ember.Cluster.Tests.Blocks;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ember.Cluster.Tests.Security;

/// <summary>
/// The block service with a shared secret: mutual TLS pinned to the derived key. A client without the secret is refused
/// at the handshake, so the server's pipeline never sees a request of it.
/// </summary>
public sealed class BlockServiceTlsTests
{
    private static readonly BlockId Block = BlockId.Shuffle(1, 2, 3);
    private static readonly ClusterSecret Secret = ClusterSecret.Of(ClusterSecretTests.Secret);

    [Fact]
    public async Task FetchAsync_ClientWithTheSameSecret_GetsTheBlockOverTls()
    {
        await using var node = await StartNodeAsync();
        using var client = new BlockClient(new BlockClientOptions { Secret = ClusterSecret.Of(ClusterSecretTests.Secret) });

        using var block = await client.FetchAsync(node.Peer, Block);

        Assert.Equal(BlockNode.Sha256(BlockNode.RandomBytes(3 << 20, seed: 7)), BlockNode.Sha256(block.Memory.Span));
        Assert.Equal(1, node.Server.RequestsReceived);
    }

    [Fact]
    public async Task FetchAsync_ClientWithAnotherSecret_FailsAndTheServerNeverReadsARequest()
    {
        await using var node = await StartNodeAsync();
        using var client = new BlockClient(new BlockClientOptions { Secret = ClusterSecret.Of(ClusterSecretTests.OtherSecret) });

        var error = await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.FetchAsync(node.Peer, Block));

        Assert.Contains(node.Peer.ToString(), error.Message);
        Assert.Equal(0, node.Server.RequestsReceived);
    }

    [Fact]
    public async Task FetchAsync_CleartextClientAgainstATlsServer_FailsAndTheServerNeverReadsARequest()
    {
        await using var node = await StartNodeAsync();
        using var client = new BlockClient();

        await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.FetchAsync(node.Peer, Block));

        Assert.Equal(0, node.Server.RequestsReceived);
    }

    [Fact]
    public async Task Fetch_TlsClientWithoutACertificateThatAcceptsAnyServer_IsRefusedAtTheHandshake()
    {
        await using var node = await StartNodeAsync();
        // A stranger that speaks TLS and trusts whatever the server presents, but cannot present the derived key.
        using var channel = GrpcChannel.ForAddress(node.Peer.Address(tls: true), new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            },
        });
        var stranger = new BlockService.BlockServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = stranger.Fetch(new FetchRequest { BlockId = Block.ToString() });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        // TLS 1.3 sends the client's certificate (here: none) in its last flight, so the client may finish its side of
        // the handshake and see the server's refusal as a reset of the request (Internal) rather than a failed
        // connection (Unavailable). Either way no request reached the server.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
        Assert.Equal(0, node.Server.RequestsReceived);
    }

    [Fact]
    public async Task FetchAsync_ClientWithASecretAgainstACleartextServer_Fails()
    {
        await using var node = await BlockNode.StartAsync();
        node.Store.Put(Block, BlockNode.RandomBytes(1024, seed: 7));
        using var client = new BlockClient(new BlockClientOptions { Secret = Secret });

        await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.FetchAsync(node.Peer, Block));
    }

    private static async Task<BlockNode> StartNodeAsync()
    {
        var node = await BlockNode.StartAsync(secret: Secret);
        node.Store.Put(Block, BlockNode.RandomBytes(3 << 20, seed: 7));
        return node;
    }
}
