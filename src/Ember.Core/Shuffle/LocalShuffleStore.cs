using System.Collections.Concurrent;

namespace Ember.Shuffle;

/// <summary>Map outputs kept as objects in this process: records are never serialized in local mode.</summary>
internal sealed class LocalShuffleStore : IShuffleStore, IShuffleReader, IMapOutputTracker
{
    private readonly ConcurrentDictionary<(int Shuffle, int Map), object> outputs = new();

    public long[]? CommitMapOutput<TRecord>(int shuffleId, int mapId, IReadOnlyList<TRecord>[] buckets)
    {
        outputs[(shuffleId, mapId)] = buckets;
        return null;
    }

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId, int mapCount) =>
        [.. Enumerable.Range(0, mapCount).Where(map => !outputs.ContainsKey((shuffleId, map)))];

    public void RemoveShuffle(int shuffleId)
    {
        foreach (var key in outputs.Keys.Where(key => key.Shuffle == shuffleId))
        {
            outputs.TryRemove(key, out _);
        }
    }

    public IEnumerable<TRecord> Read<TRecord>(int shuffleId, int reduceId, int mapCount)
    {
        for (var map = 0; map < mapCount; map++)
        {
            if (!outputs.TryGetValue((shuffleId, map), out var output))
            {
                throw new ShuffleOutputMissingException(shuffleId, map);
            }
            // A List's struct enumerator, rather than an interface call per record through IReadOnlyList.
            var bucket = ((IReadOnlyList<TRecord>[])output)[reduceId];
            if (bucket is List<TRecord> list)
            {
                foreach (var record in list)
                {
                    yield return record;
                }
            }
            else
            {
                foreach (var record in bucket)
                {
                    yield return record;
                }
            }
        }
    }

    public int MapOutputCount => outputs.Count;
}
