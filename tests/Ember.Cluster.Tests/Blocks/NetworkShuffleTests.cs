using Ember.Cluster.Blocks;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember.Cluster.Tests.Blocks;

public sealed class NetworkShuffleTests
{
    private const int ShuffleId = 7;
    private const int Reducers = 3;
    private static readonly ISerializer Serializer = MessagePackEmberSerializer.Default;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Read_MapOutputsOnTwoExecutors_EqualsEachMapsBucketsInMapOrder(bool compress)
    {
        await using var a = await BlockNode.StartAsync();
        await using var b = await BlockNode.StartAsync(memoryBudgetBytes: 400); // some of b's blocks spill
        var maps = MapOutputs(mapCount: 6);
        var statuses = WriteAlternately(maps, compress, a, b);
        using var client = new BlockClient();

        // A reducer on executor a reads a's blocks from its store and b's through the network; a reducer elsewhere
        // fetches every block.
        var onA = new NetworkShuffleReader(client, Serializer, statuses, localExecutorId: "a", localStore: a.Store);
        var elsewhere = new NetworkShuffleReader(client, Serializer, statuses);

        for (var reduce = 0; reduce < Reducers; reduce++)
        {
            var expected = maps.SelectMany(buckets => buckets[reduce]).ToList();
            Assert.Equal(expected, onA.Read<(string, int)>(ShuffleId, reduce, maps.Length).ToList());
            Assert.Equal(expected, elsewhere.Read<(string, int)>(ShuffleId, reduce, maps.Length).ToList());
        }
        Assert.True(b.Store.DiskBytes > 0);
        Assert.Equal(0, client.BytesInFlight);
    }

    [Fact]
    public async Task Write_WithCompression_StoresFewerBytesOfRepetitiveRecords()
    {
        await using var node = await BlockNode.StartAsync();
        var bucket = Enumerable.Range(0, 2000).Select(i => ($"word-{i % 10}", 1)).ToList();
        IReadOnlyList<(string, int)>[] buckets = [bucket];

        var compressed = new NetworkShuffleWriter(node.Store, Serializer, compress: true).Write(0, 0, buckets);
        var raw = new NetworkShuffleWriter(node.Store, Serializer, compress: false).Write(1, 0, buckets);

        Assert.True(compressed[0] * 4 < raw[0], $"{compressed[0]} compressed bytes against {raw[0]} raw");
        Assert.Equal(
            ShuffleBlockFormat.Decode<(string, int)>(Serializer, node.Store.Get(BlockId.Shuffle(1, 0, 0))!.Memory),
            ShuffleBlockFormat.Decode<(string, int)>(Serializer, node.Store.Get(BlockId.Shuffle(0, 0, 0))!.Memory));
    }

    [Fact]
    public async Task Write_EmptyBucket_StoresNothingAndSizeZero()
    {
        await using var node = await BlockNode.StartAsync();
        var writer = new NetworkShuffleWriter(node.Store, Serializer);

        var sizes = writer.Write<(string, int)>(ShuffleId, 0, [[("x", 1)], []]);

        Assert.True(sizes[0] > 0);
        Assert.Equal(0, sizes[1]);
        Assert.Equal([BlockId.Shuffle(ShuffleId, 0, 0)], node.Store.Ids);
        Assert.Equal(sizes[0], node.Store.SizeOf(BlockId.Shuffle(ShuffleId, 0, 0)));
    }

    [Fact]
    public async Task CommitMapOutput_AsShuffleStore_ReturnsTheSizesAndRemovesTheShuffle()
    {
        await using var node = await BlockNode.StartAsync();
        IShuffleStore store = new NetworkShuffleWriter(node.Store, Serializer);

        var sizes = store.CommitMapOutput<(string, int)>(ShuffleId, 1, [[("x", 1)]]);
        store.CommitMapOutput<(string, int)>(ShuffleId + 1, 0, [[("y", 2)]]);

        Assert.Equal(node.Store.SizeOf(BlockId.Shuffle(ShuffleId, 1, 0)), sizes![0]);
        store.RemoveShuffle(ShuffleId);
        Assert.Equal([BlockId.Shuffle(ShuffleId + 1, 0, 0)], node.Store.Ids);
    }

    [Fact]
    public async Task Read_ExecutorGone_ThrowsFetchFailedNamingTheMapAndExecutor()
    {
        await using var a = await BlockNode.StartAsync();
        var b = await BlockNode.StartAsync();
        var maps = MapOutputs(mapCount: 4);
        var statuses = WriteAlternately(maps, compress: true, a, b);
        var bPeer = b.Peer;
        await b.DisposeAsync();
        using var client = new BlockClient();
        var reader = new NetworkShuffleReader(client, Serializer, statuses);

        var error = Assert.Throws<FetchFailedException>(() => reader.Read<(string, int)>(ShuffleId, 0, maps.Length).ToList());

        Assert.IsAssignableFrom<ShuffleOutputMissingException>(error);
        Assert.Equal((ShuffleId, 1, 0, "b", bPeer), (error.ShuffleId, error.MapId, error.ReduceId, error.ExecutorId, error.Peer));
        Assert.IsAssignableFrom<BlockFetchFailedException>(error.InnerException);
        Assert.Contains("executor b", error.Message);
    }

