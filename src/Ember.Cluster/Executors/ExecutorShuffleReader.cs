using System.Collections.Concurrent;
using Ember.Cluster.Blocks;
using Ember.Cluster.Scheduling;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember.Cluster.Executors;

/// <summary>
/// An executor's reduce side: the location tables of the shuffles its stages read (delivered with each stage's
/// binary, newest epoch wins), each read through the network reader, local blocks straight from this executor's store.
/// </summary>
internal sealed class ExecutorShuffleReader(string executorId, BlockClient client, LocalBlockStore localBlocks, BlockPeer self, ISerializer serializer)
    : IShuffleReader
{
    private readonly ConcurrentDictionary<int, (long Epoch, MapOutputLocation?[] Maps)> shuffles = new();

    public void Register(IReadOnlyDictionary<int, MapOutputLocation?[]> locations, long epoch)
    {
        foreach (var (shuffleId, maps) in locations)
        {
            shuffles.AddOrUpdate(shuffleId, (epoch, maps), (_, known) => epoch >= known.Epoch ? (epoch, maps) : known);
        }
    }

    public IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount)
    {
        if (!shuffles.TryGetValue(shuffleId, out var known))
        {
            throw new InvalidOperationException($"Executor {executorId} has no map output locations for shuffle {shuffleId}: its stage binary did not list it.");
        }
        var maps = known.Maps;
        for (var map = 0; map < mapCount; map++)
        {
            if (map >= maps.Length || maps[map] is null)
            {
                throw new ShuffleOutputMissingException(shuffleId, map);
            }
        }
        var sources = maps.Take(mapCount).Select(location => new ShuffleMapSource(location!.ExecutorId, new BlockPeer(location.Host, location.BlockPort),
            location.BucketSizes.Length > reduceId ? location.BucketSizes[reduceId] : 0)).ToArray();
        return new NetworkShuffleReader(client, localBlocks, self, sources, serializer).Read<TRecord>(shuffleId, reduceId, mapCount);
    }
}
