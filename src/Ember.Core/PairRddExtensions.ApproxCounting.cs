using Ember.Approximate;
using Ember.Partitioning;
using Ember.Shuffle;

namespace Ember;

public static partial class PairRddExtensions
{
    /// <summary>
    /// The approximate number of distinct values of each key (Spark's countApproxDistinctByKey), by one
    /// HyperLogLog++ sketch per key at the precision <see cref="Rdd{T}.CountApproxDistinctAsync"/> derives from
    /// <paramref name="relativeSD"/> (default 0.05: p = 9). Shuffles the sketches, combined on the map side first (at
    /// most 2^p bytes per key per task, much less for keys with few values, which stay sparse); no shuffle when already
    /// partitioned by the target partitioner (default: as <see cref="ReduceByKey{TKey, TValue}"/>). Values are hashed
    /// with Ember's stable 64-bit hash, so the counts are the same every run and in every process.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="relativeSD"/> is not above 0.000017 (or below about 0.0000322).</exception>
    public static Rdd<(TKey Key, long Value)> CountApproxDistinctByKey<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, double relativeSD = 0.05, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var precision = HyperLogLogPlusPlus.PrecisionFor(relativeSD);
        var aggregator = new Aggregator<TValue, HyperLogLogPlusPlus>(
            value => new HyperLogLogPlusPlus(precision).Offer(StableHash64.Of(value)),
            (sketch, value) => sketch.Offer(StableHash64.Of(value)),
            (sketch, other) => sketch.Merge(other));
        return CombineByKey(rdd, aggregator, ResolvePartitioner(partitions, partitioner, rdd), true, "CountApproxDistinctByKey")
            .MapValues(sketch => sketch.Estimate());
    }
}