    [Fact]
    public async Task Read_BlockRemovedFromALiveExecutor_ThrowsFetchFailedWithBlockNotFound()
    {
        await using var a = await BlockNode.StartAsync();
        await using var b = await BlockNode.StartAsync();
        var maps = MapOutputs(mapCount: 4);
        var statuses = WriteAlternately(maps, compress: true, a, b);
        a.Store.RemoveShuffle(ShuffleId);
        using var client = new BlockClient();
        var reader = new NetworkShuffleReader(client, Serializer, statuses, localExecutorId: "b", localStore: b.Store);

        var error = Assert.Throws<FetchFailedException>(() => reader.Read<(string, int)>(ShuffleId, 2, maps.Length).ToList());

        Assert.Equal((0, "a"), (error.MapId, error.ExecutorId));
        Assert.IsType<BlockNotFoundException>(error.InnerException);
    }

    [Fact]
    public async Task Read_ManyMapsWithASmallBudget_ReadsEverythingWithinIt()
    {
        await using var a = await BlockNode.StartAsync();
        await using var b = await BlockNode.StartAsync();
        var maps = MapOutputs(mapCount: 40, recordsPerMap: 3000);
        var statuses = WriteAlternately(maps, compress: false, a, b);
        var largest = statuses[ShuffleId].Max(status => status!.BlockSizes.Max());
        var budget = largest * 3;
        using var client = new BlockClient(new BlockClientOptions { MaxBytesInFlight = budget });
        var reader = new NetworkShuffleReader(client, Serializer, statuses, maxBlocksAhead: 16);

        var expected = maps.SelectMany(buckets => buckets[1]).ToList();
        var read = reader.Read<(string, int)>(ShuffleId, 1, maps.Length).ToList();

        Assert.Equal(expected, read);
        Assert.InRange(client.PeakBytesInFlight, largest, budget);
    }

    [Fact]
    public async Task Read_AbandonedAfterTheFirstRecord_GivesBackEveryByteFetchedAhead()
    {
        await using var a = await BlockNode.StartAsync();
        await using var b = await BlockNode.StartAsync();
        var maps = MapOutputs(mapCount: 20, recordsPerMap: 2000);
        var statuses = WriteAlternately(maps, compress: true, a, b);
        const long Budget = 1 << 20;
        using var client = new BlockClient(new BlockClientOptions { MaxBytesInFlight = Budget });
        var reader = new NetworkShuffleReader(client, Serializer, statuses);

        Assert.Equal(maps[0][0][0], reader.Read<(string, int)>(ShuffleId, 0, maps.Length).First());

        // A fetch of the whole budget is granted only once nothing else is in flight: the abandoned read-ahead
        // (cancelled, or arrived and disposed) has given its bytes back.
        a.Store.Put(BlockId.TaskResult(1), new byte[Budget]);
        using var whole = await client.FetchAsync(a.Peer, BlockId.TaskResult(1), Budget).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(Budget, client.BytesInFlight);
    }

    [Fact]
    public async Task Read_MissingMapStatus_ThrowsShuffleOutputMissingForThatMap()
    {
        await using var a = await BlockNode.StartAsync();
        var writer = new NetworkShuffleWriter(a.Store, Serializer);
        var status = new MapStatus("a", a.Peer, writer.Write<(string, int)>(ShuffleId, 0, [[("x", 1)]]));
        using var client = new BlockClient();
        var reader = new NetworkShuffleReader(client, Serializer, new Dictionary<int, IReadOnlyList<MapStatus?>> { [ShuffleId] = [status, null] });

        var error = Assert.Throws<ShuffleOutputMissingException>(() => reader.Read<(string, int)>(ShuffleId, 0, 2).ToList());

        Assert.Equal(1, error.MapId);
    }

    // Buckets of (word, count) records by a key hash, as a map task's output; some buckets are empty.
    private static IReadOnlyList<(string, int)>[][] MapOutputs(int mapCount, int recordsPerMap = 50) =>
        [.. Enumerable.Range(0, mapCount).Select(map =>
        {
            var records = Enumerable.Range(0, recordsPerMap).Select(i => ($"key-{(map * 31) + (i * 7) % 23}", (map * 1000) + i)).ToList();
            // Map 2's last bucket is empty: its block is skipped.
            return Enumerable.Range(0, Reducers)
                .Select(reduce => (IReadOnlyList<(string, int)>)records.Where(r => map == 2 && reduce == Reducers - 1 ? false : Math.Abs(r.Item1.GetHashCode() % Reducers) == reduce).ToList())
                .ToArray();
        })];

    // Even maps run on executor a, odd ones on b; returns the driver's table of map statuses.
    private static Dictionary<int, IReadOnlyList<MapStatus?>> WriteAlternately(IReadOnlyList<(string, int)>[][] maps, bool compress, BlockNode a, BlockNode b)
    {
        var writers = new[] { new NetworkShuffleWriter(a.Store, Serializer, compress), new NetworkShuffleWriter(b.Store, Serializer, compress) };
        var nodes = new[] { ("a", a), ("b", b) };
        var statuses = maps.Select((buckets, map) =>
        {
            var (executor, node) = nodes[map % 2];
            return (MapStatus?)new MapStatus(executor, node.Peer, writers[map % 2].Write(ShuffleId, map, buckets));
        }).ToList();
        return new() { [ShuffleId] = statuses };
    }
}
