using System.Collections.Concurrent;

namespace Ember.Shuffle;

/// <summary>Map outputs kept as objects in this process: records are never serialized in local mode.</summary>
internal sealed class LocalShuffleStore : IShuffleStore, IShuffleReader, IMapOutputTracker
{
    private readonly ConcurrentDictionary<(int Shuffle, int Map), Array> outputs = new();

    public long[]? CommitMapOutput<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets)
    {
        // A replaced output is left to the garbage collector, not freed: a reader may still hold it.
        outputs[(shuffleId, mapId)] = buckets;
        return null;
    }

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId, int mapCount) =>
        [.. Enumerable.Range(0, mapCount).Where(map => !outputs.ContainsKey((shuffleId, map)))];

    /// <summary>
    /// Forgets the outputs of <paramref name="shuffleId"/> and gives their pooled buckets back. The cleaner calls this
    /// only once the shuffle's dependency is unreachable, so no task can be reading them.
    /// </summary>
    public void RemoveShuffle(int shuffleId)
    {
        foreach (var key in outputs.Keys.Where(key => key.Shuffle == shuffleId))
        {
            if (outputs.TryRemove(key, out var buckets))
            {
                ShuffleBuckets.Dispose(buckets.Cast<object?>());
            }
        }
    }

    public IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount) =>
        new LocalShuffleRecords<TRecord>(this, shuffleId, reduceId, mapCount);

    public int MapOutputCount => outputs.Count;

    /// <summary>The bucket of <paramref name="reduceId"/> written by map task <paramref name="mapId"/>.</summary>
    internal IReadOnlyList<TRecord> Bucket<TRecord>(int shuffleId, int mapId, int reduceId) =>
        outputs.TryGetValue((shuffleId, mapId), out var output)
            ? ((IReadOnlyList<TRecord>[])output)[reduceId]
            : throw new ShuffleOutputMissingException(shuffleId, mapId);
}
