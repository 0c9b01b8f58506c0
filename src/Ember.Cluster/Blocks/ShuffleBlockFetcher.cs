using Ember.Shuffle;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The blocks of one reduce partition, map by map in order (Spark's ShuffleBlockFetcherIterator): remote blocks are
/// fetched up to <c>maxBlocksAhead</c> ahead of the one being read, within the client's bytes in flight; empty blocks
/// are skipped; blocks of this process are read from its store without the network.
/// </summary>
/// <remarks>
/// Fetches start in map order and the client grants bytes in call order, so the block needed next is never
/// starved by blocks fetched ahead of it. Disposing cancels what is still being fetched and returns what arrived.
/// </remarks>
internal sealed class ShuffleBlockFetcher : IDisposable
{
    private readonly BlockClient client;
    private readonly int shuffleId;
    private readonly int reduceId;
    private readonly IReadOnlyList<MapStatus?> statuses;
    private readonly string? localExecutorId;
    private readonly LocalBlockStore? localStore;
    private readonly int mapCount;
    private readonly int maxBlocksAhead;
    private readonly Queue<(int Map, Task<FetchedBlock> Fetch)> pending = new();
    private readonly CancellationTokenSource cancel = new();
    private int nextToStart;

    public ShuffleBlockFetcher(BlockClient client, int shuffleId, int reduceId, IReadOnlyList<MapStatus?> statuses, int mapCount,
        string? localExecutorId, LocalBlockStore? localStore, int maxBlocksAhead)
    {
        this.mapCount = mapCount;
        this.client = client;
        this.shuffleId = shuffleId;
        this.reduceId = reduceId;
        this.statuses = statuses;
        this.localExecutorId = localExecutorId;
        this.localStore = localStore;
        this.maxBlocksAhead = maxBlocksAhead;
    }

    /// <summary>
    /// The bytes of map <paramref name="map"/>'s block, or empty when it has none; maps must be asked for in order.
    /// <paramref name="release"/> is to be disposed once the bytes are read (null for local blocks).
    /// </summary>
    public ReadOnlyMemory<byte> Take(int map, out IDisposable? release)
    {
        release = null;
        var status = statuses[map] ?? throw new ShuffleOutputMissingException(shuffleId, map);
        if (status.BlockSizes[reduceId] == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var id = BlockId.Shuffle(shuffleId, map, reduceId);
        if (IsLocal(status))
        {
            var block = localStore!.Get(id);
            FileNotFoundException? removed = null;
            try
            {
                if (block is not null)
                {
                    return block.ReadAll();
                }
            }
            catch (FileNotFoundException e) // its spill file was removed since Get
            {
                removed = e;
            }
            throw Failed(map, status, new BlockNotFoundException(status.Peer, id, removed));
        }
        StartAhead(map);
        var (pendingMap, fetch) = pending.Dequeue();
        if (pendingMap != map)
        {
            throw new InvalidOperationException($"Map {map} was asked for out of order (next fetched: {pendingMap}).");
        }
        try
        {
            // Tasks run on dedicated threads, so waiting here blocks no thread-pool thread the fetches need.
            var fetched = fetch.GetAwaiter().GetResult();
            release = fetched;
            return fetched.Memory;
        }
        catch (BlockFetchFailedException e)
        {
            throw Failed(map, status, e);
        }
    }

    public void Dispose()
    {
        cancel.Cancel();
        while (pending.TryDequeue(out var abandoned))
        {
            abandoned.Fetch.ContinueWith(
                static fetch =>
                {
                    if (fetch.IsCompletedSuccessfully)
                    {
                        fetch.Result.Dispose();
                    }
                    _ = fetch.Exception; // observed: an abandoned fetch's failure matters to no one
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        cancel.Dispose();
    }

    private bool IsLocal(MapStatus status) => localStore is not null && status.ExecutorId == localExecutorId;

    // Starts remote fetches from the first map not yet started until maxBlocksAhead are pending, stopping at a
    // missing status (it fails when its turn comes, after the maps before it are read).
    private void StartAhead(int current)
    {
        nextToStart = Math.Max(nextToStart, current);
        while (pending.Count < maxBlocksAhead && nextToStart < mapCount && statuses[nextToStart] is { } status)
        {
            var map = nextToStart++;
            var size = status.BlockSizes[reduceId];
            if (size > 0 && !IsLocal(status))
            {
                pending.Enqueue((map, client.FetchAsync(status.Peer, BlockId.Shuffle(shuffleId, map, reduceId), size, cancel.Token)));
            }
        }
    }

    private FetchFailedException Failed(int map, MapStatus status, Exception cause) =>
        new(shuffleId, map, reduceId, status.ExecutorId, status.Peer, cause);
}
