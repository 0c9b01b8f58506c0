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

    /// <summary>Computes parent partition <paramref name="mapId"/>, buckets (and combines) it, and commits it to <paramref name="store"/>.</summary>
    internal abstract void RunMapTask(int mapId, TaskContext context, IShuffleStore store);
}

/// <summary>A shuffle of key-value records, optionally combined per key by an aggregator.</summary>
internal sealed class ShuffleDependency<TKey, TValue, TCombiner>(
    Rdd<(TKey Key, TValue Value)> parent,
    IPartitioner partitioner,
    Aggregator<TValue, TCombiner>? aggregator,
    bool mapSideCombine) : ShuffleDependency(parent, partitioner)
{
    public Aggregator<TValue, TCombiner>? Aggregator { get; } = aggregator;

    public override bool MapSideCombine { get; } = aggregator is not null && mapSideCombine;

    internal override void RunMapTask(int mapId, TaskContext context, IShuffleStore store)
    {
        var records = parent.Iterator(parent.Partitions[mapId], context);
        if (MapSideCombine)
        {
            store.CommitMapOutput(ShuffleId, mapId, Bucket(Combine(records, Aggregator!, context.CancellationToken), context.CancellationToken));
        }
        else
        {
            store.CommitMapOutput(ShuffleId, mapId, Bucket(records, context.CancellationToken));
        }
    }

    private static IEnumerable<(TKey, TCombiner)> Combine(IEnumerable<(TKey Key, TValue Value)> records, Aggregator<TValue, TCombiner> aggregator, CancellationToken cancellationToken)
    {
        var combined = new KeyedMap<TKey, TCombiner>();
        foreach (var (key, value) in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ref var slot = ref combined.GetOrAddSlot(key, out var existed);
            slot = existed ? aggregator.MergeValue(slot, value) : aggregator.CreateCombiner(value);
        }
        return combined.Select(pair => (pair.Key, pair.Value));
    }

    private List<(TKey, TRecordValue)>[] Bucket<TRecordValue>(IEnumerable<(TKey Key, TRecordValue Value)> records, CancellationToken cancellationToken)
    {
        var buckets = new List<(TKey, TRecordValue)>[Partitioner.NumPartitions];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buckets[Partitioner.GetPartition(record.Key)].Add(record);
        }
        return buckets;
    }
}
