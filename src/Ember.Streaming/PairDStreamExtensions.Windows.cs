using Ember.Partitioning;
using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public static partial class PairDStreamExtensions
{
    /// <summary>
    /// Every <paramref name="slide"/> (default: the stream's slide), the values of each key over the last
    /// <paramref name="window"/> merged by <paramref name="reducer"/>, computed from the window's batches (each batch is
    /// reduced once, then the window). Durations must be multiples of the stream's slide duration. Shuffles per batch.
    /// </summary>
    public static DStream<(TKey Key, TValue Value)> ReduceByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<TValue, TValue, TValue> reducer,
        TimeSpan window,
        TimeSpan? slide = null,
        int? partitions = null,
        IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(reducer);
        var target = Partitioner(stream.Context, partitions, partitioner);
        return stream.ReduceByKey(reducer, partitioner: target)
            .Window(window, slide ?? stream.SlideDuration)
            .ReduceByKey(reducer, partitioner: target);
    }

    /// <summary>
    /// As the form without an inverse, updated incrementally: each window is the previous one with the batches that
    /// left removed by <paramref name="inverseReducer"/> and the batches that entered added by
    /// <paramref name="reducer"/>. A key whose values all left stays with its "zero" value unless
    /// <paramref name="filter"/> drops it. Keeps state across batches, so it needs a checkpoint directory; durations
    /// must be multiples of the stream's slide duration.
    /// </summary>
    public static DStream<(TKey Key, TValue Value)> ReduceByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey Key, TValue Value)> stream,
        Func<TValue, TValue, TValue> reducer,
        Func<TValue, TValue, TValue> inverseReducer,
        TimeSpan window,
        TimeSpan? slide = null,
        int? partitions = null,
        IPartitioner? partitioner = null,
        Func<(TKey Key, TValue Value), bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(reducer);
        ArgumentNullException.ThrowIfNull(inverseReducer);
        var target = Partitioner(stream.Context, partitions, partitioner);
        return new ReducedWindowedDStream<TKey, TValue>(stream, reducer, inverseReducer, filter, window, slide ?? stream.SlideDuration, target);
    }

    /// <summary>Every slide, all values of each key over the last <paramref name="window"/>. Shuffles.</summary>
    public static DStream<(TKey Key, IReadOnlyList<TValue> Value)> GroupByKeyAndWindow<TKey, TValue>(
        this DStream<(TKey Key, TValue Value)> stream, TimeSpan window, TimeSpan? slide = null, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Window(window, slide ?? stream.SlideDuration).GroupByKey(partitions, partitioner);
    }
}
