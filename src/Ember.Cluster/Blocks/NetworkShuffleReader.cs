using Ember.Scheduling;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember.Cluster.Blocks;

/// <summary>
/// The reduce side of a shuffle on a cluster: reads the blocks of one reduce partition from the executors that wrote
/// them, as the driver's table of <see cref="MapStatus"/>es says, fetching a few blocks ahead (see
/// <see cref="ShuffleBlockFetcher"/>). A block that cannot be fetched throws <see cref="FetchFailedException"/>, a
/// <see cref="ShuffleOutputMissingException"/> naming the map task, its executor and its peer.
/// </summary>
/// <param name="client">Fetches remote blocks; its bytes-in-flight budget bounds the read-ahead.</param>
/// <param name="serializer">Reads the records; the same kind the writers used.</param>
/// <param name="mapStatuses">For each shuffle, the status of each map task by map id (null: the output is missing).</param>
/// <param name="localExecutorId">This process's executor id: its blocks are read from <paramref name="localStore"/>.</param>
/// <param name="localStore">This process's block store, or null to fetch every block through the network.</param>
/// <param name="maxBlocksAhead">How many remote blocks may be fetched ahead of the one being read.</param>
internal sealed class NetworkShuffleReader(
    BlockClient client,
    ISerializer serializer,
    IReadOnlyDictionary<int, IReadOnlyList<MapStatus?>> mapStatuses,
    string? localExecutorId = null,
    LocalBlockStore? localStore = null,
    int maxBlocksAhead = NetworkShuffleReader.DefaultMaxBlocksAhead) : IShuffleReader
{
    /// <summary>The default read-ahead: 8 blocks, within the client's bytes in flight.</summary>
    public const int DefaultMaxBlocksAhead = 8;

    private readonly int maxBlocksAhead = maxBlocksAhead >= 1
        ? maxBlocksAhead
        : throw new ArgumentOutOfRangeException(nameof(maxBlocksAhead), maxBlocksAhead, "At least one block is fetched ahead.");

    /// <inheritdoc />
    public IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reduceId);
        ArgumentOutOfRangeException.ThrowIfNegative(mapCount);
        if (!mapStatuses.TryGetValue(shuffleId, out var statuses) || statuses.Count < mapCount)
        {
            throw new ShuffleOutputMissingException(shuffleId, statuses?.Count ?? 0);
        }
        return ReadBlocks<TRecord>(shuffleId, reduceId, statuses, mapCount);
    }

    private IEnumerable<TRecord> ReadBlocks<TRecord>(int shuffleId, int reduceId, IReadOnlyList<MapStatus?> statuses, int mapCount)
    {
        using (var fetcher = new ShuffleBlockFetcher(client, shuffleId, reduceId, statuses, mapCount, localExecutorId, localStore, maxBlocksAhead))
        {
            for (var map = 0; map < mapCount; map++)
            {
                foreach (var record in Records<TRecord>(fetcher, map))
                {
                    yield return record;
                }
            }
        }
    }

    // Deserializes a whole block and gives its bytes back before the first record is yielded, so the bytes in
    // flight never wait on the consumer.
    private IReadOnlyList<TRecord> Records<TRecord>(ShuffleBlockFetcher fetcher, int map)
    {
        var bytes = fetcher.Take(map, out var release);
        RunningTask.Current?.Metrics?.AddShuffleBytesRead(bytes.Length);
        using (release)
        {
            return bytes.IsEmpty ? [] : ShuffleBlockFormat.Decode<TRecord>(serializer, bytes);
        }
    }
}
