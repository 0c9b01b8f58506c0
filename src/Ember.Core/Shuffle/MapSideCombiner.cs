using Ember.Partitioning;

namespace Ember.Shuffle;

/// <summary>
/// The map side of a combining shuffle (Spark's map-side combine): combines one task's records per key, then buckets
/// the combiners by reduce partition. When keys barely repeat, combining costs a hash lookup per record and saves few
/// records, which the reduce side combines all over again; so a task whose first records show too little repetition
/// stops combining and sends its remaining records as one-value combiners, as Spark SQL skips partial aggregation
/// (<c>spark.sql.aggregate.skipPartialAggregate</c>). The result is the same: the reduce side merges every combiner
/// of a key, however many there are.
/// </summary>
internal sealed class MapSideCombiner<TKey, TValue, TCombiner>(Aggregator<TValue, TCombiner> aggregator, IPartitioner partitioner)
{
    // Records combined before deciding (enough to tell a few thousand keys from hundreds of thousands); a task with
    // fewer records combines them all.
    private const int SampleRecords = 1 << 14;

    // Combining pays while it folds the sample into at most this share of its records. A sample overstates the share
    // of the whole task (keys seen once so far repeat later): 100,000 uniform keys show 0.92 and end near 0.4, where
    // combining already costs more than it saves; Zipf-distributed words show about 0.4 and end near 0.15.
    private const double MaxCombinedShare = 0.8;

    // Records of an in-memory array combined between two looks at the cancellation token: a few microseconds of work.
    private const int CancellationCheckInterval = 4096;

    // A delegate binds the generic virtual method once; calling it through the interface looks it up every record.
    private readonly Func<TKey, int> partitionOf = partitioner.GetPartition<TKey>;

    /// <summary>The task's records, combined (or, past the sample, passed on) into one bucket per reduce partition.</summary>
    public ShuffleBucket<(TKey, TCombiner)>[] Run(IEnumerable<(TKey Key, TValue Value)> records, CancellationToken cancellationToken)
    {
        var combined = KeyedMapPool<TKey, TCombiner>.Rent();
        try
        {
            // An array (a parallelized or received partition) is read as a span: no interface call per record.
            return records is (TKey Key, TValue Value)[] array
                ? Run(array, combined, cancellationToken)
                : Run(records, combined, cancellationToken);
        }
        finally
        {
            KeyedMapPool<TKey, TCombiner>.Return(combined);
        }
    }

    private ShuffleBucket<(TKey, TCombiner)>[] Run((TKey Key, TValue Value)[] records, KeyedMap<TKey, TCombiner> combined, CancellationToken cancellationToken)
    {
        var sampled = Math.Min(records.Length, SampleRecords);
        Combine(records.AsSpan(0, sampled), combined, cancellationToken);
        if (sampled < records.Length && !WorthCombining(combined.Count, sampled))
        {
            var passed = Bucket(combined, combined.Count + records.Length - sampled);
            for (var start = sampled; start < records.Length; start += CancellationCheckInterval)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var (key, value) in records.AsSpan(start, Math.Min(CancellationCheckInterval, records.Length - start)))
                {
                    passed[partitionOf(key)].Add((key, aggregator.CreateCombiner(value)));
                }
            }
            return passed;
        }
        Combine(records.AsSpan(sampled), combined, cancellationToken);
        return Bucket(combined, combined.Count);
    }

    // Each record may come out of user code that blocks or runs long: look at the token before every one.
    private ShuffleBucket<(TKey, TCombiner)>[] Run(IEnumerable<(TKey Key, TValue Value)> records, KeyedMap<TKey, TCombiner> combined, CancellationToken cancellationToken)
    {
        ShuffleBucket<(TKey, TCombiner)>[]? passed = null;
        var sampled = 0;
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (passed is not null)
            {
                passed[partitionOf(record.Key)].Add((record.Key, aggregator.CreateCombiner(record.Value)));
                continue;
            }
            Add(combined, aggregator, record.Key, record.Value);
            if (++sampled == SampleRecords && !WorthCombining(combined.Count, sampled))
            {
                passed = Bucket(combined, 2 * combined.Count);
            }
        }
        return passed ?? Bucket(combined, combined.Count);
    }

    private static bool WorthCombining(int combined, int sampled) => combined <= sampled * MaxCombinedShare;

    private void Combine(ReadOnlySpan<(TKey Key, TValue Value)> records, KeyedMap<TKey, TCombiner> combined, CancellationToken cancellationToken)
    {
        for (var start = 0; start < records.Length; start += CancellationCheckInterval)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (key, value) in records.Slice(start, Math.Min(CancellationCheckInterval, records.Length - start)))
            {
                Add(combined, aggregator, key, value);
            }
        }
    }

    // Static, with the aggregator passed in: the JIT keeps it in a register across the loop instead of reloading a field.
    private static void Add(KeyedMap<TKey, TCombiner> combined, Aggregator<TValue, TCombiner> aggregator, TKey key, TValue value)
    {
        ref var slot = ref combined.GetOrAddSlot(key, out var existed);
        slot = existed ? aggregator.MergeValue(slot, value) : aggregator.CreateCombiner(value);
    }

    /// <summary>The combined entries in new buckets with room for <paramref name="records"/> in all.</summary>
    private ShuffleBucket<(TKey, TCombiner)>[] Bucket(KeyedMap<TKey, TCombiner> combined, int records)
    {
        var buckets = ShuffleBuckets.Create<(TKey, TCombiner)>(partitioner.NumPartitions, records);
        if (combined.TryGetNullValue(out var nullValue))
        {
            buckets[partitioner.GetPartition<TKey>(default!)].Add((default!, nullValue));
        }
        foreach (var (key, value) in combined.NonNullEntries)
        {
            buckets[partitionOf(key)].Add((key, value));
        }
        return buckets;
    }
}
