using Ember.Partitioning;

namespace Ember.Rdds;

/// <summary>
/// The intermediate levels of <c>TreeAggregate</c> (Spark's rule): partial results, one per partition, are merged
/// in shuffles to ever fewer partitions until few enough remain for the caller to merge them.
/// </summary>
internal static class TreeAggregation
{
    /// <summary>
    /// Merges <paramref name="partials"/> level by level with <paramref name="merge"/>: with <c>n</c> partitions and
    /// scale <c>s = max(ceil(n^(1/depth)), 2)</c>, while <c>n &gt; s + ceil(n / s)</c> partition <c>i</c> goes to
    /// <c>i % (n / s)</c> of a new level. Each level is one shuffle.
    /// </summary>
    public static Rdd<TAccumulate> Narrow<TAccumulate>(Rdd<TAccumulate> partials, Func<TAccumulate, TAccumulate, TAccumulate> merge, int depth)
    {
        var count = partials.Partitions.Count;
        var scale = Math.Max((int)Math.Ceiling(Math.Pow(count, 1.0 / depth)), 2);
        while (count > scale + Math.Ceiling((double)count / scale))
        {
            count /= scale;
            var level = count;
            // The direct partitioner sends key k to partition k, as Spark's hash partitioner does with int keys.
            partials = partials.MapPartitionsWithIndex((index, items) => items.Select(item => (index % level, item)))
                .ReduceByKey(merge, partitioner: new DirectPartitioner(level))
                .Values();
        }
        return partials;
    }
}
