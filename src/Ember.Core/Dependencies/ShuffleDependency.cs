using Ember.Partitioning;
using Ember.Shuffle;

namespace Ember.Dependencies;

/// <summary>
/// A wide dependency: every child partition may read every parent partition, so the parent's records are
/// redistributed by <see cref="Partitioner"/> in a map stage before the child's stage runs.
/// </summary>
public abstract class ShuffleDependency : Dependency
{
    private protected ShuffleDependency(Rdd parent, IPartitioner partitioner) : base(parent)
    {
        ArgumentNullException.ThrowIfNull(partitioner);
        Partitioner = partitioner;
        ShuffleId = parent.Context.RegisterShuffle(this);
    }

    /// <summary>Identifies this shuffle's map outputs; unique within the context.</summary>
    public int ShuffleId { get; }

    /// <summary>Decides the reduce partition of every key.</summary>
    public IPartitioner Partitioner { get; }

    /// <summary>The number of map tasks: one per parent partition.</summary>
    public int MapCount => Parent.Partitions.Count;

    /// <summary>Whether values are combined on the map side before the exchange.</summary>
    public abstract bool MapSideCombine { get; }

    /// <summary>
    /// Computes parent partition <paramref name="mapId"/>, buckets (and combines) it, and commits it to
    /// <paramref name="store"/>, returning the store's receipt (<see cref="IShuffleStore.CommitMapOutput{TRecord}"/>).
    /// </summary>
    internal abstract long[]? RunMapTask(int mapId, TaskContext context, IShuffleStore store);
}

/// <summary>A shuffle of key-value records, optionally combined per key by an aggregator.</summary>
internal sealed class ShuffleDependency<TKey, TValue, TCombiner>(
    Rdd<(TKey Key, TValue Value)> parent,
    IPartitioner partitioner,
    Aggregator<TValue, TCombiner>? aggregator,
    bool mapSideCombine) : ShuffleDependency(parent, partitioner)
{
    // Records of an in-memory array combined between two looks at the cancellation token: a few microseconds of work.
    private const int CancellationCheckInterval = 4096;

    public Aggregator<TValue, TCombiner>? Aggregator { get; } = aggregator;

    public override bool MapSideCombine { get; } = aggregator is not null && mapSideCombine;

    internal override long[]? RunMapTask(int mapId, TaskContext context, IShuffleStore store)
    {
        var records = parent.Iterator(parent.Partitions[mapId], context);
        if (!MapSideCombine)
        {
            var buckets = NewBuckets<TValue>(records.TryGetNonEnumeratedCount(out var count) ? count : 0);
            foreach (var record in records)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                buckets[Partitioner.GetPartition(record.Key)].Add(record);
            }
            return store.CommitMapOutput(ShuffleId, mapId, buckets);
        }
        var combined = KeyedMapPool<TKey, TCombiner>.Rent();
        try
        {
            Combine(records, combined, Aggregator!, context.CancellationToken);
            return store.CommitMapOutput(ShuffleId, mapId, Bucket(combined));
        }
        finally
        {
            KeyedMapPool<TKey, TCombiner>.Return(combined);
        }
    }

    private static void Combine(IEnumerable<(TKey Key, TValue Value)> records, KeyedMap<TKey, TCombiner> combined, Aggregator<TValue, TCombiner> aggregator, CancellationToken cancellationToken)
    {
        // An array (a parallelized or received partition) is read as a span: no interface call per record.
        if (records is (TKey Key, TValue Value)[] array)
        {
            for (var start = 0; start < array.Length; start += CancellationCheckInterval)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var (key, value) in array.AsSpan(start, Math.Min(CancellationCheckInterval, array.Length - start)))
                {
                    Add(combined, aggregator, key, value);
                }
            }
            return;
        }
        // Each record may come out of user code that blocks or runs long: look at the token before every one.
        foreach (var (key, value) in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Add(combined, aggregator, key, value);
        }
    }

    private static void Add(KeyedMap<TKey, TCombiner> combined, Aggregator<TValue, TCombiner> aggregator, TKey key, TValue value)
    {
        ref var slot = ref combined.GetOrAddSlot(key, out var existed);
        slot = existed ? aggregator.MergeValue(slot, value) : aggregator.CreateCombiner(value);
    }

    private List<(TKey, TCombiner)>[] Bucket(KeyedMap<TKey, TCombiner> combined)
    {
        var buckets = NewBuckets<TCombiner>(combined.Count);
        if (combined.TryGetNullValue(out var nullValue))
        {
            buckets[Partitioner.GetPartition<TKey>(default!)].Add((default!, nullValue));
        }
        foreach (var (key, value) in combined.NonNullEntries)
        {
            buckets[Partitioner.GetPartition(key)].Add((key, value));
        }
        return buckets;
    }

    /// <summary>Buckets sized for an even spread of <paramref name="records"/> with some slack, so most never grow.</summary>
    private List<(TKey, TRecordValue)>[] NewBuckets<TRecordValue>(int records)
    {
        var buckets = new List<(TKey, TRecordValue)>[Partitioner.NumPartitions];
        var share = records / buckets.Length;
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new List<(TKey, TRecordValue)>(share + share / 8 + 4);
        }
        return buckets;
    }
}
