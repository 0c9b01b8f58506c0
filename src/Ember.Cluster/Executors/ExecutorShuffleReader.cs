using System.Collections.Concurrent;
using Ember.Cluster.Blocks;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember.Cluster.Executors;

/// <summary>
/// An executor's reduce side: the map statuses of the shuffles its stages read, delivered with each stage's binary
/// (the newest epoch wins, so a stage resubmitted after a lost executor reads where the outputs are now), read through
/// the network reader, this executor's own blocks straight from its store.
/// </summary>
internal sealed class ExecutorShuffleReader : IShuffleReader
{
    private readonly ConcurrentDictionary<int, IReadOnlyList<MapStatus?>> statuses = new();
    private readonly ConcurrentDictionary<int, long> epochs = new();
    private readonly Lock gate = new();
    private readonly NetworkShuffleReader reader;

    public ExecutorShuffleReader(string executorId, BlockClient client, LocalBlockStore localBlocks, ISerializer serializer) =>
        reader = new NetworkShuffleReader(client, serializer, statuses, executorId, localBlocks);

    /// <summary>Records where the map outputs of a stage's shuffles are, as of <paramref name="epoch"/>.</summary>
    public void Register(IReadOnlyDictionary<int, IReadOnlyList<MapStatus?>> locations, long epoch)
    {
        lock (gate)
        {
            foreach (var (shuffleId, maps) in locations)
            {
                if (epoch >= epochs.GetValueOrDefault(shuffleId, long.MinValue))
                {
                    epochs[shuffleId] = epoch;
                    statuses[shuffleId] = maps;
                }
            }
        }
    }

    public IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount) => reader.Read<TRecord>(shuffleId, reduceId, mapCount);

    /// <summary>Forgets a removed shuffle's statuses.</summary>
    public void Forget(int shuffleId)
    {
        lock (gate)
        {
            statuses.TryRemove(shuffleId, out _);
            epochs.TryRemove(shuffleId, out _);
        }
    }
}
