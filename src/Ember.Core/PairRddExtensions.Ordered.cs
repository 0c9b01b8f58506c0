using Ember.Ordering;
using Ember.Partitioning;
using Ember.Rdds;

namespace Ember;

public static partial class PairRddExtensions
{
    /// <summary>
    /// Places every record by <paramref name="partitioner"/> and sorts each partition by key (by
    /// <paramref name="comparer"/>, default Java's order), in one shuffle: cheaper than <c>PartitionBy</c> then a
    /// sort per partition. Always shuffles, even when the RDD already has this partitioner (as Spark); keeps it.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> RepartitionAndSortWithinPartitions<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, IPartitioner partitioner, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(partitioner);
        return new ShuffledRdd<TKey, TValue, TValue>(rdd, partitioner, null, false, comparer ?? DefaultOrdering<TKey>.Instance, "RepartitionAndSortWithinPartitions");
    }

    /// <summary>
    /// The records whose key lies in [<paramref name="lower"/>, <paramref name="upper"/>] (both inclusive, by
    /// <paramref name="comparer"/>, default Java's order). Narrow, no shuffle. When the RDD is range-partitioned by
    /// the same comparer (after <c>SortByKey</c>), only the partitions that can hold the range are computed; the
    /// result then has fewer partitions and no partitioner. Otherwise every partition is filtered, keeping the partitioner.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> FilterByRange<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, TKey lower, TKey upper, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var order = comparer ?? DefaultOrdering<TKey>.Instance;
        var candidates = rdd;
        // A range partitioner built with another order would place the range elsewhere: prune only with the same one.
        if (rdd.Partitioner is RangePartitioner<TKey> range && ReferenceEquals(range.Comparer, order))
        {
            var (first, last) = (range.GetPartition(lower), range.GetPartition(upper));
            var (from, to) = (Math.Min(first, last), Math.Max(first, last));
            candidates = new PartitionPruningRdd<(TKey Key, TValue Value)>(rdd, index => index >= from && index <= to);
        }
        return candidates.Filter(pair => order.Compare(pair.Key, lower) >= 0 && order.Compare(pair.Key, upper) <= 0);
    }
}
