using Ember.Partitioning;

namespace Ember.Streaming;

/// <summary>
/// Operations on key-value streams (<c>DStream&lt;(TKey Key, TValue Value)&gt;</c>), Spark's PairDStreamFunctions.
/// Without <c>partitions</c> or <c>partitioner</c>, shuffles use a hash partitioner over the context's default
/// parallelism, as Spark.
/// </summary>
public static partial class PairDStreamExtensions
{
    /// <summary>Applies <paramref name="selector"/> to every value, keeping keys. Narrow.</summary>
    public static DStream<(TKey Key, TResult Value)> MapValues<TKey, TValue, TResult>(this DStream<(TKey Key, TValue Value)> stream, Func<TValue, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return DStreamExtensions.Transformed(stream, rdd => rdd.MapValues(selector), "MapValues");
    }

    /// <summary>Replaces every value by the values <paramref name="selector"/> returns, each with the same key. Narrow.</summary>
    public static DStream<(TKey Key, TResult Value)> FlatMapValues<TKey, TValue, TResult>(this DStream<(TKey Key, TValue Value)> stream, Func<TValue, IEnumerable<TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return DStreamExtensions.Transformed(stream, rdd => rdd.FlatMapValues(selector), "FlatMapValues");
    }

    /// <summary>Per batch, the values of each key merged by <paramref name="reducer"/>. Shuffles, combining on the map side first.</summary>
    public static DStream<(TKey Key, TValue Value)> ReduceByKey<TKey, TValue>(
        this DStream<(TKey Key, TValue Value)> stream, Func<TValue, TValue, TValue> reducer, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(reducer);
        var target = Partitioner(stream.Context, partitions, partitioner);
        return DStreamExtensions.Transformed(stream, rdd => rdd.ReduceByKey(reducer, partitioner: target), "ReduceByKey");
    }

    /// <summary>Per batch, all values of each key in one list. Shuffles every value.</summary>
    public static DStream<(TKey Key, IReadOnlyList<TValue> Value)> GroupByKey<TKey, TValue>(
        this DStream<(TKey Key, TValue Value)> stream, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var target = Partitioner(stream.Context, partitions, partitioner);
        return DStreamExtensions.Transformed(stream, rdd => rdd.GroupByKey(partitioner: target), "GroupByKey");
    }

    /// <summary>Per batch, the values of each key combined as <see cref="PairRddExtensions.CombineByKey"/>. Shuffles.</summary>
    public static DStream<(TKey Key, TCombiner Value)> CombineByKey<TKey, TValue, TCombiner>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<TValue, TCombiner> createCombiner,
        Func<TCombiner, TValue, TCombiner> mergeValue,
        Func<TCombiner, TCombiner, TCombiner> mergeCombiners,
        int? partitions = null,
        IPartitioner? partitioner = null,
        bool mapSideCombine = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(createCombiner);
        ArgumentNullException.ThrowIfNull(mergeValue);
        ArgumentNullException.ThrowIfNull(mergeCombiners);
        var target = Partitioner(stream.Context, partitions, partitioner);
        return DStreamExtensions.Transformed(stream,
            rdd => rdd.CombineByKey(createCombiner, mergeValue, mergeCombiners, partitioner: target, mapSideCombine: mapSideCombine), "CombineByKey");
    }

    /// <summary>The partitioner of a streaming shuffle: the one given, else hash over <paramref name="partitions"/> or the default parallelism.</summary>
    internal static IPartitioner Partitioner(StreamingContext context, int? partitions, IPartitioner? partitioner) =>
        DefaultPartitioner.Choose(partitions, partitioner, () => new HashPartitioner(context.EmberContext.DefaultParallelism));
}
