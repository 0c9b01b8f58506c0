namespace Ember.Shuffle;

/// <summary>
/// The records of one reduce partition in a <see cref="LocalShuffleStore"/>, map task by map task. A combining reader
/// takes them bucket by bucket (<see cref="Buckets"/>) and loops over each as a span; anyone else enumerates records.
/// A missing map output throws <see cref="ShuffleOutputMissingException"/> when its turn comes.
/// </summary>
internal sealed class LocalShuffleRecords<TRecord>(LocalShuffleStore store, int shuffleId, int reduceId, int mapCount) : IEnumerable<TRecord>
{
    public IEnumerable<IReadOnlyList<TRecord>> Buckets()
    {
        for (var map = 0; map < mapCount; map++)
        {
            yield return store.Bucket<TRecord>(shuffleId, map, reduceId);
        }
    }

    public IEnumerator<TRecord> GetEnumerator()
    {
        foreach (var bucket in Buckets())
        {
            if (bucket is ShuffleBucket<TRecord> pooled)
            {
                // An index loop, rather than an interface call per record through IReadOnlyList's enumerator.
                for (var i = 0; i < pooled.Count; i++)
                {
                    yield return pooled[i];
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

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
