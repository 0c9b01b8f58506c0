using Ember.Ordering;
using Ember.Partitioning;
using Ember.Rdds;

namespace Ember;

public static partial class PairRddExtensions
{
    private const int SamplePointsPerPartition = 20;

    /// <summary>
    /// Places every record by <paramref name="partitioner"/>. Shuffles, unless the RDD already has an equal
    /// partitioner (then it is returned as is). Later key operations with the same partitioner need no shuffle.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> PartitionBy<TKey, TValue>(this Rdd<(TKey Key, TValue Value)> rdd, IPartitioner partitioner)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(partitioner);
        return partitioner.Equals(rdd.Partitioner)
            ? rdd
            : new ShuffledRdd<TKey, TValue, TValue>(rdd, partitioner, null, false, null, "PartitionBy");
    }

    /// <summary>
    /// Sorts by key (by <paramref name="comparer"/>; by default Java's order, as Spark: strings ordinal, by UTF-16 code
    /// unit and never by culture, NaN last and -0.0 before 0.0 for doubles and floats, value tuples holding those
    /// element by element, other types <see cref="Comparer{T}.Default"/>; null first): partition
    /// <c>i</c> holds keys ordered before those of partition <c>i + 1</c>, each partition sorted, so <c>Collect</c> is
    /// fully ordered. Shuffles with a range partitioner; runs a job now to sample the keys, as Spark.
    /// </summary>
    public static Rdd<(TKey Key, TValue Value)> SortByKey<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, bool ascending = true, int? partitions = null, IComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var count = partitions ?? Math.Max(1, rdd.Partitions.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(partitions));
        var order = comparer ?? DefaultOrdering<TKey>.Instance;
        var sample = count > 1 ? SampleKeys(rdd, count) : [];
        var partitioner = RangePartitioner<TKey>.FromSample(sample, count, order, ascending);
        var keyOrdering = ascending ? order : Comparer<TKey>.Create((a, b) => order.Compare(b, a));
        return new ShuffledRdd<TKey, TValue, TValue>(rdd, partitioner, null, false, keyOrdering, "SortByKey");
    }

    /// <summary>A reservoir sample of keys from every partition, enough for balanced ranges.</summary>
    private static IReadOnlyList<TKey> SampleKeys<TKey, TValue>(Rdd<(TKey Key, TValue Value)> rdd, int partitions)
    {
        if (rdd.Partitions.Count == 0)
        {
            return [];
        }
        var perPartition = (int)Math.Ceiling(3.0 * SamplePointsPerPartition * partitions / rdd.Partitions.Count);
        var samples = rdd.Context.RunActionAsync("SortByKey", rdd, (context, items) =>
        {
            var random = new Random(context.PartitionId);
            var reservoir = new List<TKey>(perPartition);
            var seen = 0;
            foreach (var (key, _) in items)
            {
                seen++;
                if (reservoir.Count < perPartition)
                {
                    reservoir.Add(key);
                }
                else if (random.Next(seen) is var slot && slot < perPartition)
                {
                    reservoir[slot] = key;
                }
            }
            return reservoir;
        }).ConfigureAwait(false).GetAwaiter().GetResult();
        return [.. samples.SelectMany(sample => sample)];
    }
}
