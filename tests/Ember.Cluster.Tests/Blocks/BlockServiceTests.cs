using System.Net;
using System.Net.Sockets;
using Ember.Cluster.Blocks;
using Ember.Cluster.Blocks.Protocol;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ember.Cluster.Tests.Blocks;

public sealed class BlockServiceTests
{
    // Generous against a loaded 2-core machine, far below a hang: the client's connect timeout is 5 s.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StartAsync_ByDefault_BindsAFreePortOnLoopback()
    {
        await using var node = await BlockNode.StartAsync();

        Assert.Equal(IPAddress.Loopback.ToString(), node.Peer.Host);
        Assert.NotEqual(0, node.Peer.Port);
    }

    [Theory]
    [InlineData(LocalBlockStore.DefaultMemoryBudgetBytes)] // served from memory
    [InlineData(0)] // spilled, served from its file
    public async Task FetchAsync_BlockOfSeveralMiB_ArrivesIntactInChunks(long memoryBudget)
    {
        await using var node = await BlockNode.StartAsync(memoryBudget);
        var bytes = BlockNode.RandomBytes((5 << 20) + 12345, seed: 5);
        var stored = node.Store.Put(BlockId.Shuffle(1, 2, 3), bytes);
        Assert.Equal(memoryBudget > 0, stored.IsInMemory);
        using var client = new BlockClient();

        using var block = await client.FetchAsync(node.Peer, BlockId.Shuffle(1, 2, 3)).WaitAsync(Deadline);

        Assert.Equal(bytes.Length, block.Length);
        Assert.Equal(BlockNode.Sha256(bytes), BlockNode.Sha256(block.Memory.Span));
        Assert.Equal(bytes.Length, client.BytesFetched);
    }

    [Fact]
    public async Task PutAsync_InputBlockOfSeveralMiB_IsStoredIntactAtThePeer()
    {
        await using var node = await BlockNode.StartAsync();
        var bytes = BlockNode.RandomBytes((3 << 20) + 777, seed: 7);
        using var client = new BlockClient();

        await client.PutAsync(node.Peer, BlockId.Input(42), bytes).WaitAsync(Deadline);

        var stored = Assert.IsType<StoredBlock>(node.Store.Get(BlockId.Input(42)));
        Assert.Equal(BlockNode.Sha256(bytes), BlockNode.Sha256(stored.ReadAll().Span));
    }

    [Fact]
    public async Task PutAsync_NotAnInputBlock_IsRefusedAndNothingIsStored()
    {
        await using var node = await BlockNode.StartAsync();
        using var client = new BlockClient();

        var error = await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.PutAsync(node.Peer, BlockId.Shuffle(1, 0, 0), new byte[] { 1 }).WaitAsync(Deadline));

