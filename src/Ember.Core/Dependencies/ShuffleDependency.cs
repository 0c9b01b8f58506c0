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
    public Aggregator<TValue, TCombiner>? Aggregator { get; } = aggregator;

    public override bool MapSideCombine { get; } = aggregator is not null && mapSideCombine;

    internal override long[]? RunMapTask(int mapId, TaskContext context, IShuffleStore store)
    {
        var records = parent.Iterator(parent.Partitions[mapId], context);
        if (!MapSideCombine)
        {
            var buckets = ShuffleBuckets.Create<(TKey, TValue)>(Partitioner.NumPartitions, records.TryGetNonEnumeratedCount(out var count) ? count : 0);
            // A delegate binds the generic virtual method once; calling it through the interface looks it up every record.
            Func<TKey, int> partitionOf = Partitioner.GetPartition<TKey>;
            try
            {
                foreach (var record in records)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    buckets[partitionOf(record.Key)].Add(record);
                }
            }
            catch
            {
                ShuffleBuckets.Dispose(buckets);
                throw;
            }
            return Commit(mapId, store, buckets);
        }
        return Commit(mapId, store, new MapSideCombiner<TKey, TValue, TCombiner>(Aggregator!, Partitioner).Run(records, context.CancellationToken));
    }

    /// <summary>
    /// Hands <paramref name="buckets"/> to <paramref name="store"/>. A store that keeps them as objects frees them with
    /// the shuffle; buckets it serialized (or failed to take) are freed here, at once.
    /// </summary>
    private long[]? Commit<TRecordValue>(int mapId, IShuffleStore store, ShuffleBucket<(TKey, TRecordValue)>[] buckets)
    {
        var kept = false;
        try
        {
            var receipt = store.CommitMapOutput<(TKey, TRecordValue)>(ShuffleId, mapId, buckets);
            kept = receipt is null;
            return receipt;
        }
        finally
        {
            if (!kept)
            {
                ShuffleBuckets.Dispose(buckets);
            }
        }
    }
}