        Assert.Equal(StatusCode.PermissionDenied, Assert.IsType<RpcException>(error.InnerException).StatusCode);
        Assert.Null(node.Store.Get(BlockId.Shuffle(1, 0, 0)));
    }

    [Fact]
    public async Task FetchAsync_EmptyBlock_ArrivesEmpty()
    {
        await using var node = await BlockNode.StartAsync();
        node.Store.Put(BlockId.TaskResult(1), ReadOnlyMemory<byte>.Empty);
        using var client = new BlockClient();

        using var block = await client.FetchAsync(node.Peer, BlockId.TaskResult(1)).WaitAsync(Deadline);

        Assert.Equal(0, block.Length);
    }

    [Fact]
    public async Task FetchAsync_MissingBlock_ThrowsBlockNotFoundNamingPeerAndBlock()
    {
        await using var node = await BlockNode.StartAsync();
        using var client = new BlockClient();

        var error = await Assert.ThrowsAsync<BlockNotFoundException>(() => client.FetchAsync(node.Peer, BlockId.Shuffle(4, 0, 1)).WaitAsync(Deadline));

        Assert.Equal(node.Peer, error.Peer);
        Assert.Equal(BlockId.Shuffle(4, 0, 1), error.BlockId);
        Assert.Contains("shuffle_4_0_1", error.Message);
        Assert.Equal(0, client.BytesInFlight);
    }

    [Fact]
    public async Task FetchAsync_PeerGone_ThrowsBlockFetchFailedQuickly()
    {
        var node = await BlockNode.StartAsync();
        node.Store.Put(BlockId.TaskResult(3), new byte[10]);
        using var client = new BlockClient();
        (await client.FetchAsync(node.Peer, BlockId.TaskResult(3))).Dispose(); // the channel is open and was used
        var peer = node.Peer;
        await node.DisposeAsync();

        var error = await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.FetchAsync(peer, BlockId.TaskResult(3)).WaitAsync(Deadline));

        Assert.IsNotType<BlockNotFoundException>(error);
        Assert.Equal(peer, error.Peer);
        Assert.Contains(peer.ToString(), error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task FetchAsync_PeerNeverThere_ThrowsBlockFetchFailedQuickly()
    {
        var node = await BlockNode.StartAsync();
        var peer = node.Peer;
        await node.DisposeAsync();
        using var client = new BlockClient();

        var error = await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.FetchAsync(peer, BlockId.StageBinary(1)).WaitAsync(Deadline));

        Assert.Equal(peer, error.Peer);
    }

    [Fact]
    public async Task FetchAsync_PeerThatAcceptsButNeverAnswers_FailsAfterTheKeepAliveTimeout()
    {
        // A stopped process (SIGSTOP) still has its socket accepted by the kernel, then says nothing.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var peer = new BlockPeer("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port);
        using var client = new BlockClient(new BlockClientOptions { KeepAliveTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<BlockFetchFailedException>(() => client.FetchAsync(peer, BlockId.TaskResult(1)).WaitAsync(Deadline));

        Assert.Equal(peer, error.Peer);
    }

    [Fact]
    public async Task DisposeAsync_WithAReaderThatStoppedReading_EndsItsStreamPromptly()
    {
        var node = await BlockNode.StartAsync();
        node.Store.Put(BlockId.TaskResult(1), new byte[32 << 20]);
        using var channel = GrpcChannel.ForAddress(node.Peer.Address(tls: false), new GrpcChannelOptions { MaxReceiveMessageSize = 2 << 20 });
        using var call = new BlockService.BlockServiceClient(channel).Fetch(new FetchRequest { BlockId = "taskresult_1" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None)); // then flow control holds the server back

        await node.DisposeAsync().AsTask().WaitAsync(Deadline);

        await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
    }

    [Fact]
    public async Task RemoveAsync_FetchedTaskResults_AreGoneFromThePeer()
    {
        await using var node = await BlockNode.StartAsync();
        node.Store.Put(BlockId.TaskResult(1), new byte[3]);
        node.Store.Put(BlockId.TaskResult(2), new byte[3]);
        using var client = new BlockClient();

        var removed = await client.RemoveAsync(node.Peer, [BlockId.TaskResult(1), BlockId.TaskResult(2), BlockId.TaskResult(3)]).WaitAsync(Deadline);

        Assert.Equal(2, removed);
        Assert.Equal(0, node.Store.Count);
        await Assert.ThrowsAsync<BlockNotFoundException>(() => client.FetchAsync(node.Peer, BlockId.TaskResult(1)).WaitAsync(Deadline));
    }

    [Theory]
    [InlineData(false)] // bytes reserved when the first chunk announces the length
    [InlineData(true)] // bytes reserved before the request, from the known length
    public async Task FetchAsync_ManyConcurrentFetchesWithASmallBudget_AllArriveAndStayWithinIt(bool lengthKnown)
    {
        await using var node = await BlockNode.StartAsync();
        const int Blocks = 40;
        var expected = new string[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            var bytes = BlockNode.RandomBytes(200_000 + (i * 7919), seed: i);
            expected[i] = BlockNode.Sha256(bytes);
            node.Store.Put(BlockId.Shuffle(0, i, 0), bytes);
        }
        const long Budget = 1 << 20;
        using var client = new BlockClient(new BlockClientOptions { MaxBytesInFlight = Budget });

        var received = await Task.WhenAll(Enumerable.Range(0, Blocks).Select(async i =>
        {
            var id = BlockId.Shuffle(0, i, 0);
            using var block = await client.FetchAsync(node.Peer, id, lengthKnown ? node.Store.SizeOf(id) : null);
            await Task.Yield(); // hold the block a moment, as a reader deserializing it does
            return BlockNode.Sha256(block.Memory.Span);
        })).WaitAsync(Deadline);

        Assert.Equal(expected, received);
        Assert.InRange(client.PeakBytesInFlight, 200_000, Budget);
        Assert.Equal(0, client.BytesInFlight);
    }

    [Fact]
    public async Task FetchAsync_BlockBiggerThanTheBudget_IsFetchedAlone()
    {
        await using var node = await BlockNode.StartAsync();
        var big = BlockNode.RandomBytes(3 << 20, seed: 9);
        node.Store.Put(BlockId.TaskResult(1), big);
        node.Store.Put(BlockId.TaskResult(2), new byte[1000]);
        using var client = new BlockClient(new BlockClientOptions { MaxBytesInFlight = 1 << 20 });

        using var small = await client.FetchAsync(node.Peer, BlockId.TaskResult(2), 1000);
        var bigFetch = client.FetchAsync(node.Peer, BlockId.TaskResult(1), big.Length);
        Assert.False(bigFetch.IsCompleted); // waits for the small block to be released
        small.Dispose();
        using var block = await bigFetch.WaitAsync(Deadline);

        Assert.Equal(BlockNode.Sha256(big), BlockNode.Sha256(block.Memory.Span));
        Assert.Equal(big.Length, client.PeakBytesInFlight);
    }
}
